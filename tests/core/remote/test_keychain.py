"""PartnerKeyStore with a real in-memory backend, a failing one, and refused plaintext ones."""

from __future__ import annotations

import keyring.errors
import pytest
from keyring.backend import KeyringBackend
from keyring.backends.chainer import ChainerBackend
from keyring.backends.fail import Keyring as FailKeyring

from booxi_desktop.core.remote.keychain import SERVICE, KeyState, PartnerKeyStore, is_safe_backend

SECRET = "pk_live_0d9a7c3e5b1f2468"


class MemoryKeyring(KeyringBackend):
    priority = 5  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.passwords.get((service, username))

    def set_password(self, service, username, password):
        self.passwords[(service, username)] = password

    def delete_password(self, service, username):
        if self.passwords.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("not found")


class LockedKeyring(MemoryKeyring):
    """A keychain that exists but refuses to store (e.g. the user dismissed the unlock prompt)."""

    def set_password(self, service, username, password):
        raise keyring.errors.KeyringLocked(f"locked while storing {password}")


class PlaintextKeyring(MemoryKeyring):
    """Named like keyrings.alt's file backend, which writes keys in clear."""


def test_store_read_and_forget_per_region():
    backend = MemoryKeyring()
    store = PartnerKeyStore(backend=backend)
    assert store.keychain_available
    assert store.state("na") is KeyState.NONE
    assert store.set("na", f"  {SECRET}\n") is KeyState.STORED
    assert backend.passwords == {(SERVICE, "na"): SECRET}
    assert store.get("na") == SECRET
    assert store.get("eu") is None
    assert store.state("na") is KeyState.STORED
    store.forget("na")
    assert backend.passwords == {}
    assert store.state("na") is KeyState.NONE
    store.forget("na")  # forgetting twice is harmless


def test_a_stored_key_is_found_by_a_new_store():
    backend = MemoryKeyring()
    PartnerKeyStore(backend=backend).set("eu", SECRET)
    assert PartnerKeyStore(backend=backend).get("eu") == SECRET


def test_session_only_keeps_the_key_out_of_the_keychain_and_storing_replaces_it():
    backend = MemoryKeyring()
    store = PartnerKeyStore(backend=backend)
    assert store.set("na", SECRET, session_only=True) is KeyState.SESSION_ONLY
    assert backend.passwords == {}
    assert store.get("na") == SECRET
    assert store.set("na", "replacement-key") is KeyState.STORED
    assert store.state("na") is KeyState.STORED
    assert store.get("na") == "replacement-key"


def test_empty_key_is_refused():
    with pytest.raises(ValueError, match="empty"):
        PartnerKeyStore(backend=MemoryKeyring()).set("na", "   ")


def test_fail_backend_means_session_only():
    store = PartnerKeyStore(backend=FailKeyring())
    assert not store.keychain_available
    assert "session only" in store.last_problem
    assert store.set("na", SECRET) is KeyState.SESSION_ONLY
    assert store.get("na") == SECRET
    assert store.state("na") is KeyState.SESSION_ONLY
    store.forget("na")
    assert store.state("na") is KeyState.NONE


def test_a_keychain_that_refuses_falls_back_to_memory_without_leaking_the_key():
    store = PartnerKeyStore(backend=LockedKeyring())
    assert store.set("na", SECRET) is KeyState.SESSION_ONLY
    assert store.get("na") == SECRET
    assert "KeyringLocked" in store.last_problem
    assert SECRET not in store.last_problem


@pytest.mark.parametrize(
    "backend",
    [FailKeyring(), PlaintextKeyring(), ChainerBackend()],
    ids=["fail", "plaintext", "chainer-of-nothing-usable"],
)
def test_plaintext_and_fail_backends_are_never_used(backend, monkeypatch):
    if isinstance(backend, ChainerBackend):
        monkeypatch.setattr(ChainerBackend, "backends", [FailKeyring(), MemoryKeyring()])
    assert not is_safe_backend(backend)
    store = PartnerKeyStore(backend=backend)
    store.set("na", SECRET)
    assert store.state("na") is KeyState.SESSION_ONLY
    if isinstance(backend, MemoryKeyring):
        assert backend.passwords == {}


def test_the_store_never_shows_the_key_in_its_repr():
    store = PartnerKeyStore(backend=MemoryKeyring())
    store.set("na", SECRET, session_only=True)
    assert SECRET not in repr(store)
    assert SECRET not in str(vars(store).get("last_problem"))


class CountingKeyring(MemoryKeyring):
    def __init__(self) -> None:
        super().__init__()
        self.reads = 0

    def get_password(self, service, username):
        self.reads += 1
        return super().get_password(service, username)


def test_preloaded_keys_are_read_once_and_follow_set_and_forget():
    backend = CountingKeyring()
    backend.passwords[(SERVICE, "na")] = SECRET
    store = PartnerKeyStore(backend=backend)
    store.preload(["na", "eu"])
    assert backend.reads == 2
    assert store.get("na") == SECRET
    assert store.state("eu") is KeyState.NONE
    assert backend.reads == 2  # answered from what was read
    store.set("eu", "pk-eu")
    assert store.get("eu") == "pk-eu"
    store.forget("na")
    assert store.get("na") is None
    assert backend.passwords == {(SERVICE, "eu"): "pk-eu"}


_NO_BUS_PROBE = """
import json, sys
from booxi_desktop.core.remote.keychain import PartnerKeyStore
store = PartnerKeyStore()
print(json.dumps([store.keychain_available, sorted(
    m for m in sys.modules if m.startswith(("cryptography", "secretstorage", "keyring.backends"))
)]))
"""


@pytest.mark.subprocess
def test_without_a_session_bus_the_secret_service_and_cryptography_stay_unloaded(tmp_path):
    import json
    import os
    import subprocess
    import sys

    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR", "PYTHON_KEYRING_BACKEND")
    }
    env["XDG_RUNTIME_DIR"] = str(tmp_path)  # no "bus" socket in it
    result = subprocess.run(
        [sys.executable, "-c", _NO_BUS_PROBE], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    available, loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert available is False  # keys for this session only, as with keyring's fail backend
    assert loaded == ["keyring.backends", "keyring.backends.fail"]


def test_a_backend_chosen_in_keyrings_config_file_or_in_process_is_honoured(tmp_path, monkeypatch):
    from booxi_desktop.core.remote.keychain import _backend_chosen

    no_bus = {"XDG_RUNTIME_DIR": str(tmp_path / "run")}
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)
    assert not _backend_chosen(no_bus)
    config = tmp_path / "config" / "python_keyring" / "keyringrc.cfg"
    config.parent.mkdir(parents=True)
    config.write_text("[backend]\ndefault-keyring=keyrings.cryptfile.cryptfile.CryptFileKeyring\n")
    assert _backend_chosen(no_bus)
    config.unlink()
    assert _backend_chosen({**no_bus, "PYTHON_KEYRING_BACKEND": "some.Backend"})
    monkeypatch.setattr(keyring.core, "_keyring_backend", MemoryKeyring())
    assert _backend_chosen(no_bus)

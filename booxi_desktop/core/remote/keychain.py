"""The partner key per region, in the OS keychain or, failing that, in memory only.

A plaintext or "fail" keyring backend is never used: when no real keychain is
available the key lives for this session only, and callers are told so.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping
from enum import Enum
from pathlib import Path

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from booxi_desktop.core.secret import Secret

SERVICE = "booxi-desktop"

# Backends that would write the key in clear, or cannot store it at all.
_REFUSED_MODULE_PREFIXES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


class KeyState(Enum):
    STORED = "stored"
    SESSION_ONLY = "session only"
    NONE = "none"


def _backends(backend: KeyringBackend) -> list[KeyringBackend]:
    inner = getattr(backend, "backends", None)
    return list(inner) if isinstance(inner, list) and inner else [backend]


def is_safe_backend(backend: KeyringBackend) -> bool:
    usable = [
        b
        for b in _backends(backend)
        if not type(b).__module__.startswith(_REFUSED_MODULE_PREFIXES)
        and "plaintext" not in type(b).__name__.lower()
    ]
    return bool(usable) and len(usable) == len(_backends(backend))


def _no_session_bus(env: Mapping[str, str]) -> bool:
    """True on a Linux-like system where no D-Bus session bus can carry a Secret Service."""
    if sys.platform in ("win32", "darwin") or env.get("DBUS_SESSION_BUS_ADDRESS"):
        return False
    runtime = env.get("XDG_RUNTIME_DIR")
    return not (runtime and Path(runtime, "bus").exists())


def default_backend(env: Mapping[str, str] = os.environ) -> KeyringBackend:
    """The OS keychain keyring would choose, without importing what cannot be used.

    keyring's choice imports its Secret Service backend, which pulls in ``cryptography``
    (tens of MB); with no session bus that backend cannot work anyway, so the answer is
    known without it. A backend chosen elsewhere is honoured: set in this process with
    ``keyring.set_keyring``, named in ``PYTHON_KEYRING_BACKEND`` or in keyring's config file.
    """
    if _no_session_bus(env) and not _backend_chosen(env):
        return _no_keyring()
    return keyring.get_keyring()


def _backend_chosen(env: Mapping[str, str]) -> bool:
    from keyring.util import platform_

    # keyring keeps the backend set by set_keyring() here; it has no public reader for it.
    if getattr(keyring.core, "_keyring_backend", None) is not None:
        return True
    if env.get("PYTHON_KEYRING_BACKEND"):
        return True
    return Path(platform_.config_root(), "keyringrc.cfg").exists()


def _no_keyring() -> KeyringBackend:
    from keyring.backends.fail import Keyring as NoKeyring

    return NoKeyring()  # type: ignore[no-untyped-call]


class PartnerKeyStore:
    """Read, store and forget the partner key of each region.

    Reads are remembered: after :meth:`preload` (in a worker thread) the UI thread asks
    the keychain nothing more to show a key's state.
    """

    def __init__(self, backend: KeyringBackend | None = None, service: str = SERVICE) -> None:
        self._backend = backend if backend is not None else default_backend()
        self._service = service
        self._session: dict[str, str] = {}
        self._read: dict[str, str | None] = {}
        self.last_problem = ""
        self.keychain_available = is_safe_backend(self._backend)
        if not self.keychain_available:
            self.last_problem = (
                f"No secure keychain is available ({type(self._backend).__name__}); "
                "keys are kept for this session only."
            )

    @property
    def backend_name(self) -> str:
        return type(self._backend).__name__

    def preload(self, regions: Iterable[str]) -> None:
        """Read each region's key now, so that later reads need no keychain round trip."""
        for region in regions:
            self.get(region)

    def get(self, region: str) -> str | None:
        if region in self._session:
            return self._session[region]
        if not self.keychain_available:
            return None
        if region in self._read:
            return self._read[region]
        try:
            key = self._backend.get_password(self._service, region)
        except keyring.errors.KeyringError as exc:
            self._note_failure("read", exc)
            return None  # not remembered: the next read tries again
        self._read[region] = key
        return key

    def state(self, region: str) -> KeyState:
        if region in self._session:
            return KeyState.SESSION_ONLY
        return KeyState.STORED if self.get(region) else KeyState.NONE

    def set(self, region: str, key: str, *, session_only: bool = False) -> KeyState:
        """Store the key; fall back to memory when the keychain cannot take it."""
        key = key.strip()
        if not key:
            raise ValueError("the partner key is empty")
        if not Secret(key).is_header_safe():
            raise ValueError(
                "the partner key contains characters a key cannot have (a curly quote, a "
                "dash or a line break picked up when copying it); paste it again"
            )
        if session_only or not self.keychain_available:
            self._session[region] = key
            return KeyState.SESSION_ONLY
        try:
            self._backend.set_password(self._service, region, key)
        except keyring.errors.KeyringError as exc:
            self._note_failure("store", exc)
            self._session[region] = key
            return KeyState.SESSION_ONLY
        self._session.pop(region, None)
        self._read[region] = key
        return KeyState.STORED

    def forget(self, region: str) -> None:
        self._session.pop(region, None)
        self._read.pop(region, None)
        if not self.keychain_available:
            return
        try:
            self._backend.delete_password(self._service, region)
        except keyring.errors.PasswordDeleteError:
            pass
        except keyring.errors.KeyringError as exc:
            self._note_failure("delete", exc)

    def _note_failure(self, action: str, exc: Exception) -> None:
        # The exception's text comes from the backend, never from the key itself.
        self.last_problem = f"The keychain could not {action} the key: {type(exc).__name__}."


def session_only_store() -> PartnerKeyStore:
    """A store that keeps keys in memory only (the keychain could not be opened)."""
    return PartnerKeyStore(_no_keyring())

"""``booxi-link key set|status|forget``: the partner key in the keychain, never on screen."""

from __future__ import annotations

import io
import json

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring

from booxi_desktop.cli.key_commands import NoKeychainError
from booxi_desktop.core.regions import SANDBOX_CODE
from booxi_desktop.core.remote.keychain import SERVICE
from tests.cli.support import ids
from tests.ui.window_helpers import MemoryKeyring


@pytest.fixture
def keychain():
    before = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(before)


def type_in(monkeypatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def test_a_stored_key_is_used_by_the_next_command(cli, keychain, sandbox, monkeypatch):
    monkeypatch.delenv("BOOXI_PARTNER_KEY")
    type_in(monkeypatch, sandbox.demo_key + "\n")
    code, out, err = cli("key", "set")
    assert code == 0, err
    assert out == ""
    assert "stored in the keychain" in err
    assert keychain.passwords[(SERVICE, SANDBOX_CODE)] == sandbox.demo_key
    code, out, _ = cli("get", *ids(sandbox))
    assert code == 0
    assert json.loads(out)["link"]["clientId"] == sandbox.demo_client_id
    code, out, _ = cli("key", "status")
    assert (code, "a key is stored" in out) == (0, True)


def test_forget_removes_the_key(cli, keychain, sandbox, monkeypatch):
    keychain.passwords[(SERVICE, SANDBOX_CODE)] = sandbox.demo_key
    assert cli("key", "forget")[0] == 0
    assert keychain.passwords == {}
    code, out, _ = cli("key", "status")
    assert (code, "no key stored" in out) == (1, True)


@pytest.mark.parametrize("text", ["", "\n", "one\ntwo\n", "x" * 5000, "pk_\u201cquoted\u201d\n"])
def test_a_key_that_cannot_be_one_is_refused_and_nothing_is_stored(
    cli, keychain, monkeypatch, text
):
    type_in(monkeypatch, text)
    code, _, err = cli("key", "set")
    assert code == 2, err
    assert keychain.passwords == {}


def test_without_a_secure_keychain_nothing_is_kept(cli, monkeypatch):
    before = keyring.get_keyring()
    keyring.set_keyring(FailKeyring())
    try:
        type_in(monkeypatch, "pk_live_123\n")
        code, _, err = cli("key", "set")
    finally:
        keyring.set_keyring(before)
    assert code == NoKeychainError.exit_code
    assert "No secure keychain" in err

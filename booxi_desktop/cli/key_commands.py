"""``key``: store, check or forget a region's partner key in the OS keychain.

The key is read from standard input (a prompt without echo on a terminal), never from
the command line, where other users could see it in the process list; nothing prints it.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from booxi_desktop.cli.context import add_target_options, target_from
from booxi_desktop.cli.output import info, say
from booxi_desktop.core.errors import BooxiError, InvalidInputError
from booxi_desktop.core.remote.keychain import KeyState, PartnerKeyStore

# A key is a few dozen characters: more is a file piped in by mistake.
MAX_KEY_CHARS = 4096


class NoKeychainError(BooxiError):
    """No secure keychain: the command line keeps no key between runs."""

    kind = "no_keychain"
    exit_code = 16


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    key = sub.add_parser(
        "key",
        help="store, check or forget the partner key in the OS keychain",
        description="The key is read from standard input, or asked for without echo.",
    )
    actions = key.add_subparsers(dest="key_action", required=True, metavar="ACTION")
    for name, text, handler in (
        ("set", "store the key read from stdin", run_set),
        ("status", "say whether a key is stored, and in which keychain", run_status),
        ("forget", "remove the stored key", run_forget),
    ):
        action = actions.add_parser(name, help=text)
        add_target_options(action)
        action.set_defaults(handler=handler)


def _read_key() -> str:
    if sys.stdin.isatty():
        return getpass.getpass("Partner key: ")
    text = sys.stdin.read(MAX_KEY_CHARS + 1)
    if len(text) > MAX_KEY_CHARS:
        raise InvalidInputError("standard input is too long to be a partner key")
    lines = text.strip().splitlines()
    if len(lines) != 1:
        raise InvalidInputError("give the partner key on one line of standard input")
    return lines[0]


def _backend_label() -> str:
    import keyring

    backend = type(keyring.get_keyring())
    return f"{backend.__module__.rsplit('.', 1)[-1]} {backend.__name__}"


def _secure_store() -> PartnerKeyStore:
    store = PartnerKeyStore()
    if not store.keychain_available:
        raise NoKeychainError(
            store.last_problem,
            advice="Use BOOXI_PARTNER_KEY for this shell, or unlock the desktop's keychain.",
        )
    return store


def run_set(args: argparse.Namespace) -> int:
    region = target_from(args).region
    store = _secure_store()
    try:
        state = store.set(region.code, _read_key())
    except ValueError as exc:
        raise InvalidInputError(str(exc)) from None
    if state is not KeyState.STORED:
        raise NoKeychainError(store.last_problem or "the keychain did not take the key")
    info(f"partner key for {region.label} stored in the keychain ({_backend_label()})")
    return 0


def run_status(args: argparse.Namespace) -> int:
    region = target_from(args).region
    store = _secure_store()
    stored = store.state(region.code) is KeyState.STORED
    where = f"in the keychain ({_backend_label()})"
    say(f"{region.label}: {'a key is stored ' + where if stored else 'no key stored ' + where}")
    return 0 if stored else 1


def run_forget(args: argparse.Namespace) -> int:
    region = target_from(args).region
    _secure_store().forget(region.code)
    info(f"partner key for {region.label} forgotten")
    return 0

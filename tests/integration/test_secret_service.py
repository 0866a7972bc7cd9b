"""The partner key in a real Secret Service (gnome-keyring), as on a Linux desktop.

Runs only when BOOXI_SECRET_SERVICE_TEST=1, inside a throwaway D-Bus session:

    dbus-run-session -- sh -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets;
        BOOXI_SECRET_SERVICE_TEST=1 .venv/bin/pytest tests/integration/test_secret_service.py'
"""

from __future__ import annotations

import os
import uuid

import pytest

from booxi_desktop.core.remote.keychain import SERVICE, KeyState, PartnerKeyStore

pytestmark = [
    pytest.mark.secret_service,
    pytest.mark.skipif(
        os.environ.get("BOOXI_SECRET_SERVICE_TEST") != "1",
        reason="needs a Secret Service: set BOOXI_SECRET_SERVICE_TEST=1 under dbus-run-session",
    ),
]


@pytest.fixture
def backend():
    from keyring.backends.SecretService import Keyring

    keyring = Keyring()
    if keyring.priority <= 0:  # pragma: no cover - only when the daemon is missing
        pytest.fail("Secret Service backend is not usable here")
    return keyring


def test_store_read_replace_and_forget(backend):
    region = f"test-{uuid.uuid4().hex[:8]}"
    key = f"pk_{uuid.uuid4().hex}"
    store = PartnerKeyStore(backend=backend)
    assert store.keychain_available, store.last_problem
    assert store.set(region, key) is KeyState.STORED
    # A new store (a new app run) finds it in the keychain, not in memory.
    again = PartnerKeyStore(backend=backend)
    assert again.state(region) is KeyState.STORED
    assert again.get(region) == key
    assert backend.get_password(SERVICE, region) == key
    again.set(region, key + "-2")
    assert PartnerKeyStore(backend=backend).get(region) == key + "-2"
    again.forget(region)
    assert backend.get_password(SERVICE, region) is None
    assert PartnerKeyStore(backend=backend).state(region) is KeyState.NONE

"""The demo-mode window, built as the entry point builds it."""

from __future__ import annotations

import pytest

from booxi_desktop.core.remote.keychain import PartnerKeyStore
from booxi_desktop.ui import app
from tests.ui.window_helpers import MemoryKeyring


@pytest.fixture
def started(qtbot, qloop, sandbox, monkeypatch):
    backend = MemoryKeyring()
    monkeypatch.setattr(
        "booxi_desktop.ui.session._default_key_store", lambda: PartnerKeyStore(backend=backend)
    )
    windows = []

    def start(demo: bool = True, *, own_receiver: bool = False):
        """``own_receiver``: keep the window's receiver registered (demo mode does it)."""
        window = app.build_window(app.parse_args(["--demo"] if demo else []))
        if demo:
            app.use_sandbox(window, sandbox)
            receiver = window.webhooks.receive.receiver
            assert receiver is not None
            for registration in sandbox.webhooks():
                if registration.url == receiver.url and not own_receiver:
                    sandbox.unregister_webhook(registration.id)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield start
    for window in windows:
        task = qloop.create_task(window.session.aclose())
        qtbot.waitUntil(task.done)
        window.close_discarding()

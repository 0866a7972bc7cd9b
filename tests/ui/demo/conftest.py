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
        """``own_receiver``: the window's receiver takes the bookings, as in demo mode; without
        it, only the endpoints a test registers do."""
        window = app.build_window(app.parse_args(["--demo"] if demo else []))
        if demo:
            if not own_receiver:
                monkeypatch.setattr(app, "_demo_receiver", lambda _window, _sandbox: lambda: None)
            app.use_sandbox(window, sandbox)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield start
    for window in windows:
        window.webhooks.stop_receiving()  # the app's quit would stop it
        task = qloop.create_task(window.session.aclose())
        qtbot.waitUntil(task.done)
        window.close_discarding()

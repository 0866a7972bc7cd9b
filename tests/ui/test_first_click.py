"""The first clicks after start-up: nothing waits for the keychain or the HTTP stack on
the UI thread, and what is pressed before they are ready still happens once they are."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from booxi_desktop.ui.keys.key_dialog import KeyDialog
from booxi_desktop.ui.keys.key_state import CHECKING, SESSION_ONLY
from tests.ui.window_helpers import MemoryKeyring


class SlowKeyring(MemoryKeyring):
    """A keychain that answers only when the test says so (an unlock prompt, a slow D-Bus)."""

    def __init__(self) -> None:
        super().__init__()
        self.answer = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        assert self.answer.wait(10)
        return super().get_password(service, username)


@pytest.fixture
def slow_keychain():
    backend = SlowKeyring()
    yield backend
    backend.answer.set()  # never leave the worker thread waiting


def _checking(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.session.keychain_checking)
    # The sandbox's key is for this session: known without asking the keychain.
    assert window.region_bar.key_state.text() == SESSION_ONLY


def test_the_key_label_says_checking_until_the_keychain_answers(
    qtbot, make_window, slow_keychain
) -> None:
    slow_keychain.passwords[("booxi-desktop", "na")] = "pk-north"
    window = make_window(backend=slow_keychain)
    _checking(qtbot, window)
    window.switch_region("na")
    assert window.region_bar.key_state.text() == CHECKING
    slow_keychain.answer.set()
    qtbot.waitUntil(lambda: window.region_bar.key_state.text() == "Key stored in keychain")


def test_a_load_pressed_before_the_keychain_answered_loads_once_it_has(
    qtbot, make_window, sandbox, slow_keychain
) -> None:
    window = make_window(backend=slow_keychain)
    _checking(qtbot, window)
    qtbot.mouseClick(window.load_bar.load_button, Qt.MouseButton.LeftButton)
    assert window.session.busy  # started at once; it waits for the keychain, not the UI
    assert window.editor.loaded is None
    slow_keychain.answer.set()
    qtbot.waitUntil(lambda: window.editor.loaded is not None and not window.session.busy)
    link = sandbox.get_link(sandbox.demo_client_id, sandbox.demo_module_id)
    assert window.editor.loaded.link.external_id == link["externalId"]
    assert window.editor.model.metadata() == link["metadata"]


def test_the_key_dialog_asked_for_while_the_keychain_is_checked_opens_when_it_answers(
    qtbot, make_window, slow_keychain
) -> None:
    window = make_window(backend=slow_keychain)
    _checking(qtbot, window)

    def shown() -> list[KeyDialog]:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, KeyDialog)]

    qtbot.mouseClick(window.region_bar.key_button, Qt.MouseButton.LeftButton)
    assert not any(d.isVisible() for d in shown())
    slow_keychain.answer.set()
    qtbot.waitUntil(lambda: any(d.isVisible() for d in shown()))
    dialog = next(d for d in shown() if d.isVisible())
    assert "session only" in dialog.state_label.text().lower()
    dialog.reject()


# Records which thread first imported each watched module, then presses Load as a user
# would once the demo ids are filled in, and prints the record when the link is shown.
_FIRST_LOAD = """
import json, sys, threading
WATCHED = ("httpx", "httpcore", "anyio", "h11", "ssl", "certifi", "keyring", "qasync",
           "asyncio", "booxi_desktop.core.remote", "booxi_desktop.sandbox")
imported = {}

class Recorder:
    def find_spec(self, name, path=None, target=None):
        if name.startswith(WATCHED):
            imported.setdefault(name, threading.current_thread().name)
        return None

sys.meta_path.insert(0, Recorder())

from PySide6.QtCore import QTimer
from booxi_desktop.ui import app as entry

_use = entry.use_sandbox

def use_sandbox(window, sandbox):
    _use(window, sandbox)
    QTimer.singleShot(0, window.load_bar.load_button.click)

    def shown():
        if window.editor.loaded is None or window.session.busy:
            QTimer.singleShot(5, shown)
            return
        print("IMPORTED " + json.dumps(imported), flush=True)
        window.close_discarding()

    QTimer.singleShot(5, shown)

entry.use_sandbox = use_sandbox
sys.exit(entry.main(["--demo"]))
"""


@pytest.mark.subprocess
def test_start_up_and_the_first_load_import_no_network_stack_on_the_ui_thread(
    tmp_path: Path,
) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[var] = str(tmp_path / var.lower())
    result = subprocess.run(
        [sys.executable, "-c", _FIRST_LOAD], capture_output=True, text=True, env=env, timeout=60
    )
    lines = [x for x in result.stdout.splitlines() if x.startswith("IMPORTED ")]
    assert result.returncode == 0, result.stderr
    assert lines, result.stderr
    imported = json.loads(lines[-1][len("IMPORTED ") :])
    assert {"httpx", "ssl", "qasync", "booxi_desktop.core.remote.client"} <= set(imported)
    on_ui_thread = sorted(name for name, thread in imported.items() if thread == "MainThread")
    assert on_ui_thread == []


class BrokenKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError("the keychain daemon went away")


def test_a_keychain_that_fails_to_open_leaves_keys_for_this_session(qtbot, make_window) -> None:
    window = make_window(backend=BrokenKeyring())
    qtbot.waitUntil(lambda: window.region_bar.key_state.text() == "Key for this session only")
    assert not window.session.key_store.keychain_available
    window.switch_region("na")
    assert window.region_bar.key_state.text() == "No key"


def test_the_sandbox_builds_no_tls_context_and_an_https_region_builds_it_beforehand(
    qtbot, qloop, make_window
) -> None:
    from booxi_desktop.core.remote import client

    client._shared_ssl_context.cache_clear()
    window = make_window()
    sandbox_code = window.region_bar.current
    task = qloop.create_task(window.session.ready_client(sandbox_code))
    qtbot.waitUntil(task.done)
    assert task.result().region.base_url.startswith("http://")
    assert client._shared_ssl_context.cache_info().currsize == 0  # no CA bundle read
    window.switch_region("na")
    # Built in the background on the switch, before any request needs it.
    qtbot.waitUntil(lambda: client._shared_ssl_context.cache_info().currsize == 1)


class CountingKeyring(MemoryKeyring):
    """Counts every read: the keychain was opened when it was asked for a key."""

    def __init__(self) -> None:
        super().__init__()
        self.reads = 0

    def get_password(self, service: str, username: str) -> str | None:
        self.reads += 1
        return super().get_password(service, username)


def test_demo_mode_opens_the_keychain_only_when_a_region_may_keep_its_key_there(
    qtbot, make_window, sandbox
) -> None:
    keychain = CountingKeyring()
    keychain.passwords[("booxi-desktop", "na")] = "pk-north"
    window = make_window(backend=keychain, keychain_on_demand=True)
    sandbox_region = window.region_bar.current
    qtbot.mouseClick(window.load_bar.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.editor.loaded is not None and not window.session.busy)
    # The sandbox's key is for this session: loading with it needed no keychain.
    assert window.region_bar.key_state.text() == SESSION_ONLY
    assert keychain.reads == 0
    assert window.session.keychain_deferred
    window.switch_region("na")
    # Opened in the background on the switch; the label says so meanwhile.
    qtbot.waitUntil(lambda: window.region_bar.key_state.text() == "Key stored in keychain")
    assert keychain.reads > 0
    window.switch_region(sandbox_region)
    assert window.region_bar.key_state.text() == SESSION_ONLY  # the demo key still in use


def test_in_demo_mode_the_key_dialog_opens_once_the_keychain_is_read(qtbot, make_window) -> None:
    keychain = CountingKeyring()
    window = make_window(backend=keychain, keychain_on_demand=True)

    def shown() -> list[KeyDialog]:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, KeyDialog)]

    assert keychain.reads == 0
    qtbot.mouseClick(window.region_bar.key_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in shown()))
    assert keychain.reads > 0
    dialog = next(d for d in shown() if d.isVisible())
    assert "session only" in dialog.state_label.text().lower()
    assert dialog.session_only_box.isEnabled()  # the keychain is there to keep a key in
    dialog.reject()

"""Unsaved edits survive a crash: drafts through the window, and a real kill -9 of the app."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from window_helpers import Prompts, edit_value, load, server_rows, window_factory

from booxi_desktop.core.drafts import Draft, DraftJournal, DraftKey
from booxi_desktop.core.model import ClientModuleLink
from booxi_desktop.ui.draft_restore_dialog import DraftRestoreDialog
from booxi_desktop.ui.unsaved_prompt import Choice

HERE = Path(__file__).parent


@pytest.fixture
def journal(tmp_path) -> DraftJournal:
    return DraftJournal(tmp_path / "drafts")


@pytest.fixture
def make_window(qtbot, qloop, sandbox, tmp_path, journal):
    with window_factory(qtbot, qloop, sandbox, tmp_path) as make:

        def build(**options):
            window = make(drafts=journal, **options)
            window.drafts.keeper._timer.setInterval(20)
            return window

        yield build


def key_of(sandbox) -> DraftKey:
    return DraftKey("sandbox", sandbox.demo_client_id, sandbox.demo_module_id)


def test_edits_are_journaled_and_a_save_removes_the_draft(qtbot, make_window, sandbox, journal):
    window = make_window()
    load(qtbot, window)
    edit_value(window, 0, "draft me")
    qtbot.waitUntil(lambda: journal.get(key_of(sandbox)) is not None)
    assert journal.get(key_of(sandbox)).rows[0][1] == "draft me"
    window.save()
    qtbot.waitUntil(lambda: not window.session.busy and not window.isWindowModified())
    assert journal.get(key_of(sandbox)) is None


def test_undoing_back_to_the_server_copy_removes_the_draft(qtbot, make_window, sandbox, journal):
    window = make_window()
    load(qtbot, window)
    edit_value(window, 0, "temporary")
    qtbot.waitUntil(lambda: journal.get(key_of(sandbox)) is not None)
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: journal.get(key_of(sandbox)) is None)


def test_discarding_in_the_prompt_removes_the_draft(qtbot, make_window, sandbox, journal):
    window = make_window(ask=Prompts(Choice.DISCARD))
    load(qtbot, window)
    edit_value(window, 0, "throw away")
    qtbot.waitUntil(lambda: journal.get(key_of(sandbox)) is not None)
    window.request_load(sandbox.demo_client_id, sandbox.demo_module_id)
    qtbot.waitUntil(lambda: not window.session.busy and not window.isWindowModified())
    assert journal.get(key_of(sandbox)) is None


def test_loading_a_link_does_not_drop_a_draft_from_an_earlier_run(
    qtbot, make_window, sandbox, journal
):
    journal.save(Draft(key_of(sandbox), "X", [("a", "b")], None))
    window = make_window()
    load(qtbot, window)
    assert journal.get(key_of(sandbox)) is not None


def restore_through_dialog(qtbot, window):
    window.drafts.offer_restore()
    qtbot.waitUntil(lambda: window.findChild(DraftRestoreDialog) is not None)
    dialog = window.findChild(DraftRestoreDialog)
    restore_button, _discard = dialog.row_buttons(0)
    qtbot.mouseClick(restore_button, Qt.MouseButton.LeftButton)


def test_a_draft_from_an_earlier_run_is_restored_as_one_undoable_step(
    qtbot, make_window, sandbox, journal
):
    server = sandbox.get_link(sandbox.demo_client_id, sandbox.demo_module_id)
    base = ClientModuleLink.from_json(server)
    rows = [*list(base.metadata.items()), ("newKey", "from the draft")]
    journal.save(Draft(key_of(sandbox), "DRAFT-EXT", rows, base))
    window = make_window()
    restore_through_dialog(qtbot, window)
    qtbot.waitUntil(lambda: window.editor.model.rows() == rows)
    assert window.editor.external_id() == "DRAFT-EXT"
    assert window.isWindowModified()
    window.undo_stack.undo()
    assert window.editor.model.rows() == list(base.metadata.items())
    assert window.editor.external_id() == base.external_id


def test_a_draft_is_re_applied_when_the_server_changed_since(qtbot, make_window, sandbox, journal):
    server = sandbox.get_link(sandbox.demo_client_id, sandbox.demo_module_id)
    base = ClientModuleLink.from_json(server)
    first_key = next(iter(base.metadata))
    mine = dict(base.metadata) | {first_key: "mine"}
    journal.save(Draft(key_of(sandbox), base.external_id, list(mine.items()), base))
    theirs = dict(base.metadata) | {"theirKey": "theirs"}
    sandbox.put_link_direct(sandbox.demo_client_id, sandbox.demo_module_id, "T", theirs)

    window = make_window()
    restore_through_dialog(qtbot, window)
    qtbot.waitUntil(lambda: window.editor.model.metadata().get(first_key) == "mine")
    merged = window.editor.model.metadata()
    assert merged["theirKey"] == "theirs"
    assert window.editor.external_id() == "T"
    assert "changed on the server since this draft" in window.banner.text


@pytest.mark.subprocess
def test_edits_survive_a_kill_9_of_the_running_app(qtbot, make_window, sandbox, journal, tmp_path):
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        CRASH_BASE_URL=sandbox.base_url,
        CRASH_KEY=sandbox.demo_key,
        CRASH_DRAFTS=str(journal.root),
        CRASH_CLIENT=str(sandbox.demo_client_id),
        CRASH_MODULE=sandbox.demo_module_id,
    )
    app = subprocess.Popen(
        [sys.executable, str(HERE / "crash_app.py")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = app.stdout.readline()
        assert line.strip() == "EDITED", app.stderr.read()
        # The edit was made through the table; wait for the debounced journal write.
        qtbot.waitUntil(lambda: journal.get(key_of(sandbox)) is not None, timeout=10000)
        os.kill(app.pid, signal.SIGKILL)
        app.wait(timeout=10)
    finally:
        if app.poll() is None:
            app.kill()
    assert app.returncode == -signal.SIGKILL
    before = server_rows(sandbox)
    assert ("crashKey", "typed before the crash") not in before

    window = make_window()
    restore_through_dialog(qtbot, window)
    qtbot.waitUntil(lambda: window.editor.model.metadata().get("crashKey") is not None)
    assert window.editor.model.metadata()["crashKey"] == "typed before the crash"
    assert window.editor.external_id() == "CRASH-EXT"
    window.undo_stack.undo()
    assert window.editor.model.rows() == before

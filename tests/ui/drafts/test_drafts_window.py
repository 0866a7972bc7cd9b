"""Unsaved edits survive a crash: drafts through the window, restored at the next start."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from booxi_desktop.core.link.model import ClientModuleLink
from booxi_desktop.core.storage.drafts import Draft, DraftJournal, DraftKey
from booxi_desktop.ui.drafts.restore_dialog import DraftRestoreDialog
from booxi_desktop.ui.save.unsaved_prompt import Choice
from tests.ui.window_helpers import Prompts, edit_value, load, window_factory


@pytest.fixture
def journal(tmp_path) -> DraftJournal:
    """Another window's journal on the same folder, to plant drafts "from last time"."""
    return DraftJournal(tmp_path / "drafts")


def plant(journal: DraftJournal, draft: Draft) -> None:
    """A draft of a window that is gone: written, then its lock let go."""
    journal.save(draft)
    journal.release()


@pytest.fixture
def make_window(qtbot, qloop, sandbox, tmp_path):
    with window_factory(qtbot, qloop, sandbox, tmp_path) as make:

        def build(**options):
            options.setdefault("drafts", DraftJournal(tmp_path / "drafts"))
            window = make(**options)
            window.drafts.keeper._timer.setInterval(20)
            return window

        yield build


def key_of(sandbox) -> DraftKey:
    return DraftKey("sandbox", sandbox.demo_client_id, sandbox.demo_module_id)


def test_edits_are_journaled_and_a_save_removes_the_draft(qtbot, make_window, sandbox):
    window = make_window()
    journal = window.drafts.journal
    load(qtbot, window)
    edit_value(window, 0, "draft me")
    qtbot.waitUntil(lambda: journal.get(key_of(sandbox)) is not None)
    assert journal.get(key_of(sandbox)).rows[0][1] == "draft me"
    window.saves.save()
    qtbot.waitUntil(lambda: not window.session.busy and not window.isWindowModified())
    assert journal.get(key_of(sandbox)) is None


def test_undoing_back_to_the_server_copy_removes_the_draft(qtbot, make_window, sandbox):
    window = make_window()
    journal = window.drafts.journal
    load(qtbot, window)
    edit_value(window, 0, "temporary")
    qtbot.waitUntil(lambda: journal.get(key_of(sandbox)) is not None)
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: journal.get(key_of(sandbox)) is None)


def test_discarding_in_the_prompt_removes_the_draft(qtbot, make_window, sandbox):
    window = make_window(ask=Prompts(Choice.DISCARD))
    journal = window.drafts.journal
    load(qtbot, window)
    edit_value(window, 0, "throw away")
    qtbot.waitUntil(lambda: journal.get(key_of(sandbox)) is not None)
    window.open_link(sandbox.demo_client_id, sandbox.demo_module_id)
    qtbot.waitUntil(lambda: not window.session.busy and not window.isWindowModified())
    assert journal.get(key_of(sandbox)) is None


def test_loading_a_link_does_not_drop_a_draft_from_an_earlier_run(
    qtbot, make_window, sandbox, journal
):
    plant(journal, Draft(key_of(sandbox), "X", [("a", "b")], None))
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
    plant(journal, Draft(key_of(sandbox), "DRAFT-EXT", rows, base))
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
    plant(journal, Draft(key_of(sandbox), base.external_id, list(mine.items()), base))
    theirs = dict(base.metadata) | {"theirKey": "theirs"}
    sandbox.put_link_direct(sandbox.demo_client_id, sandbox.demo_module_id, "T", theirs)

    window = make_window()
    restore_through_dialog(qtbot, window)
    qtbot.waitUntil(lambda: window.editor.model.metadata().get(first_key) == "mine")
    merged = window.editor.model.metadata()
    assert merged["theirKey"] == "theirs"
    assert window.editor.external_id() == "T"
    assert "changed on the server since this draft" in window.banner.text

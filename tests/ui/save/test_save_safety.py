"""Review before save, conflicts and backups, through the window against a live sandbox."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from booxi_desktop.core.storage.backups import BackupStore
from booxi_desktop.ui.save.conflict_dialog import ConflictDialog
from booxi_desktop.ui.save.review_dialog import ReviewDialog
from booxi_desktop.ui.save.steps import review_in_dialog
from tests.ui.window_helpers import edit_value, load, puts, server_rows


def open_dialog(qtbot, window, kind):
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(kind)))
    return next(d for d in window.findChildren(kind) if d.isVisible())


def test_the_review_lists_deletions_and_cancel_sends_nothing(qtbot, make_window, sandbox):
    window = make_window(review=review_in_dialog)
    load(qtbot, window)
    window.editor.select_rows([0])
    window.editor.remove_selected()
    deleted_key = window.editor.model.baseline()[0][0]
    window.saves.save()
    dialog = open_dialog(qtbot, window, ReviewDialog)
    assert deleted_key in dialog.deletion_label.text()
    assert dialog.cancel_button.isDefault()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert puts(sandbox) == 0
    assert window.isWindowModified()

    window.saves.save()
    dialog = open_dialog(qtbot, window, ReviewDialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: puts(sandbox) == 1 and not window.session.busy)
    assert deleted_key not in dict(server_rows(sandbox))
    assert not window.isWindowModified()


def test_a_change_by_someone_else_is_not_overwritten_and_can_be_reapplied(
    qtbot, make_window, sandbox
):
    window = make_window()
    load(qtbot, window)
    key = window.editor.model.rows()[0][0]
    edit_value(window, 0, "mine")
    # Another user of the API changes a different key and adds one meanwhile.
    server = dict(server_rows(sandbox))
    other_key = next(k for k in server if k != key)
    server[other_key] = "theirs"
    server["addedByThem"] = "x"
    sandbox.put_link_direct(sandbox.demo_client_id, sandbox.demo_module_id, "EXT-9", server)

    window.saves.save()
    dialog = open_dialog(qtbot, window, ConflictDialog)
    assert puts(sandbox) == 0
    assert "changed on the server" in window.banner.text
    qtbot.mouseClick(dialog.reapply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.editor.model.metadata().get("addedByThem") == "x")
    merged = window.editor.model.metadata()
    assert merged[key] == "mine"
    assert merged[other_key] == "theirs"
    assert window.editor.external_id() == "EXT-9"
    assert window.isWindowModified()
    # The re-applied edits are one step: undo gives the server's copy.
    window.undo_stack.undo()
    assert window.editor.model.metadata()[key] == server[key]
    window.undo_stack.redo()

    window.saves.save()
    qtbot.waitUntil(lambda: puts(sandbox) == 1 and not window.session.busy)
    saved = dict(server_rows(sandbox))
    assert saved[key] == "mine"
    assert saved[other_key] == "theirs"
    assert saved["addedByThem"] == "x"


def test_overwrite_anyway_needs_a_second_confirmation(qtbot, make_window, sandbox):
    window = make_window()
    load(qtbot, window)
    edit_value(window, 0, "mine")
    sandbox.put_link_direct(sandbox.demo_client_id, sandbox.demo_module_id, "THEIRS", {"a": "b"})
    window.saves.save()
    dialog = open_dialog(qtbot, window, ConflictDialog)
    qtbot.mouseClick(dialog.overwrite_button, Qt.MouseButton.LeftButton)
    confirm = open_dialog(qtbot, dialog, QMessageBox)
    assert puts(sandbox) == 0
    confirm_button = confirm.findChild(object, "confirmOverwriteButton")
    qtbot.mouseClick(confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: puts(sandbox) == 1 and not window.session.busy)
    assert dict(server_rows(sandbox)) == window.editor.model.metadata()
    assert window.editor.model.metadata()[window.editor.model.rows()[0][0]] == "mine"


def test_an_unwritable_backup_folder_blocks_the_save(qtbot, make_window, sandbox, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the backups folder should be")
    window = make_window(backups=BackupStore(blocker / "backups"))
    load(qtbot, window)
    edit_value(window, 0, "kept")
    before = server_rows(sandbox)
    window.saves.save()
    qtbot.waitUntil(lambda: window.banner.isVisible() and not window.session.busy)
    assert "could not be backed up" in window.banner.text
    assert "Nothing was changed on the server" in window.banner.text
    assert puts(sandbox) == 0
    assert server_rows(sandbox) == before
    assert window.editor.model.rows()[0][1] == "kept"


def test_every_save_leaves_a_backup_of_the_previous_server_copy(
    qtbot, make_window, sandbox, tmp_path
):
    store = BackupStore(tmp_path / "backups")
    window = make_window(backups=store)
    load(qtbot, window)
    before = sandbox.get_link(sandbox.demo_client_id, sandbox.demo_module_id)
    edit_value(window, 0, "v1")
    window.saves.save()
    qtbot.waitUntil(lambda: puts(sandbox) == 1 and not window.session.busy)
    entries = store.list("sandbox", sandbox.demo_client_id, sandbox.demo_module_id).entries
    assert len(entries) == 1
    assert entries[0].link.to_json()["metadata"] == before["metadata"]
    saved = json.loads(entries[0].path.read_text())
    assert "client" not in saved
    assert str(entries[0].path) in window.statusBar().currentMessage()

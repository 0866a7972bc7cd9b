"""The main window against a live sandbox: load, edit in place, paste, undo/redo, save."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit

from booxi_desktop.core.link.model import parse_datetime
from booxi_desktop.ui.editor.metadata_model import ChangedRole, IssueRole
from tests.ui.window_helpers import load, server_rows

AUTOMATION_NAMES = [
    "regionCombo",
    "keyButton",
    "clientIdEdit",
    "moduleIdEdit",
    "loadButton",
    "cancelButton",
]
# Built with the editor, when the first link is shown.
EDITOR_AUTOMATION_NAMES = [
    "externalIdEdit",
    "metadataTable",
    "addRowButton",
    "removeRowButton",
    "saveButton",
]


def test_every_control_has_an_object_name_an_accessible_name_and_a_tooltip(qtbot, make_window):
    window = make_window()
    assert window.findChild(object, EDITOR_AUTOMATION_NAMES[0]) is None
    for name in AUTOMATION_NAMES:
        widget = window.findChild(object, name)
        assert widget is not None, name
        assert widget.accessibleName(), name
        assert widget.toolTip(), name
    load(qtbot, window)
    for name in AUTOMATION_NAMES + EDITOR_AUTOMATION_NAMES:
        widget = window.findChild(object, name)
        assert widget is not None, name
        assert widget.accessibleName(), name
        assert widget.toolTip(), name


def test_load_shows_the_servers_link(qtbot, make_window, sandbox):
    window = make_window()
    load(qtbot, window)
    server = sandbox.get_link(sandbox.demo_client_id, sandbox.demo_module_id)
    assert window.editor.model.rows() == list(server["metadata"].items())
    assert window.editor.external_edit.text() == server["externalId"]
    assert "Émilie Tremblay" in window.editor.client_label.text()
    assert "emilie.tremblay@example.com" in window.editor.client_label.text()
    modified = parse_datetime(server["modifiedOn"]).astimezone()
    assert modified.strftime("%Y-%m-%d %H:%M:%S") in window.editor.dates_label.text()
    assert not window.isWindowModified()
    assert "3104187" in window.windowTitle()


def test_enter_in_the_client_id_field_loads(qtbot, make_window):
    window = make_window()
    qtbot.keyClick(window.load_bar.client_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.editor.loaded is not None)


def test_client_id_takes_positive_whole_numbers_only(qtbot, make_window):
    window = make_window()
    edit = window.findChild(QLineEdit, "clientIdEdit")
    edit.clear()
    qtbot.keyClicks(edit, "0-1a2.5")
    assert edit.text() == "125"
    edit.clear()
    assert not window.load_bar.load_button.isEnabled()


def test_module_ids_loaded_are_remembered_and_cegid_y2_is_offered(qtbot, make_window, sandbox):
    window = make_window()
    combo = window.load_bar.module_edit
    assert "cegid_y2" in [combo.itemText(i) for i in range(combo.count())]
    window.load_bar.set_ids(sandbox.demo_client_id, "acme_crm")
    load(qtbot, window)
    assert window.settings.recent_modules()[0] == "acme_crm"
    assert combo.itemText(0) == "acme_crm"


def test_edit_in_place_marks_the_cell_and_the_title(qtbot, make_window):
    window = make_window()
    load(qtbot, window)
    table = window.editor.table
    index = window.editor.model.index(0, 1)
    table.setCurrentIndex(index)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.viewport().findChild(QLineEdit)
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, "edited")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits on Return through a queued call.
    qtbot.waitUntil(lambda: window.editor.model.rows()[0][1] == "edited")
    assert index.data(ChangedRole) is True
    assert window.isWindowModified()
    assert window.editor.save_button.isEnabled()
    assert window.undo_stack.count() == 1


def test_edit_then_save_changes_the_server_and_keeps_the_history(qtbot, make_window, sandbox):
    window = make_window()
    load(qtbot, window)
    model = window.editor.model
    model.setData(model.index(1, 1), "platinum")
    qtbot.mouseClick(window.editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dict(server_rows(sandbox)).get("loyaltyTier") == "platinum")
    qtbot.waitUntil(lambda: not window.session.busy)
    assert not window.isWindowModified()
    assert window.undo_stack.isClean()
    assert not model.is_modified()
    assert model.index(1, 1).data(ChangedRole) is False
    assert "backed up to" in window.statusBar().currentMessage()
    assert list((window.backup_store().root).rglob("*.json"))
    # The history survives a save: undoing goes back to the old value, now unsaved.
    window.window_actions.undo.trigger()
    assert model.rows()[1][1] == "gold"
    assert window.isWindowModified()


def test_ctrl_s_saves(qtbot, make_window, sandbox):
    window = make_window()
    load(qtbot, window)
    window.editor.external_edit.setFocus()
    window.editor.external_edit.end(False)
    qtbot.keyClicks(window.editor.external_edit, "-2")
    expected = window.editor.external_id()
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: (
            sandbox.get_link(sandbox.demo_client_id, sandbox.demo_module_id)["externalId"]
            == expected
        )
    )


def test_external_id_typing_is_one_undo_step_and_ctrl_z_reaches_the_stack(qtbot, make_window):
    window = make_window()
    load(qtbot, window)
    edit = window.editor.external_edit
    original = edit.text()
    edit.setFocus()
    edit.end(False)
    qtbot.keyClicks(edit, "XYZ")
    assert edit.text() == original + "XYZ"
    assert window.undo_stack.count() == 1
    qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert edit.text() == original
    assert not window.isWindowModified()
    window.window_actions.redo.trigger()
    assert edit.text() == original + "XYZ"


def test_paste_several_rows_is_one_undo_step(qtbot, make_window):
    window = make_window()
    load(qtbot, window)
    model = window.editor.model
    before = model.rows()
    QGuiApplication.clipboard().setText("colour\tblue\nsize\tM\n")
    window.editor.table.setCurrentIndex(model.index(len(before) - 1, 0))
    window.editor.table.setFocus()
    qtbot.keyClick(window.editor.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert model.rows() == [*before, ("colour", "blue"), ("size", "M")]
    assert window.undo_stack.count() == 1
    window.window_actions.undo.trigger()
    assert model.rows() == before
    window.window_actions.redo.trigger()
    assert model.rows()[-2:] == [("colour", "blue"), ("size", "M")]


def test_copy_selected_rows(qtbot, make_window):
    window = make_window()
    load(qtbot, window)
    rows = window.editor.model.rows()
    window.editor.select_rows([0, 2])
    window.editor.table.setFocus()
    qtbot.keyClick(window.editor.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QGuiApplication.clipboard().text().splitlines()
    assert lines == [f"{rows[0][0]}\t{rows[0][1]}", f"{rows[2][0]}\t{rows[2][1]}"]


def test_add_and_remove_rows_with_undo(qtbot, make_window):
    window = make_window()
    load(qtbot, window)
    model = window.editor.model
    before = model.rows()
    assert not window.editor.remove_button.isEnabled()
    qtbot.mouseClick(window.editor.add_button, Qt.MouseButton.LeftButton)
    assert model.rowCount() == len(before) + 1
    # An empty key is an error: Save is refused until it is fixed.
    assert not window.editor.save_button.isEnabled()
    assert "empty" in window.editor.save_button.toolTip()
    window.editor.select_rows([0, 1])
    qtbot.mouseClick(window.editor.remove_button, Qt.MouseButton.LeftButton)
    assert model.rows() == [*before[2:], ("", "")]
    window.window_actions.undo.trigger()
    window.window_actions.undo.trigger()
    assert model.rows() == before
    assert not window.isWindowModified()


def test_duplicate_key_blocks_save_and_says_why(qtbot, make_window, sandbox):
    window = make_window()
    load(qtbot, window)
    model = window.editor.model
    model.setData(model.index(1, 0), model.rows()[0][0])
    assert model.index(1, 0).data(IssueRole) == "error"
    # The summary and the buttons follow once the edit has settled (one event-loop turn).
    qtbot.waitUntil(lambda: "duplicate key" in window.editor.summary_label.text())
    assert not window.editor.save_button.isEnabled()
    assert "duplicate key" in window.editor.save_button.toolTip()
    assert "duplicate key" in window.editor.summary_label.text()
    before = sandbox.request_log
    window.saves.save()  # Ctrl+S is refused too, with a message, and nothing is sent
    assert "Not saved" in window.banner.text
    assert sandbox.request_log == before


def test_a_warning_does_not_block_save(qtbot, make_window, sandbox):
    window = make_window()
    load(qtbot, window)
    model = window.editor.model
    model.setData(model.index(0, 1), "x" * 600)
    assert model.index(0, 1).data(IssueRole) == "warning"
    qtbot.waitUntil(lambda: "warning" in window.editor.summary_label.text())
    assert window.editor.save_button.isEnabled()


def test_undo_history_panel_lists_commands_and_hides_and_comes_back(qtbot, make_window):
    window = make_window()
    load(qtbot, window)
    model = window.editor.model
    model.setData(model.index(0, 1), "a")
    actions = window.window_actions
    panel, toggle = actions.history, actions.history.toggle_action
    assert panel.isVisible()
    assert toggle.isChecked()
    assert panel.width() >= 180
    assert actions.undo_view.model().rowCount() == 2  # the empty state and one command
    qtbot.mouseClick(panel.close_button, Qt.MouseButton.LeftButton)
    assert not panel.isVisible()
    assert not toggle.isChecked()
    assert window.editor.width() > 0
    toggle.trigger()  # View → Undo history, Ctrl+H, or the toolbar button
    assert panel.isVisible()
    assert toggle.isChecked()
    assert toggle in window.window_actions.view_menu.actions()
    assert toggle.shortcut().toString() == "Ctrl+H"


def test_the_window_stays_usable_while_a_request_runs(qtbot, make_window, sandbox):
    window = make_window()
    sandbox.faults.latency_s = 1.0
    qtbot.mouseClick(window.load_bar.load_button, Qt.MouseButton.LeftButton)
    assert window.session.busy
    assert window.load_bar.cancel_button.isEnabled()
    assert not window.load_bar.load_button.isEnabled()
    qtbot.waitUntil(window.load_bar.busy.isVisible)
    assert window.region_bar.combo.isEnabled()
    assert window.load_bar.client_edit.isEnabled()
    assert window.window_actions.history.toggle_action.isEnabled()
    qtbot.waitUntil(lambda: window.editor.loaded is not None, timeout=5000)
    qtbot.waitUntil(lambda: not window.load_bar.busy.isVisible())


def test_the_editor_refuses_edits_while_a_save_runs(qtbot, make_window, sandbox):
    window = make_window()
    load(qtbot, window)
    model = window.editor.model
    model.setData(model.index(0, 1), "saving")
    sandbox.faults.latency_s = 0.5
    window.saves.save()
    editor = window.editor
    assert editor.external_edit.isReadOnly()
    assert editor.table.editTriggers() == editor.table.EditTrigger.NoEditTriggers
    assert not editor.add_button.isEnabled()
    assert not window.window_actions.undo.isEnabled()
    assert not editor.save_button.isEnabled()
    qtbot.waitUntil(lambda: not window.session.busy, timeout=5000)
    assert not editor.external_edit.isReadOnly()
    assert editor.add_button.isEnabled()
    assert window.window_actions.undo.isEnabled()

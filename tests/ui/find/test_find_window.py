"""Find client by external id, through the real window and the sandbox."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from booxi_desktop.ui.find.dialog import FindDialog
from booxi_desktop.ui.save.unsaved_prompt import Choice
from tests.ui.window_helpers import Prompts, edit_value, idle, load

OTHER_CLIENT, OTHER_EXTERNAL_ID = 3104188, "Y2-000517"


def searches(sandbox) -> list[str]:
    return [path for method, path, _ in sandbox.request_log if "/client?" in path]


def open_find(qtbot, window) -> FindDialog:
    window.finder.action.trigger()
    dialog = window.finder.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def find(qtbot, dialog: FindDialog, external_id: str, module_id: str | None = None) -> None:
    if module_id is not None:
        dialog.module_edit.setText(module_id)
    dialog.external_edit.setText(external_id)
    qtbot.mouseClick(dialog.find_button, Qt.MouseButton.LeftButton)


def test_the_action_is_in_the_file_menu_with_ctrl_f(make_window) -> None:
    window = make_window()
    action = window.finder.action
    assert action in window.window_actions.file_menu.actions()
    assert action.shortcut().toString() == "Ctrl+F"
    assert action.toolTip()
    assert window.curl.action in window.window_actions.edit_menu.actions()


def test_find_shows_the_client_and_opening_the_row_loads_its_link(qtbot, make_window) -> None:
    window = make_window()
    dialog = open_find(qtbot, window)
    assert dialog.module_edit.text() == window.load_bar.module_id()
    find(qtbot, dialog, OTHER_EXTERNAL_ID)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    assert [dialog.model.data(dialog.model.index(0, c)) for c in range(4)] == [
        "Marc Gagnon",
        "marc.gagnon@example.com",
        str(OTHER_CLIENT),
        OTHER_EXTERNAL_ID,
    ]
    assert "only the first matches" in dialog.message.text()
    dialog.open_button.click()
    qtbot.waitUntil(lambda: window.editor.loaded is not None)
    assert window.editor.loaded.link.client_id == OTHER_CLIENT
    assert window.load_bar.client_id() == OTHER_CLIENT


def test_nothing_matched_is_said_plainly(qtbot, make_window) -> None:
    window = make_window()
    dialog = open_find(qtbot, window)
    find(qtbot, dialog, "NOBODY-1")
    qtbot.waitUntil(lambda: dialog.message.text().startswith("No client matched"))
    assert "only the first matches" in dialog.message.text()
    assert dialog.model.rowCount() == 0


@pytest.mark.parametrize(
    ("module_id", "external_id", "says"),
    [
        ("cegid_y2", "", "external id is empty"),
        ("cegid_y2", "x" * 500, "500 characters"),
        ("cegid/y2", "Y2-1", "/"),
        ("cegid_y2?a=1", "Y2-1", "?"),
        ("cegid_y2#a", "Y2-1", "#"),
    ],
)
def test_hostile_input_is_refused_and_nothing_is_sent(
    qtbot, make_window, sandbox, module_id, external_id, says
) -> None:
    window = make_window()
    dialog = open_find(qtbot, window)
    find(qtbot, dialog, external_id, module_id)
    assert dialog.message.text().startswith("Not searched:")
    assert says in dialog.message.text()
    assert "Nothing was sent" in dialog.message.text()
    assert not window.session.busy
    assert searches(sandbox) == []


def test_cancel_stops_the_search(qtbot, make_window, sandbox) -> None:
    window = make_window()
    dialog = open_find(qtbot, window)
    sandbox.faults.latency_s = 3.0
    find(qtbot, dialog, OTHER_EXTERNAL_ID)
    qtbot.waitUntil(dialog.cancel_button.isEnabled)
    assert not dialog.find_button.isEnabled()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.text() == "Search cancelled.")
    sandbox.faults.latency_s = 0.0
    assert dialog.model.rowCount() == 0
    assert dialog.find_button.isEnabled()


def test_a_malformed_answer_is_shown_as_an_error(qtbot, make_window, sandbox) -> None:
    window = make_window()
    dialog = open_find(qtbot, window)
    sandbox.faults.huge_body_bytes = 3_000_000
    find(qtbot, dialog, OTHER_EXTERNAL_ID)
    qtbot.waitUntil(lambda: "search answer" in dialog.message.text())
    assert dialog.model.rowCount() == 0
    idle(qtbot, window)


def test_with_unsaved_edits_opening_a_row_asks_first(qtbot, make_window, sandbox) -> None:
    prompts = Prompts(Choice.CANCEL)
    window = make_window(ask=prompts)
    load(qtbot, window)
    edit_value(window, 0, "edited")
    dialog = open_find(qtbot, window)
    find(qtbot, dialog, OTHER_EXTERNAL_ID)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    dialog.open_button.click()
    assert prompts.asked == ["loading another link"]
    assert window.editor.loaded.link.client_id == sandbox.demo_client_id
    assert window.editor.is_modified()


def test_enter_on_a_row_opens_its_link(qtbot, make_window) -> None:
    window = make_window()
    dialog = open_find(qtbot, window)
    find(qtbot, dialog, OTHER_EXTERNAL_ID)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1 and not window.session.busy)
    enter = next(a for a in dialog.table.actions() if a.objectName() == "findOpenRowAction")
    enter.trigger()
    qtbot.waitUntil(lambda: window.editor.loaded is not None)
    assert window.editor.loaded.link.client_id == OTHER_CLIENT

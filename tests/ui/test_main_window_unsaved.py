"""Switching region, loading another link or closing asks first when edits are unsaved."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from booxi_desktop.ui.save.unsaved_prompt import Choice, ask_unsaved
from tests.ui.window_helpers import Prompts, idle, load, server_rows


def edited_window(qtbot, make_window, *answers: Choice):
    prompts = Prompts(*answers)
    window = make_window(ask=prompts)
    load(qtbot, window)
    model = window.editor.model
    model.setData(model.index(0, 1), "unsaved")
    return window, prompts


def gets(sandbox) -> int:
    return sum(1 for entry in sandbox.request_log if entry[0] == "GET")


def test_nothing_is_asked_without_edits(qtbot, make_window):
    window, prompts = edited_window(qtbot, make_window)
    window.window_actions.undo.trigger()
    window.open_link(window.load_bar.client_id(), "acme_crm")
    qtbot.waitUntil(lambda: window.editor.loaded.link.module_id == "acme_crm")
    assert prompts.asked == []


def test_cancel_keeps_the_edits_and_loads_nothing(qtbot, make_window, sandbox):
    window, prompts = edited_window(qtbot, make_window, Choice.CANCEL)
    requests = gets(sandbox)
    qtbot.mouseClick(window.load_bar.load_button, Qt.MouseButton.LeftButton)
    assert prompts.asked == ["loading another link"]
    assert not window.session.busy
    assert gets(sandbox) == requests
    assert window.editor.model.rows()[0][1] == "unsaved"


def test_discard_loads_the_other_link(qtbot, make_window, sandbox):
    window, _prompts = edited_window(qtbot, make_window, Choice.DISCARD)
    window.load_bar.set_ids(sandbox.demo_client_id, "acme_crm")
    qtbot.mouseClick(window.load_bar.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.editor.loaded.link.module_id == "acme_crm")
    assert not window.isWindowModified()
    assert server_rows(sandbox)[0][1] != "unsaved"


def test_save_saves_then_loads(qtbot, make_window, sandbox):
    window, _prompts = edited_window(qtbot, make_window, Choice.SAVE)
    window.load_bar.set_ids(sandbox.demo_client_id, "acme_crm")
    qtbot.mouseClick(window.load_bar.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.editor.loaded.link.module_id == "acme_crm")
    assert server_rows(sandbox)[0][1] == "unsaved"


def test_save_that_fails_loads_nothing(qtbot, make_window, sandbox):
    window, _prompts = edited_window(qtbot, make_window, Choice.SAVE)
    sandbox.faults.fail_500 = 1
    window.load_bar.set_ids(sandbox.demo_client_id, "acme_crm")
    qtbot.mouseClick(window.load_bar.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.banner.isVisible())
    idle(qtbot, window)
    assert window.editor.loaded.link.module_id == "cegid_y2"
    assert window.editor.model.rows()[0][1] == "unsaved"


def test_switching_region_asks_and_cancel_keeps_the_region(qtbot, make_window):
    window, prompts = edited_window(qtbot, make_window, Choice.CANCEL, Choice.DISCARD)
    combo = window.region_bar.combo
    combo.activated.emit(combo.findData("eu"))
    assert prompts.asked == ["switching region"]
    assert combo.currentData() == "sandbox"
    assert window.editor.model.rows()[0][1] == "unsaved"
    combo.activated.emit(combo.findData("eu"))
    assert combo.currentData() == "eu"
    assert window.region.code == "eu"
    assert window.editor.loaded is None
    assert not window.isWindowModified()


def test_closing_asks_and_cancel_keeps_the_window_open(qtbot, make_window):
    window, prompts = edited_window(qtbot, make_window, Choice.CANCEL, Choice.DISCARD)
    assert not window.close()
    assert window.isVisible()
    assert window.close()
    assert not window.isVisible()
    assert prompts.asked == ["closing", "closing"]


def test_closing_with_save_saves_then_closes(qtbot, make_window, sandbox):
    window, _ = edited_window(qtbot, make_window, Choice.SAVE)
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert server_rows(sandbox)[0][1] == "unsaved"


def test_the_real_question_box_offers_save_discard_and_cancel(qtbot, qapp):
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.informativeText())
        buttons = {box.standardButton(b) for b in box.buttons()}
        assert buttons == {
            QMessageBox.StandardButton.Save,
            QMessageBox.StandardButton.Discard,
            QMessageBox.StandardButton.Cancel,
        }
        box.button(QMessageBox.StandardButton.Discard).click()

    QTimer.singleShot(0, answer)
    assert ask_unsaved(None, "closing") is Choice.DISCARD
    assert seen == ["Save them before closing?"]

"""A save that leaves a link with nothing in it asks a second, explicit question."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from booxi_desktop.ui.save.review_dialog import ReviewDialog
from booxi_desktop.ui.save.steps import review_in_dialog
from tests.ui.window_helpers import edit_value, load, puts, server_rows


def visible(window, kind, name=None):
    return [d for d in window.findChildren(kind, name) if d.isVisible()]


def review_and_send(qtbot, window) -> None:
    window.saves.save()
    qtbot.waitUntil(lambda: bool(visible(window, ReviewDialog)))
    dialog = visible(window, ReviewDialog)[0]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def empty_the_editor(window) -> None:
    window.editor.apply_edits("", [], "Empty everything")


def test_emptying_a_link_asks_again_and_the_default_sends_nothing(
    qtbot, make_window, sandbox
) -> None:
    before = sandbox.get_link(sandbox.demo_client_id, sandbox.demo_module_id)
    assert before["externalId"]
    assert before["metadata"]
    window = make_window(review=review_in_dialog)
    load(qtbot, window)
    empty_the_editor(window)

    review_and_send(qtbot, window)
    qtbot.waitUntil(lambda: bool(visible(window, QMessageBox, "emptyLinkConfirm")))
    box = visible(window, QMessageBox, "emptyLinkConfirm")[0]
    confirm = box.findChild(QPushButton, "emptyLinkConfirmButton")
    assert box.defaultButton() is not None
    assert box.defaultButton() != confirm
    assert box.escapeButton() == box.defaultButton()
    # Enter takes the default: nothing is sent, the edits stay.
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not box.isVisible())
    assert puts(sandbox) == 0
    assert "Not saved" in window.statusBar().currentMessage()
    assert window.isWindowModified()
    assert sandbox.get_link(sandbox.demo_client_id, sandbox.demo_module_id) == before

    review_and_send(qtbot, window)
    qtbot.waitUntil(lambda: bool(visible(window, QMessageBox, "emptyLinkConfirm")))
    box = visible(window, QMessageBox, "emptyLinkConfirm")[0]
    qtbot.mouseClick(
        box.findChild(QPushButton, "emptyLinkConfirmButton"), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: puts(sandbox) == 1 and not window.session.busy)
    after = sandbox.get_link(sandbox.demo_client_id, sandbox.demo_module_id)
    assert (after["externalId"], after["metadata"]) == ("", {})


def test_an_ordinary_save_asks_nothing_more(qtbot, make_window, sandbox) -> None:
    window = make_window(review=review_in_dialog)
    load(qtbot, window)
    edit_value(window, 0, "changed")
    review_and_send(qtbot, window)
    qtbot.waitUntil(lambda: puts(sandbox) == 1 and not window.session.busy)
    assert not window.findChildren(QMessageBox, "emptyLinkConfirm")
    assert server_rows(sandbox)[0][1] == "changed"


def test_deleting_every_key_but_keeping_the_external_id_asks_nothing_more(
    qtbot, make_window, sandbox
) -> None:
    window = make_window(review=review_in_dialog)
    load(qtbot, window)
    window.editor.apply_edits(window.editor.external_id(), [], "Delete every key")
    review_and_send(qtbot, window)
    qtbot.waitUntil(lambda: puts(sandbox) == 1 and not window.session.busy)
    assert not window.findChildren(QMessageBox, "emptyLinkConfirm")
    assert server_rows(sandbox) == []

"""The link editor records every cell edit on its undo history (the model only asks for them)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from booxi_desktop.core.link.model import LinkResponse
from booxi_desktop.ui.editor.link_editor import LinkEditor

LINK = {
    "moduleId": "cegid_y2",
    "clientId": 1042,
    "externalId": "Y2-000981",
    "metadata": {"loyaltyTier": "gold", "points": 42},
}


def loaded_editor(qtbot) -> LinkEditor:
    editor = LinkEditor(QUndoStack())
    qtbot.addWidget(editor)
    editor.show_link(LinkResponse.from_json(LINK))
    return editor


def history(editor: LinkEditor) -> list[str]:
    return [editor.undo_stack.text(i) for i in range(editor.undo_stack.count())]


def test_typing_in_a_cell_is_one_undoable_step(qtbot) -> None:
    editor = loaded_editor(qtbot)
    editor.show()
    index = editor.model.index(0, 1)
    editor.table.setCurrentIndex(index)
    editor.table.edit(index)
    field = editor.table.indexWidget(index)
    assert isinstance(field, QLineEdit)
    field.selectAll()
    QTest.keyClicks(field, "platinum")
    editor.commit_pending_edit()
    assert editor.model.rows()[0] == ("loyaltyTier", "platinum")
    assert history(editor) == ["Edit value of loyaltyTier"]
    assert editor.is_modified()
    editor.undo_stack.undo()
    assert editor.model.rows()[0] == ("loyaltyTier", "gold")
    assert not editor.is_modified()


def test_consecutive_edits_of_a_cell_merge_and_others_do_not(qtbot) -> None:
    editor = loaded_editor(qtbot)
    model = editor.model
    for text in ("s", "si", "silver"):
        model.setData(model.index(0, 1), text, Qt.ItemDataRole.EditRole)
    model.setData(model.index(1, 0), "score", Qt.ItemDataRole.EditRole)
    assert history(editor) == ["Edit value of loyaltyTier", "Rename key points to score"]
    editor.undo_stack.undo()
    editor.undo_stack.undo()
    assert model.rows() == [("loyaltyTier", "gold"), ("points", 42)]
    editor.undo_stack.redo()
    assert model.rows()[0] == ("loyaltyTier", "silver")


def test_an_edit_back_to_the_loaded_value_leaves_no_step(qtbot) -> None:
    editor = loaded_editor(qtbot)
    model = editor.model
    model.setData(model.index(0, 1), "silver", Qt.ItemDataRole.EditRole)
    assert history(editor) == ["Edit value of loyaltyTier"]
    model.setData(model.index(0, 1), "gold", Qt.ItemDataRole.EditRole)
    assert history(editor) == []
    assert not editor.is_modified()

"""Enum properties set by name and single shortcuts: what start-up uses instead of ``Qt``."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel

from booxi_desktop.ui.widgets.lazy_qt import set_by_name, set_shortcut


def test_set_by_name_sets_an_enum_and_flags(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    set_by_name(label, "textFormat", "RichText")
    set_by_name(label, "alignment", "AlignLeft|AlignTop")
    assert label.textFormat() == Qt.TextFormat.RichText
    assert label.alignment() == Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop


@pytest.mark.parametrize(("prop", "value"), [("alignment", "AlignCentre"), ("nope", "RichText")])
def test_set_by_name_refuses_a_misspelt_name(qtbot, prop, value):
    label = QLabel()
    qtbot.addWidget(label)
    with pytest.raises(ValueError, match=prop):
        set_by_name(label, prop, value)


def test_set_shortcut_keeps_only_the_first_binding_of_a_standard_key():
    action = QAction("Redo")
    set_shortcut(action, QKeySequence.StandardKey.Redo)
    assert [key.toString() for key in action.shortcuts()] == [
        QKeySequence(QKeySequence.StandardKey.Redo).toString()
    ]
    set_shortcut(action, "Ctrl+Shift+H")
    assert action.shortcut().toString() == "Ctrl+Shift+H"

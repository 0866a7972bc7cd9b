"""One way to name a widget: object name, accessible name and tooltip in one call."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QPushButton

from booxi_desktop.ui.widgets.naming import named, wrapped


def test_named_sets_all_three_and_returns_the_widget(qtbot):
    button = QPushButton("Go")
    qtbot.addWidget(button)
    assert named(button, "goButton", accessible="Go now", tip="Start it") is button
    assert button.objectName() == "goButton"
    assert button.accessibleName() == "Go now"
    assert button.toolTip() == "Start it"


def test_named_leaves_unset_names_alone(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    label.setAccessibleName("kept")
    named(label, "someLabel")
    assert label.accessibleName() == "kept"
    assert label.toolTip() == ""


def test_named_works_on_objects_that_are_not_widgets(qapp):
    action = named(QAction("Save"), "saveAction")
    assert action.objectName() == "saveAction"


def test_wrapped_turns_word_wrap_on(qtbot):
    label = QLabel("text")
    qtbot.addWidget(label)
    assert not label.wordWrap()
    assert wrapped(label) is label
    assert label.wordWrap()

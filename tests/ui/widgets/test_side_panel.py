"""The side panel: its action and its close button show and hide it, and stay in step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter

from booxi_desktop.ui.widgets.side_panel import SidePanel


def test_the_close_button_hides_it_and_the_action_brings_it_back(qtbot):
    split = QSplitter()
    qtbot.addWidget(split)
    content = QLabel("edits")
    panel = SidePanel("Undo history", content)
    split.addWidget(QLabel("main"))
    split.addWidget(panel)
    split.show()
    qtbot.waitExposed(split)
    assert panel.isVisible()
    assert content.isVisible()
    assert panel.toggle_action.text() == "Undo history"
    assert panel.close_button.accessibleName() == "Hide Undo history"
    qtbot.mouseClick(panel.close_button, Qt.MouseButton.LeftButton)
    assert not panel.isVisible()
    assert not panel.toggle_action.isChecked()
    panel.toggle_action.trigger()
    assert panel.isVisible()
    assert panel.toggle_action.isChecked()
    panel.toggle_action.trigger()
    assert not panel.isVisible()

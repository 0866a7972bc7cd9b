"""A titled panel beside the window's content, shown and hidden by its own checkable action.

It lives in a splitter rather than in a QDockWidget: a dock cannot be placed without
PySide6's ``Qt`` namespace (see :mod:`~booxi_desktop.ui.widgets.lazy_qt`), which the
window leaves unbuilt until its first paint.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from booxi_desktop.ui.widgets.naming import named


class SidePanel(QWidget):
    def __init__(self, title: str, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Checked while the panel is meant to be shown; it is what menus and toolbars show.
        self.toggle_action = QAction(title, self)
        self.toggle_action.setCheckable(True)
        self.toggle_action.setChecked(True)
        self.toggle_action.toggled.connect(self.setVisible)
        self.close_button = named(
            QToolButton(), "sidePanelCloseButton", accessible=f"Hide {title}", tip="Hide"
        )
        self.close_button.setText("✕")  # as the notice banner's: no style icon to look up
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(lambda: self.toggle_action.setChecked(False))
        header = QHBoxLayout()
        header.addWidget(QLabel(f"<b>{title}</b>"), 1)
        header.addWidget(self.close_button)
        column = QVBoxLayout(self)
        # The window's content has the layout's default margins; the splitter's handle
        # stands in for the one on the left.
        column.setContentsMargins(0, 9, 9, 9)
        column.addLayout(header)
        column.addWidget(content, 1)

"""Problems found in a webhook event, in plain words, each one clickable when it names a place.

Labels rather than list items: a list view cannot size rows of wrapped text to its width.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from booxi_desktop.core.text import elide
from booxi_desktop.core.webhook.problems import Problem, Severity
from booxi_desktop.ui.widgets.naming import named
from booxi_desktop.ui.widgets.visibility import show_if
from booxi_desktop.ui.widgets.wrapping_label import WrappingLabel

SHOWN_PROBLEMS = 50
SHOWN_CHARS = 320
_ICON_SIZE = 20
_ROW_STYLE = 'ProblemRow[clickable="true"]:hover { background: palette(alternate-base); }'
_ICONS = {
    Severity.ERROR: QStyle.StandardPixmap.SP_MessageBoxCritical,
    Severity.WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
    Severity.NOTE: QStyle.StandardPixmap.SP_MessageBoxInformation,
}


def problem_icon(problem: Problem) -> QStyle.StandardPixmap:
    return _ICONS[problem.severity]


@cache
def _pixmap(kind: QStyle.StandardPixmap, style_name: str) -> QPixmap:
    # Rendering a standard icon is not free and each new payload makes its rows anew;
    # keyed by the style's name too, since another style draws other icons.
    return QApplication.style().standardIcon(kind).pixmap(_ICON_SIZE)


class ProblemRow(QFrame):
    clicked = Signal(str)

    def __init__(self, problem: Problem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.problem = problem
        named(self, "problemRow")
        self.setProperty("clickable", bool(problem.path))
        icon = QLabel(self)
        icon.setPixmap(_pixmap(problem_icon(problem), QApplication.style().name()))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        message = elide(problem.message, SHOWN_CHARS)
        self.text = named(
            WrappingLabel(message, self, text_format=Qt.TextFormat.PlainText), "problemText"
        )
        tip = problem.message if message != problem.message else ""
        if problem.path:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            tip = (tip + "\n\n" if tip else "") + f"Click to show {problem.path} in the tree"
        self.setToolTip(tip)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(icon)
        layout.addWidget(self.text, 1)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.problem.path:
            self.clicked.emit(self.problem.path)
        super().mouseReleaseEvent(event)


class ProblemList(QWidget):
    pathActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(_ROW_STYLE)
        self.rows: list[ProblemRow] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self.more = named(QLabel(self), "moreProblems")
        self._layout.addWidget(self.more)

    def set_problems(self, problems: list[Problem]) -> None:
        for row in self.rows:
            row.deleteLater()
        self.rows = []
        for problem in problems[:SHOWN_PROBLEMS]:
            row = ProblemRow(problem, self)
            row.clicked.connect(self.pathActivated)
            self._layout.insertWidget(len(self.rows), row)
            self.rows.append(row)
        hidden = len(problems) - SHOWN_PROBLEMS
        self.more.setText(f"…and {hidden:,} more." if hidden > 0 else "")
        show_if(self.more, hidden > 0)

"""A word-wrapping label that lays its text out once per width, not once per question.

Nested layouts ask a wrapped label for its height at a given width many times in one
pass (minimum, preferred, each level of nesting), and QLabel lays the text out anew each
time: in the webhook findings, that was a third of the time to show them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QLabel, QWidget

# The narrowest a wrapped label asks to be, in average characters: it wraps to what it gets.
_MINIMUM_CHARS = 10


class WrappingLabel(QLabel):
    def __init__(
        self,
        text: str = "",
        parent: QWidget | None = None,
        *,
        text_format: Qt.TextFormat = Qt.TextFormat.AutoText,
    ) -> None:
        super().__init__(parent)
        self._heights: dict[int, int] = {}
        self.setTextFormat(text_format)
        self.setWordWrap(True)
        self.setText(text)

    def setText(self, text: str) -> None:
        if text != self.text():
            self._heights.clear()
            super().setText(text)

    def heightForWidth(self, width: int) -> int:
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = super().heightForWidth(width)
        return height

    def minimumSizeHint(self) -> QSize:
        # QLabel lays the text out at width 0 (a line per word) to find its longest word;
        # a height for width decides the real height, so one line is enough here.
        if not self.text():
            return super().minimumSizeHint()
        return QSize(self._chars_width(_MINIMUM_CHARS), self._line_height())

    def changeEvent(self, event: QEvent) -> None:
        # A new font or style lays the same text out differently.
        self._heights.clear()
        super().changeEvent(event)

    def _chars_width(self, chars: int) -> int:
        margins = self.contentsMargins()
        extra = margins.left() + margins.right() + 2 * self.margin()
        return self.fontMetrics().averageCharWidth() * chars + extra

    def _line_height(self) -> int:
        margins = self.contentsMargins()
        return (
            self.fontMetrics().lineSpacing() + margins.top() + margins.bottom() + 2 * self.margin()
        )

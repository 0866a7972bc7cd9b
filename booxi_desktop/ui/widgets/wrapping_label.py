"""A word-wrapping label that lays its text out once per width, not once per question.

Nested layouts ask a wrapped label for its height at a given width many times in one
pass (minimum, preferred, each level of nesting), and QLabel lays the text out anew each
time: in the webhook findings, that was a third of the time to show them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QLabel, QWidget

# The width, in average characters, a wrapped label asks for; layouts give it what there is.
_PREFERRED_CHARS = 40
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

    @property
    def laid_out_widths(self) -> frozenset[int]:
        """The widths its text was laid out at since it last changed: what layouts cost."""
        return frozenset(self._heights)

    def heightForWidth(self, width: int) -> int:
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = super().heightForWidth(width)
        return height

    def sizeHint(self) -> QSize:
        # QLabel tries up to three widths for a wrapped text's "nice" shape, a layout of the
        # whole text each. The layouts around these labels give them the pane's width and
        # take their height from heightForWidth, so a cheap guess serves as the hint.
        width = self._chars_width(_PREFERRED_CHARS)
        return QSize(width, self._heights.get(width) or self._line_height())

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

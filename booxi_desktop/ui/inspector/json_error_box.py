"""Why a payload cannot be read: heading, reason, line and column, the line with a caret."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from booxi_desktop.core.jsondoc.decode import JsonInputError
from booxi_desktop.ui.widgets import theme
from booxi_desktop.ui.widgets.naming import named

_FRAME_STYLE = "#jsonErrorBox {{ background: {}; border: 1px solid {}; border-radius: 4px; }}"


class JsonErrorBox(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "jsonErrorBox")
        self.setStyleSheet(
            _FRAME_STYLE.format(theme.ink(theme.RED_BACKGROUND), theme.ink(theme.RED_BORDER))
        )
        selectable = Qt.TextInteractionFlag.TextSelectableByMouse
        self.heading = named(QLabel(self), "errorHeading")
        self.heading.setStyleSheet(theme.text_style(theme.RED, " font-weight: bold;"))
        self.message = named(QLabel(self), "errorMessage")
        self.message.setWordWrap(True)
        self.where = named(QLabel(self), "errorWhere")
        # The caret lines up with the character above it only in a fixed-width font.
        self.excerpt = named(QLabel(self), "errorExcerpt")
        self.excerpt.setTextFormat(Qt.TextFormat.PlainText)
        self.excerpt.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.hint = named(QLabel(self), "errorHint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(theme.SECONDARY_TEXT_STYLE)
        layout = QVBoxLayout(self)
        for label in (self.heading, self.message, self.where, self.excerpt, self.hint):
            label.setTextInteractionFlags(selectable)
            layout.addWidget(label)

    def show_error(self, error: JsonInputError, *, cursor_moved: bool) -> None:
        self.heading.setText(error.heading)
        self.message.setText(
            " ".join(filter(None, (_sentence(error.message), _likely_cause(error))))
        )
        where = ""
        if error.line is not None:
            where = f"Line {error.line}" + (f", column {error.column}" if error.column else "")
        self.where.setText(where)
        self.where.setVisible(bool(where))
        self.excerpt.setText(error.excerpt)
        self.excerpt.setVisible(bool(error.excerpt))
        if cursor_moved:
            hint = (
                "The cursor in the payload box is on this spot; fix it there and it is read again."
            )
        else:
            hint = "Correct the payload and give it again (paste, drop or Open…)."
        self.hint.setText(hint)

    def text(self) -> str:
        """Everything shown, as plain text (for copying and for tests)."""
        labels = (self.heading, self.message, self.where, self.excerpt, self.hint)
        return "\n".join(label.text() for label in labels if label.text())


def _likely_cause(error: JsonInputError) -> str:
    """The usual slip behind Python's terse messages, read off the excerpt's caret."""
    line, _, caret = error.excerpt.partition("\n")
    column = caret.find("^")
    if column < 0:
        return ""
    before, at = line[:column], line[column : column + 1]
    if error.message.startswith("Expecting ',' delimiter") and not before.strip():
        return "A comma is probably missing at the end of the line before."
    expecting_name = error.message.startswith("Expecting property name")
    if at and at in "}]" and (expecting_name or error.message.startswith("Expecting value")):
        return "JSON allows no comma after the last entry: remove the one before this."
    if expecting_name and at == "'":
        return "JSON names and texts take double quotes, not single ones."
    return ""


def _sentence(text: str) -> str:
    text = text[:1].upper() + text[1:]
    return text if not text or text.endswith((".", ":", "!", "?")) else text + "."

"""Where a webhook payload comes in: typed or pasted text, a dropped file or text, Open….

Small payloads are shown as text so a broken one can be fixed in place; large ones are
only summarised, because a text box takes long to take megabytes of text and freezes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMimeData, QTimer, Signal
from PySide6.QtGui import (
    QDropEvent,
    QFontDatabase,
    QGuiApplication,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from booxi_desktop.core.webhook.payload import SHOW_TEXT_LIMIT
from booxi_desktop.ui.widgets import theme
from booxi_desktop.ui.widgets.naming import named
from booxi_desktop.ui.widgets.visibility import show_if

FileChooser = Callable[[QWidget], Path | None]
"""Asks which payload file to open; ``None`` if cancelled."""

# Long enough not to parse half-typed text on every key, short enough to feel live.
TYPING_PAUSE_MS = 400


def choose_payload_file(parent: QWidget) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(
        parent,
        "Open a webhook payload",
        "",
        "JSON files (*.json);;Text and log files (*.txt *.log);;All files (*)",
    )
    return Path(path) if path else None


def payload_from_mime(mime: QMimeData | None) -> Path | str | None:
    """The first local file in ``mime`` (copied or dragged from a file manager), or its text."""
    if mime is None:
        return None
    if mime.hasUrls():
        files = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]
        if files:
            return Path(files[0])
    if not mime.hasText():
        return None
    text = mime.text()
    return text if text and not text.isspace() else None


class PayloadEdit(QPlainTextEdit):
    """A text box that hands files and very large text over instead of inserting them."""

    payloadGiven = Signal(object, str)
    """A :class:`Path` or a large text, and "pasted" or "dropped"."""
    pasted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._dropping = False

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return payload_from_mime(source) is not None or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        payload = payload_from_mime(source)
        how = "dropped" if self._dropping else "pasted"
        if isinstance(payload, Path) or (
            isinstance(payload, str) and len(payload) > SHOW_TEXT_LIMIT
        ):
            self.payloadGiven.emit(payload, how)
            return
        super().insertFromMimeData(source)
        self.pasted.emit()

    def dropEvent(self, event: QDropEvent) -> None:
        self._dropping = True
        try:
            super().dropEvent(event)
        finally:
            self._dropping = False


class WebhookInput(QWidget):
    textEdited = Signal(str)
    """The text box's payload changed: after a pause in typing, or at once after a paste."""
    payloadGiven = Signal(object, str)
    """A :class:`Path` or text to load in place of what is shown, and how it came."""
    cleared = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, file_chooser: FileChooser = choose_payload_file
    ) -> None:
        super().__init__(parent)
        self.file_chooser = file_chooser
        self._silent = False
        self.edit = named(
            PayloadEdit(self),
            "payloadEdit",
            accessible="Webhook payload",
            tip="The webhook event's JSON; it is read again as you edit it",
        )
        self.edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.edit.setPlaceholderText(
            "Paste a webhook event here (Ctrl+V), drop a .json file on this panel, or use Open…"
        )
        self.edit.setTabChangesFocus(True)
        self.edit.textChanged.connect(self._text_changed)
        self.edit.pasted.connect(self._submit_now)
        self.edit.payloadGiven.connect(self.payloadGiven)
        self._pause = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._pause.timeout.connect(self._submit_now)

        self.summary = named(QLabel(self), "payloadSummary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(theme.SECONDARY_TEXT_STYLE)
        self.summary.hide()

        self.paste_button = named(
            QPushButton("&Paste", self),
            "pasteButton",
            tip="Replace the payload with what the clipboard holds: text or a copied file",
        )
        self.open_button = named(
            QPushButton("&Open…", self), "openButton", tip="Read the payload from a file"
        )
        self.clear_button = named(
            QPushButton("Clear", self), "clearButton", tip="Empty the box and the results"
        )
        self.paste_button.clicked.connect(self.paste_clipboard)
        self.open_button.clicked.connect(self.open_file)
        self.clear_button.clicked.connect(self.clear)

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(QLabel("<b>Webhook payload</b>", self))
        buttons.addStretch(1)
        for button in (self.paste_button, self.open_button, self.clear_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.summary)
        layout.addWidget(self.edit, 1)

    def text(self) -> str:
        return self.edit.toPlainText()

    def set_text(self, text: str) -> None:
        """Show ``text`` as the payload without reading it again."""
        self._silent = True
        try:
            self._pause.stop()
            self.edit.setPlainText(text)
        finally:
            self._silent = False
        self.edit.setExtraSelections([])

    def is_empty(self) -> bool:
        return self.edit.document().isEmpty()

    def show_summary(self, text: str) -> None:
        self.summary.setText(text)
        show_if(self.summary, bool(text))

    def paste_clipboard(self) -> None:
        payload = payload_from_mime(QGuiApplication.clipboard().mimeData())
        if payload is None:
            self.show_summary("The clipboard holds no text and no file to read.")
            return
        self.payloadGiven.emit(payload, "pasted")

    def open_file(self) -> None:
        path = self.file_chooser(self)
        if path is not None:
            self.payloadGiven.emit(path, "opened")

    def clear(self) -> None:
        self.set_text("")
        self.show_summary("")
        self.cleared.emit()

    def point_at(self, line: int, column: int | None) -> bool:
        """Put the cursor at a 1-based line and column of the text and mark the line."""
        block = self.edit.document().findBlockByNumber(line - 1)
        if not block.isValid():
            return False
        before = block.text()[: max((column or 1) - 1, 0)]
        # Columns count characters; the text box counts UTF-16 units (emoji are two).
        offset = min(len(before.encode("utf-16-le")) // 2, block.length() - 1)
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + offset)
        self.edit.setTextCursor(cursor)
        self.edit.centerCursor()
        mark = QTextEdit.ExtraSelection()
        mark.cursor = QTextCursor(block)
        mark_format = QTextCharFormat()
        mark_format.setBackground(theme.qcolor(theme.RED_BACKGROUND))
        mark_format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        mark.format = mark_format
        self.edit.setExtraSelections([mark])
        return True

    def _text_changed(self) -> None:
        if self._silent:
            return
        self.edit.setExtraSelections([])
        self.show_summary("")
        self._pause.start()

    def _submit_now(self) -> None:
        self._pause.stop()
        self.textEdited.emit(self.edit.toPlainText())

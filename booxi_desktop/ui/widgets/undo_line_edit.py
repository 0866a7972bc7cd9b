"""A line edit whose Undo/Redo keys reach the window's QUndoStack, not its private history."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit

_STACK_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)


class UndoLineEdit(QLineEdit):
    def event(self, event: QEvent) -> bool:
        # QLineEdit claims Ctrl+Z as a ShortcutOverride; declining it lets the window's
        # Undo action run, so the externalId and the table share one history.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and any(event.matches(key) for key in _STACK_KEYS)
        ):
            event.ignore()
            return False
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if any(event.matches(key) for key in _STACK_KEYS):
            event.ignore()
            return
        super().keyPressEvent(event)

"""Names that tests, screen readers and UI automation find widgets by."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

T = TypeVar("T", bound=QObject)


def named(obj: T, name: str, *, accessible: str = "", tip: str = "") -> T:
    """Set the object name and, for a widget, its accessible name and tooltip; returns ``obj``."""
    obj.setObjectName(name)
    if isinstance(obj, QWidget):
        if accessible:
            obj.setAccessibleName(accessible)
        if tip:
            obj.setToolTip(tip)
    return obj

"""Names that tests, screen readers and UI automation find widgets by."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QWidget

T = TypeVar("T", bound=QObject)
L = TypeVar("L", bound=QLabel)


def named(obj: T, name: str, *, accessible: str | None = None, tip: str | None = None) -> T:
    """Set the object name and, for a widget, its accessible name and tooltip; returns ``obj``."""
    obj.setObjectName(name)
    if isinstance(obj, QWidget):
        if accessible:
            obj.setAccessibleName(accessible)
        if tip:
            obj.setToolTip(tip)
    return obj


def wrapped(label: L) -> L:
    """``label`` with word wrap on; returns it, so that it reads inside ``named(...)``."""
    label.setWordWrap(True)
    return label

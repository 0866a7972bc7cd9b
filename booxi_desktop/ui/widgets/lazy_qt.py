"""Set enum-typed properties and shortcuts without building PySide6's ``Qt`` namespace.

PySide6 builds the ``Qt`` namespace, over a thousand enum members, all at once the first
time any of it is touched: by an import of ``Qt``, or by a call whose overloads are told
apart by one of its enums (``QAction.setShortcut`` is, by ``Qt.Key``). That is a large
share of the window's start-up, so what runs before its first paint goes through these
instead; code that runs later may use ``Qt`` freely.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence


def set_by_name(obj: QObject, prop: str, value: str) -> None:
    """Set the Qt property ``prop`` to the enum member or flags named ``value``
    (``"AlignCenter"``, ``"AlignLeft|AlignTop"``), as Qt's property system reads names."""
    if not obj.setProperty(prop, value):
        raise ValueError(f"{type(obj).__name__}.{prop} does not take {value!r}")


def set_shortcut(action: QAction, key: QKeySequence.StandardKey | str) -> None:
    """Give ``action`` the one shortcut ``key`` (a standard key's first binding)."""
    action.setShortcuts([QKeySequence(key)])

"""Copy, Paste and Delete of metadata rows: in the Edit menu and the table's context menu.

Their own module, apart from the editor: the window puts them in its Edit menu at start,
and builds the editor itself only when a link is first shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from booxi_desktop.ui.widgets.lazy_qt import set_by_name, set_shortcut


@dataclass
class RowActions:
    copy: QAction
    paste: QAction
    delete: QAction

    def connect(
        self, copy: Callable[[], None], paste: Callable[[], None], delete: Callable[[], None]
    ) -> None:
        self.copy.triggered.connect(copy)
        self.paste.triggered.connect(paste)
        self.delete.triggered.connect(delete)

    def all(self) -> list[QAction]:
        return [self.copy, self.paste, self.delete]


def _action(
    parent: QObject, text: str, name: str, tip: str, key: QKeySequence.StandardKey
) -> QAction:
    action = QAction(text, parent)
    set_shortcut(action, key)
    action.setObjectName(name)
    action.setToolTip(tip)
    # Only where the table is (its shortcuts would take Ctrl+C from every line edit).
    set_by_name(action, "shortcutContext", "WidgetWithChildrenShortcut")
    return action


def row_actions(parent: QObject) -> RowActions:
    return RowActions(
        copy=_action(
            parent,
            "&Copy rows",
            "copyRowsAction",
            "Copy the selected metadata rows as tab-separated text (key, value)",
            QKeySequence.StandardKey.Copy,
        ),
        paste=_action(
            parent,
            "&Paste rows",
            "pasteRowsAction",
            "Paste tab-separated key/value rows into the metadata, as one undoable step",
            QKeySequence.StandardKey.Paste,
        ),
        delete=_action(
            parent,
            "&Delete rows",
            "deleteRowsAction",
            "Remove the selected metadata rows (Undo brings them back)",
            QKeySequence.StandardKey.Delete,
        ),
    )

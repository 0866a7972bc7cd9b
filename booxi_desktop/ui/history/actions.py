"""The History entry of the File menu."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from booxi_desktop.ui.widgets.lazy_qt import set_shortcut
from booxi_desktop.ui.widgets.naming import named
from booxi_desktop.ui.window_actions import WindowActions

# Ctrl+H already shows the undo history panel.
SHORTCUT = "Ctrl+Shift+H"


def build_history_action(parent: QWidget) -> QAction:
    action = named(QAction("&History…", parent), "historyAction")
    set_shortcut(action, SHORTCUT)
    action.setIconText("History")
    action.setToolTip(
        f"Every save made on this computer, across all links: what changed, "
        f"how it ended, its backup ({SHORTCUT})"
    )
    action.setStatusTip("Show the history of saves")
    return action


def add_history_action(
    parent: QWidget, actions: WindowActions, open_history: Callable[[], None]
) -> QAction:
    """File → History…, before Quit, and on the toolbar beside Backups."""
    action = build_history_action(parent)
    actions.file_menu.insertAction(actions.quit_separator, action)
    actions.toolbar.addAction(action)
    action.triggered.connect(lambda: open_history())
    return action

"""The Help menu's entries: Keyboard shortcuts (F1) and About; their windows come on demand."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from booxi_desktop.ui.widgets.naming import named

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog, QMenu, QMenuBar

    from booxi_desktop.ui.host import Workbench


class HelpController(QObject):
    def __init__(
        self, host: Workbench, menu_bar: QMenuBar, help_menu: QMenu, parent: QObject | None = None
    ) -> None:
        """``menu_bar``: whose menus the shortcuts are read from, each time they are shown."""
        super().__init__(parent)
        self.host = host
        self.menu_bar = menu_bar
        self.shortcuts_action = named(QAction("&Keyboard shortcuts…", self), "shortcutsAction")
        self.shortcuts_action.setShortcuts(QKeySequence.StandardKey.HelpContents)
        self.shortcuts_action.setToolTip("List every keyboard shortcut of the window, by menu")
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.about_action = named(QAction("&About booxi-desktop", self), "aboutAction")
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.setToolTip("The version, and what the app does and assumes")
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.shortcuts_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)
        self.dialog: QDialog | None = None

    def show_shortcuts(self) -> None:
        from booxi_desktop.ui.help.shortcut_list import focus_groups, shortcut_groups
        from booxi_desktop.ui.help.shortcuts_dialog import ShortcutsDialog

        window = self.host.dialog_parent()
        # Read now, not at start-up: features may have added entries since.
        groups = shortcut_groups(
            self.menu_bar.actions(), focus_groups(window.findChildren(QAction))
        )
        self._open(ShortcutsDialog(groups, window))

    def show_about(self) -> None:
        from booxi_desktop.ui.help.about import about_box

        self._open(about_box(self.host.dialog_parent()))

    def _open(self, dialog: QDialog) -> None:
        if self.dialog is not None:
            self.dialog.close()
        from PySide6.QtCore import Qt  # not at start-up: see ui.widgets.lazy_qt

        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda: self._forget(dialog))
        self.dialog = dialog
        dialog.open()

    def _forget(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

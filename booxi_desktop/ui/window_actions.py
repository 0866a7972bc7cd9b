"""The window's menus, toolbar and undo history panel, built from its undo stack and row actions."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar, QUndoView

from booxi_desktop.ui.editor.row_actions import RowActions
from booxi_desktop.ui.widgets.lazy_qt import set_by_name, set_shortcut
from booxi_desktop.ui.widgets.naming import named
from booxi_desktop.ui.widgets.side_panel import SidePanel


@dataclass
class WindowActions:
    save: QAction
    backups: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    history: SidePanel
    """Beside the window's content: the window lays it out."""
    undo_view: QUndoView
    # Features add their own entries to these (each feature builds its actions itself).
    file_menu: QMenu
    # File entries of features go before this (it separates Quit).
    quit_separator: QAction
    edit_menu: QMenu
    view_menu: QMenu
    help_menu: QMenu
    toolbar: QToolBar

    def set_state(self, *, can_save: bool, has_link: bool, editing: bool) -> None:
        """``editing``: the editor's tab is shown and no request runs, so undo acts on it."""
        self.save.setEnabled(can_save)
        self.backups.setEnabled(has_link)
        stack = self.undo_view.stack()
        self.undo.setEnabled(editing and stack.canUndo())
        self.redo.setEnabled(editing and stack.canRedo())
        self.undo_view.setEnabled(editing)
        label = "As loaded from the server" if has_link else "No link loaded"
        # Set on every refresh (several per request), it would rebuild the view's rows each time.
        if self.undo_view.emptyLabel() != label:
            self.undo_view.setEmptyLabel(label)


def _action(window: QMainWindow, text: str, key: QKeySequence.StandardKey | str | None) -> QAction:
    action = QAction(text, window)
    if key is not None:
        set_shortcut(action, key)
    return action


def build_actions(window: QMainWindow, stack: QUndoStack, rows: RowActions) -> WindowActions:
    save = _action(window, "&Save to server", QKeySequence.StandardKey.Save)
    named(save, "saveAction")
    save.setToolTip("Back up the server's copy, then send the edits (Ctrl+S)")
    backups = _action(window, "&Backups of this link…", "Ctrl+Shift+B")
    named(backups, "backupsAction")
    backups.setIconText("Backups")
    backups.setToolTip("Backups taken before each save: view, compare, restore, export")
    quit_ = _action(window, "&Quit", QKeySequence.StandardKey.Quit)
    named(quit_, "quitAction")
    if quit_.shortcut().isEmpty():  # platforms whose Quit is the window manager's (Alt+F4)
        set_shortcut(quit_, "Ctrl+Q")
    quit_.setToolTip("Close the window (asks first about unsaved edits)")
    quit_.setMenuRole(QAction.MenuRole.QuitRole)
    quit_.triggered.connect(window.close)

    # Own actions rather than stack.createUndoAction(): the window disables them while
    # a request runs, and the stack's actions would re-enable themselves.
    undo = _action(window, "&Undo", QKeySequence.StandardKey.Undo)
    named(undo, "undoAction")
    undo.setToolTip("Undo the last edit of the link")
    undo.triggered.connect(stack.undo)
    redo = _action(window, "&Redo", QKeySequence.StandardKey.Redo)
    named(redo, "redoAction")
    redo.setToolTip("Redo the last edit undone")
    redo.triggered.connect(stack.redo)

    view = named(QUndoView(stack), "undoHistory")
    view.setEmptyLabel("As loaded from the server")
    view.setAccessibleName("Undo history")
    view.setMinimumWidth(180)
    view.setWordWrap(True)
    history = named(SidePanel("Undo history", view), "undoHistoryPanel")
    toggle = history.toggle_action
    set_shortcut(toggle, "Ctrl+H")
    named(toggle, "undoHistoryAction")
    toggle.setToolTip("Show or hide the list of edits, to step back to any of them")

    menu = window.menuBar()
    file_menu = menu.addMenu("&File")
    file_menu.addAction(save)
    file_menu.addAction(backups)
    quit_separator = file_menu.addSeparator()
    file_menu.addAction(quit_)
    edit_menu = menu.addMenu("&Edit")
    edit_menu.addActions([undo, redo])
    edit_menu.addSeparator()
    edit_menu.addActions(rows.all())
    view_menu = menu.addMenu("&View")
    view_menu.addAction(toggle)
    help_menu = menu.addMenu("&Help")

    toolbar = named(QToolBar("Main", window, movable=False), "mainToolbar")
    set_by_name(toolbar, "toolButtonStyle", "ToolButtonTextOnly")
    toolbar.addActions([undo, redo])
    toolbar.addSeparator()
    toolbar.addAction(backups)
    toolbar.addAction(toggle)
    window.addToolBar(toolbar)
    return WindowActions(
        save=save,
        backups=backups,
        quit=quit_,
        undo=undo,
        redo=redo,
        history=history,
        undo_view=view,
        file_menu=file_menu,
        quit_separator=quit_separator,
        edit_menu=edit_menu,
        view_menu=view_menu,
        help_menu=help_menu,
        toolbar=toolbar,
    )

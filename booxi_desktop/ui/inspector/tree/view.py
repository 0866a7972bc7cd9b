"""The payload as a tree: search with next/previous, bounded expand all, copy path or value.

Searching walks the whole document, a visible stall for a large event, so it runs off
the UI thread. Expanding is bounded by the rows it would show: a QTreeView lays out every
row it adds, so "expand all" on a 100,000-value event would freeze the window.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from typing import Any, NamedTuple

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from booxi_desktop.core.jsondoc.decode import PathPart
from booxi_desktop.core.jsondoc.paths import parse_path
from booxi_desktop.core.text import plural
from booxi_desktop.ui.inspector.tree.model import FindMatch, JsonTreeModel
from booxi_desktop.ui.tasks import BackgroundTasks
from booxi_desktop.ui.widgets import theme
from booxi_desktop.ui.widgets.naming import named

# Rows a single expand may add to the view before its layout is a visible stall.
ROW_BUDGET = 2_000
# A new payload opens this far by itself, so a small event is seen whole at once.
FIRST_VIEW_ROWS = 150
SEARCH_PAUSE_MS = 250
SEARCH_LIMIT = 10_000


class Expansion(NamedTuple):
    depth: int
    """The level to expand to (``QTreeView.expandToDepth``); -1: not even the first."""
    rows: int
    """Rows shown once expanded that far."""
    complete: bool
    next_rows: int
    """Rows the next level would add (0 when complete)."""


def plan_expansion(document: Any, budget: int) -> Expansion:
    """The deepest level that keeps the view within ``budget`` rows, counted on the document."""
    if not isinstance(document, dict | list):
        return Expansion(-1, 1, True, 0)
    rows = len(document)
    level = [v for v in _values(document) if isinstance(v, dict | list) and v]
    depth = -1
    while level:
        added = sum(len(container) for container in level)
        if rows + added > budget:
            return Expansion(depth, rows, False, added)
        rows += added
        depth += 1
        # Never larger than the rows just added, so the walk stays within the budget.
        level = [v for c in level for v in _values(c) if isinstance(v, dict | list) and v]
    return Expansion(depth, rows, True, 0)


def clipboard_text(value: Any) -> str:
    """A string's own text; JSON for anything else (indented when it is a container)."""
    if isinstance(value, str):
        return value
    indent = 2 if isinstance(value, dict | list) else None
    return json.dumps(value, ensure_ascii=False, indent=indent)


def _values(container: dict[str, Any] | list[Any]) -> Any:
    return container.values() if isinstance(container, dict) else container


class SearchEdit(QLineEdit):
    """Enter goes to the next match, Shift+Enter to the previous one."""

    nextRequested = Signal()
    previousRequested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shifted = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            (self.previousRequested if shifted else self.nextRequested).emit()
            event.accept()
            return
        super().keyPressEvent(event)


class JsonTreeView(QWidget):
    statusMessage = Signal(str)
    searchFinished = Signal(int)
    """The number of matches of the newest search."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = BackgroundTasks(self)
        self._search_generation = 0
        self._searched = ""
        self._matches: list[FindMatch] = []
        self._current = -1

        self.model = JsonTreeModel({}, parent=self)  # empty, as after clear()
        self.view = named(QTreeView(self), "payloadTree", accessible="Payload tree")
        self.view.setModel(self.model)
        # Without this the view measures every row it lays out: far slower on big arrays.
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(0, 240)
        header.resizeSection(2, 70)

        self.copy_path_action = self._action(
            "Copy path", "copyPathAction", QKeySequence("Ctrl+Shift+C"), self.copy_path
        )
        self.copy_path_action.setToolTip("Copy the selected node's JSON path, e.g. a.b[0]")
        self.copy_value_action = self._action(
            "Copy value",
            "copyValueAction",
            QKeySequence(QKeySequence.StandardKey.Copy),
            self.copy_value,
        )
        self.copy_value_action.setToolTip(
            "Copy the selected node's value, as JSON for a list or object"
        )

        self.search_edit = named(
            SearchEdit(self),
            "treeSearch",
            accessible="Find in payload",
            tip="Keys and values containing this text; Enter: next, Shift+Enter: previous",
        )
        self.search_edit.setPlaceholderText("Find a key or value")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._search_text_changed)
        self.search_edit.nextRequested.connect(self.find_next)
        self.search_edit.previousRequested.connect(self.find_previous)
        self._pause = QTimer(self, singleShot=True, interval=SEARCH_PAUSE_MS)
        self._pause.timeout.connect(self._run_search)
        self.previous_button = self._tool_button(
            QStyle.StandardPixmap.SP_ArrowUp, "previousMatch", "Previous match (Shift+Enter)"
        )
        self.next_button = self._tool_button(
            QStyle.StandardPixmap.SP_ArrowDown, "nextMatch", "Next match (Enter)"
        )
        self.previous_button.clicked.connect(self.find_previous)
        self.next_button.clicked.connect(self.find_next)
        self.count_label = named(QLabel(self), "matchCount")
        self.count_label.setMinimumWidth(90)

        self.expand_button = named(
            QPushButton("Expand all", self),
            "expandAll",
            tip=f"Open every level, or as many as fit in {ROW_BUDGET:,} rows",
        )
        self.collapse_button = named(QPushButton("Collapse all", self), "collapseAll")
        self.expand_button.clicked.connect(self.expand_all)
        self.collapse_button.clicked.connect(self.collapse_all)
        self.note = named(QLabel(self), "treeNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet(theme.SECONDARY_TEXT_STYLE)
        self.note.hide()

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.search_edit, 1)
        for widget in (self.previous_button, self.next_button, self.count_label):
            bar.addWidget(widget)
        bar.addWidget(self.expand_button)
        bar.addWidget(self.collapse_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.note)
        layout.addWidget(self.view, 1)
        self._update_count()

    # -- document -----------------------------------------------------------------------

    def set_document(self, document: Any) -> None:
        self._search_generation += 1
        self._set_matches([], "")
        self.note.hide()
        self.model.set_document(document)
        plan = plan_expansion(document, FIRST_VIEW_ROWS)
        if plan.complete:
            self.view.expandAll()
        elif plan.depth >= 0:
            self.view.expandToDepth(plan.depth)
        if self.search_edit.text():
            self._run_search()

    def clear(self) -> None:
        self.set_document({})

    # -- selecting ------------------------------------------------------------------------

    def select_path(self, path: str, *, budget: int | None = None) -> bool:
        """Select the node at ``path`` (as findings write it), or its nearest existing parent.

        With a ``budget``, nothing happens if revealing the node would add more rows than
        that to the view. Returns whether the exact node was selected.
        """
        parts = parse_path(path)
        return parts is not None and self.select_parts(parts, budget=budget)

    def select_parts(self, parts: Sequence[PathPart], *, budget: int | None = None) -> bool:
        for end in range(len(parts), 0, -1):
            index = self.model.index_for_path(parts[:end])
            if index.isValid():
                break
        else:
            return False
        if budget is not None and self._reveal_rows(index) > budget:
            return False
        self._reveal(index)
        return end == len(parts)

    def current_path(self) -> str:
        return self.model.path_of(self.view.currentIndex())

    def _reveal_rows(self, index: QModelIndex) -> int:
        rows = 0
        parent = index.parent()
        while parent.isValid():
            if not self.view.isExpanded(parent):
                rows += self.model.rowCount(parent)
            parent = parent.parent()
        return rows

    def _reveal(self, index: QModelIndex) -> None:
        self.view.setCurrentIndex(index)
        # scrollTo expands the collapsed parents itself.
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    # -- expanding ----------------------------------------------------------------------

    def expand_all(self) -> None:
        plan = plan_expansion(self.model.document(), ROW_BUDGET)
        if plan.complete:
            self.view.expandAll()
            self.note.hide()
            return
        if plan.depth >= 0:
            self.view.expandToDepth(plan.depth)
        levels = plan.depth + 1
        opened = f"Opened {plural(levels, 'level')}" if levels else "Not opened"
        self.note.setText(
            f"{opened}: the next level would show {plan.next_rows:,} more rows, too many to "
            "lay out at once. Open nodes one by one, or find what you need with the search."
        )
        self.note.show()

    def collapse_all(self) -> None:
        self.view.collapseAll()
        self.note.hide()

    # -- copying ------------------------------------------------------------------------

    def copy_path(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid():
            return
        path = self.model.path_of(index)
        QGuiApplication.clipboard().setText(path)
        self.statusMessage.emit(f"Copied the path {path}")

    def copy_value(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid():
            return
        value = self.model.value_of(index)
        path = self.model.path_of(index)
        if isinstance(value, dict | list) and value:
            # Formatting megabytes of JSON takes a noticeable moment: off the UI thread.
            self._tasks.start(self._copy_later(value, path))
        else:
            self._copied(clipboard_text(value), path)

    async def _copy_later(self, value: Any, path: str) -> None:
        self._copied(await asyncio.to_thread(clipboard_text, value), path)

    def _copied(self, text: str, path: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self.statusMessage.emit(f"Copied the value of {path or 'the payload'}")

    # -- search -------------------------------------------------------------------------

    @property
    def matches(self) -> list[FindMatch]:
        return list(self._matches)

    def find_next(self) -> None:
        self._step(1)

    def find_previous(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        if self._pause.isActive() or self.search_edit.text() != self._searched:
            self._run_search()
            return
        if self._matches:
            self._go_to((self._current + delta) % len(self._matches))

    def _search_text_changed(self, text: str) -> None:
        self._search_generation += 1
        if not text:
            self._pause.stop()
            self._set_matches([], "")
            return
        self._pause.start()

    def _run_search(self) -> None:
        self._pause.stop()
        self._search_generation += 1
        text = self.search_edit.text()
        if not text:
            self._set_matches([], "")
            return
        self.count_label.setText("Searching…")
        self._tasks.start(self._search(self._search_generation, text))

    async def _search(self, generation: int, text: str) -> None:
        found = await asyncio.to_thread(self.model.find, text, limit=SEARCH_LIMIT)
        if generation != self._search_generation:
            return
        self._set_matches(found, text)
        if found:
            self._go_to(0)
        self.searchFinished.emit(len(found))

    def _set_matches(self, matches: list[FindMatch], text: str) -> None:
        self._matches = matches
        self._searched = text
        self._current = -1
        self.model.set_matches(matches)
        self._update_count()

    def _go_to(self, position: int) -> None:
        self._current = position
        index = self.model.index_for_match(self._matches[position])
        if index.isValid():
            self._reveal(index)
        self._update_count()

    def _update_count(self) -> None:
        total = len(self._matches)
        if not self._searched:
            text = ""
        elif not total:
            text = "No matches"
        else:
            more = "+" if total >= SEARCH_LIMIT else ""
            text = f"{self._current + 1:,} of {total:,}{more}"
        self.count_label.setText(text)
        for button in (self.previous_button, self.next_button):
            button.setEnabled(total > 1)

    # -- building -----------------------------------------------------------------------

    def _action(self, text: str, name: str, shortcut: QKeySequence, slot: Any) -> QAction:
        action = named(QAction(text, self.view), name)
        action.setShortcut(shortcut)
        # Only while the tree has focus: the payload box and the window keep their own copy.
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        self.view.addAction(action)
        return action

    def _tool_button(self, icon: QStyle.StandardPixmap, name: str, tip: str) -> QToolButton:
        button = named(QToolButton(self), name, accessible=tip, tip=tip)
        button.setIcon(self.style().standardIcon(icon))
        button.setAutoRaise(True)
        return button

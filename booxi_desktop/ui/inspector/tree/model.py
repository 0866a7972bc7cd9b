"""A read-only tree over an already parsed JSON document, built only as far as it is viewed.

Webhook payloads can hold hundreds of thousands of values; an item per value up front
(QStandardItemModel) costs seconds and a hundred megabytes. Here a node exists only
once a view asked for its index, and searching walks the Python objects instead of nodes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple, overload

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from booxi_desktop.core.jsondoc.decode import PathPart, format_path, json_type_name

ModelIndex = QModelIndex | QPersistentModelIndex

KEY_COLUMN, VALUE_COLUMN, TYPE_COLUMN = 0, 1, 2
PATH_ROLE = Qt.ItemDataRole.UserRole + 1
_HEADERS = ("Key", "Value", "Type")
# data() and flags() run for every cell painted, data() for each of eight roles: plain
# ints and a prebuilt flag keep enum arithmetic, a Python call each, off that path.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_PATH = int(PATH_ROLE)
_ANSWERED = frozenset((_DISPLAY, _TOOLTIP, _BACKGROUND, _PATH))
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_MATCH_BACKGROUND = QBrush(QColor("#fff3b0"))
_SHOWN_CHARS = 200
_TOOLTIP_CHARS = 2000


class FindMatch(NamedTuple):
    parts: tuple[PathPart, ...]
    path: str
    column: int  # KEY_COLUMN when the key matched, else VALUE_COLUMN


class _Node:
    """One row; its children list is filled slot by slot as rows are asked for."""

    __slots__ = ("children", "key", "key_rows", "keys", "parent", "row", "value")

    def __init__(self, parent: _Node | None, row: int, key: PathPart | None, value: Any) -> None:
        self.parent = parent
        self.row = row
        self.key = key  # None: the document itself (a scalar document's only row)
        self.value = value
        self.children: list[_Node | None] | None = None
        self.keys: list[str] | None = None
        self.key_rows: dict[str, int] | None = None

    def child_count(self) -> int:
        value = self.value
        return len(value) if isinstance(value, dict | list) else 0

    def child(self, row: int) -> _Node:
        children = self.children
        if children is None:
            children = self.children = [None] * self.child_count()
            if isinstance(self.value, dict):
                self.keys = list(self.value)
        node = children[row]
        if node is None:
            key: PathPart = self.keys[row] if self.keys is not None else row
            node = children[row] = _Node(self, row, key, self.value[key])
        return node

    def row_of(self, part: PathPart) -> int | None:
        if isinstance(self.value, list):
            if isinstance(part, int) and 0 <= part < len(self.value):
                return part
            return None
        if not isinstance(self.value, dict) or not isinstance(part, str):
            return None
        if self.key_rows is None:
            self.key_rows = {k: i for i, k in enumerate(self.value)}
        return self.key_rows.get(part)

    def parts(self) -> tuple[PathPart, ...]:
        out: list[PathPart] = []
        node: _Node | None = self
        while node is not None and node.key is not None:
            out.append(node.key)
            node = node.parent
        return tuple(reversed(out))


class JsonTreeModel(QAbstractItemModel):
    """Key / Value / Type columns over a parsed document; key order is the document's."""

    def __init__(self, document: Any = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._root = _make_root(document)
        self._matches: frozenset[tuple[tuple[PathPart, ...], int]] = frozenset()

    @property
    def matches(self) -> frozenset[tuple[tuple[PathPart, ...], int]]:
        """The (path, column) of every cell painted as a search match."""
        return self._matches

    def set_matches(self, matches: Iterable[FindMatch]) -> None:
        """Paint the cells of these matches in a highlight colour, and no others."""
        cells = frozenset((m.parts, m.column) for m in matches)
        if cells == self._matches:
            return  # a new payload clears a search that found nothing: nothing to repaint
        self._matches = cells
        rows = self.rowCount()
        if rows:
            # A range of rows makes a view repaint all it shows, nested rows included.
            last = self.index(rows - 1, len(_HEADERS) - 1)
            self.dataChanged.emit(self.index(0, 0), last, [Qt.ItemDataRole.BackgroundRole])

    def set_document(self, document: Any) -> None:
        self.beginResetModel()
        self._document = document
        self._root = _make_root(document)
        self._matches = frozenset()
        self.endResetModel()

    def document(self) -> Any:
        return self._document

    # -- QAbstractItemModel -------------------------------------------------------

    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= len(_HEADERS) or parent.column() > 0:
            return QModelIndex()
        node = self._node(parent)
        if row < 0 or row >= node.child_count():
            return QModelIndex()
        return self.createIndex(row, column, node.child(row))

    @overload
    def parent(self) -> QObject | None: ...
    @overload
    def parent(self, child: ModelIndex) -> QModelIndex: ...
    def parent(self, child: ModelIndex | None = None) -> QObject | QModelIndex | None:
        if child is None:
            return super().parent()
        if not child.isValid():
            return QModelIndex()
        up = child.internalPointer().parent
        if up is None or up is self._root:
            return QModelIndex()
        return self.createIndex(up.row, 0, up)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.column() > 0:
            return 0
        return self._node(parent).child_count()

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(_HEADERS)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ANSWERED or not index.isValid():
            return None
        node: _Node = index.internalPointer()
        column = index.column()
        if role == _DISPLAY:
            if column == KEY_COLUMN:
                return _key_label(node.key)
            if column == VALUE_COLUMN:
                return _value_label(node.value, _SHOWN_CHARS)
            return json_type_name(node.value)
        if role == _BACKGROUND:
            if self._matches and (node.parts(), column) in self._matches:
                return _MATCH_BACKGROUND
            return None
        if role == _TOOLTIP and column == VALUE_COLUMN:
            return _value_label(node.value, _TOOLTIP_CHARS)
        if role == _PATH:
            return format_path(node.parts())
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(_HEADERS)
        ):
            return _HEADERS[section]
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _FLAGS

    # -- paths, copying and search ----------------------------------------------

    def path_parts(self, index: ModelIndex) -> tuple[PathPart, ...]:
        return self._node(index).parts() if index.isValid() else ()

    def path_of(self, index: ModelIndex) -> str:
        """``eventContent.clientLinks[1].metadata.loyaltyTier``, as a user would write it."""
        return format_path(self.path_parts(index))

    def value_of(self, index: ModelIndex) -> Any:
        return self._node(index).value if index.isValid() else self.document()

    def value_text(self, index: ModelIndex) -> str:
        """What copying puts on the clipboard: a string's own text, JSON for the rest."""
        value = self.value_of(index)
        if isinstance(value, str):
            return value
        return json.dumps(value, ensure_ascii=False, indent=2 if _is_container(value) else None)

    def index_for_path(self, parts: Sequence[PathPart], column: int = 0) -> QModelIndex:
        """The index at ``parts``, creating only the nodes along the way; invalid if absent."""
        node = self._root
        if not _is_container(self._document):  # its single row has the empty path
            return QModelIndex() if parts else self.createIndex(0, column, node.child(0))
        for part in parts:
            row = node.row_of(part)
            if row is None:
                return QModelIndex()
            node = node.child(row)
        if node is self._root:
            return QModelIndex()
        return self.createIndex(node.row, column, node)

    def index_for_match(self, match: FindMatch) -> QModelIndex:
        return self.index_for_path(match.parts, match.column)

    def find(self, text: str, *, limit: int = 10_000) -> list[FindMatch]:
        """Keys and scalar values containing ``text`` (case-insensitive), in document order."""
        needle = text.casefold()
        if not needle:
            return []
        found: list[FindMatch] = []
        for parts, key, value in _walk(self.document()):
            if isinstance(key, str) and needle in key.casefold():
                column = KEY_COLUMN
            elif not _is_container(value) and needle in _scalar_text(value).casefold():
                column = VALUE_COLUMN
            else:
                continue
            found.append(FindMatch(parts, format_path(parts), column))
            if len(found) >= limit:
                break
        return found

    # -- internals ------------------------------------------------------------------

    def _node(self, index: ModelIndex) -> _Node:
        if not index.isValid():
            return self._root
        node: _Node = index.internalPointer()
        return node


def _make_root(document: Any) -> _Node:
    if _is_container(document):
        return _Node(None, 0, None, document)
    # The root row is never shown, so a bare scalar gets a row of its own under it.
    root = _Node(None, 0, None, [document])
    root.children = [_Node(root, 0, None, document)]
    return root


def _walk(document: Any) -> Iterator[tuple[tuple[PathPart, ...], PathPart, Any]]:
    """Every value below the document in pre-order, without recursion."""
    stack: list[tuple[Iterator[tuple[PathPart, Any]], tuple[PathPart, ...]]] = []
    if _is_container(document):
        stack.append((_items(document), ()))
    else:
        yield (), "", document
    while stack:
        items, prefix = stack[-1]
        for key, value in items:
            parts = (*prefix, key)
            yield parts, key, value
            if _is_container(value) and value:
                stack.append((_items(value), parts))
                break
        else:
            stack.pop()


def _items(container: dict[str, Any] | list[Any]) -> Iterator[tuple[PathPart, Any]]:
    if isinstance(container, dict):
        return iter(container.items())
    return enumerate(container)


def _is_container(value: object) -> bool:
    return isinstance(value, dict | list)


def _key_label(key: PathPart | None) -> str:
    if key is None:
        return "(value)"
    if isinstance(key, int):
        return f"[{key}]"
    return key or '""'


def _value_label(value: Any, limit: int) -> str:
    if isinstance(value, dict):
        return "{1 key}" if len(value) == 1 else f"{{{len(value)} keys}}"
    if isinstance(value, list):
        return "[1 item]" if len(value) == 1 else f"[{len(value)} items]"
    # Cut before replacing: a megabyte string would otherwise be copied on every paint.
    text = _scalar_text(value)[: limit + 1]
    # One visual line per row; the tooltip and copying give the full text.
    text = text.replace("\r\n", "\n").replace("\n", "↵ ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _scalar_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value)

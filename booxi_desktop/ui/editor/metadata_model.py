"""The metadata table being edited: key/value rows, change marks against a baseline, validation.

A view's edit through :meth:`MetadataTableModel.setData` changes nothing by itself: the
model emits :attr:`~MetadataTableModel.editRequested` and the editor pushes the undo
command, whose ``*_raw`` mutators change the rows without recording anything (they are
meant for those commands only). Validation and the modified state are computed at most
once per change, on first use, so that a 10,000-row table stays quick to edit.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QUndoStack

from booxi_desktop.core.link.diff import same_value
from booxi_desktop.core.link.model import Metadata, MetaValue, value_text
from booxi_desktop.core.link.validation import Severity, ValidationIssue, validate
from booxi_desktop.core.text import elide
from booxi_desktop.core.visible_text import visible
from booxi_desktop.ui.editor.rows import KEY_COLUMN, VALUE_COLUMN, AnyIndex, Row
from booxi_desktop.ui.widgets import theme

HEADERS = ("Key", "Value")
_ISSUE_COLUMNS = {"key": KEY_COLUMN, "value": VALUE_COLUMN}  # ValidationIssue.column names

ChangedRole = Qt.ItemDataRole.UserRole + 1
"""bool: the cell differs from the baseline (its key is new, or its value changed)."""
IssueRole = Qt.ItemDataRole.UserRole + 2
"""The cell's worst validation severity as ``Severity.value`` ("error", "warning"), or None."""


_ROOT = QModelIndex()
_Role = Qt.ItemDataRole
_ALL_MARK_ROLES = [
    _Role.BackgroundRole,
    _Role.FontRole,
    _Role.ToolTipRole,
    ChangedRole,
    IssueRole,
]


def same_rows(a: Sequence[Row], b: Sequence[Row]) -> bool:
    # The list comparison runs in C; the type check is needed only when it says equal.
    return a == b and all(type(x[1]) is type(y[1]) for x, y in zip(a, b, strict=True))


def contiguous_runs(positions: Sequence[int]) -> list[tuple[int, int]]:
    """``[1, 2, 3, 7, 8]`` -> ``[(1, 3), (7, 8)]``; ``positions`` must be sorted and unique."""
    runs: list[tuple[int, int]] = []
    for position in positions:
        if runs and runs[-1][1] == position - 1:
            runs[-1] = (runs[-1][0], position)
        else:
            runs.append((position, position))
    return runs


@dataclass(frozen=True)
class _Checks:
    issues: list[ValidationIssue]
    by_cell: dict[tuple[int, int], list[ValidationIssue]]

    @classmethod
    def of(cls, rows: Sequence[Row]) -> _Checks:
        issues = validate("", rows)
        by_cell: dict[tuple[int, int], list[ValidationIssue]] = {}
        for issue in issues:
            column = _ISSUE_COLUMNS.get(issue.column)
            if issue.row is not None and column is not None:
                by_cell.setdefault((issue.row, column), []).append(issue)
        return cls(issues, by_cell)


class MetadataTableModel(QAbstractTableModel):
    """Two columns, "Key" and "Value"; duplicate and empty keys are allowed and flagged."""

    contentChanged = Signal()
    """Emitted once after any change of the rows (once per batch, see :meth:`batched`)."""
    contentSettled = Signal()
    """Emitted once the event loop runs again after one or more :attr:`contentChanged`.

    Jumping far in the undo history (QUndoView, ``QUndoStack.setIndex``) undoes many
    commands in one go; work that costs O(rows), such as a validation summary or writing
    a draft, belongs here so that it runs once per jump instead of once per step.
    """
    baselineChanged = Signal()
    """Emitted after :meth:`set_baseline`: the modified state may differ, the rows do not."""
    editRequested = Signal(int, int, object)
    """``(row, column, value)``: a view asked for a cell to change (see :meth:`setData`)."""

    def __init__(self, undo_stack: QUndoStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = undo_stack
        self._rows: list[Row] = []
        self._baseline_rows: list[Row] = []
        self._baseline: Metadata = {}
        self._checks: _Checks | None = None
        self._modified: bool | None = None
        self._batch_depth = 0
        self._batch_dirty = False
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(0)
        self._settle.timeout.connect(self.contentSettled)

    # ----- content and baseline

    def load(self, rows: Sequence[Row]) -> None:
        """Show a newly fetched link: new rows, new baseline, and a new undo history.

        The history is cleared because its commands address rows of the previous content.
        """
        self.undo_stack.clear()
        self._store_baseline(rows)
        self.replace_all_raw(rows)

    def set_baseline(self, rows: Sequence[Row] | None = None) -> None:
        """Mark ``rows`` (default: the current rows) as the saved state, e.g. after a save."""
        self._store_baseline(self._rows if rows is None else rows)
        self._emit_marks_changed()
        self.baselineChanged.emit()

    def baseline(self) -> list[Row]:
        return list(self._baseline_rows)

    def rows(self) -> list[Row]:
        return list(self._rows)

    def metadata(self) -> Metadata:
        """The rows as a dict in row order; with duplicate keys the last row wins."""
        return dict(self._rows)

    def cell(self, row: int, column: int) -> MetaValue:
        key, value = self._rows[row]
        return key if column == KEY_COLUMN else value

    def is_modified(self) -> bool:
        if self._modified is None:
            self._modified = not same_rows(self._rows, self._baseline_rows)
        return self._modified

    def is_changed(self, row: int, column: int) -> bool:
        """Whether the cell differs from the baseline, judged by key (rows may move)."""
        key, value = self._rows[row]
        if key not in self._baseline:
            return True
        return column == VALUE_COLUMN and not same_value(self._baseline[key], value)

    def issues(self) -> list[ValidationIssue]:
        """Validation of the metadata rows (the externalId is not part of this model)."""
        return list(self._validation().issues)

    # ----- raw mutators: they record nothing, undo commands call them

    def set_cell_raw(self, row: int, column: int, value: MetaValue) -> None:
        key, old = self._rows[row]
        if column == KEY_COLUMN:
            self._rows[row] = (value if isinstance(value, str) else value_text(value), old)
        else:
            self._rows[row] = (key, value)
        self._forget_derived()
        cell = self.index(row, column)
        self.dataChanged.emit(cell, cell)
        if column == KEY_COLUMN:
            # A key decides its row's change marks and other rows' duplicate marks.
            self._emit_marks_changed()
        self._announce()

    def insert_rows_raw(self, position: int, rows: Sequence[Row]) -> None:
        if not rows:
            return
        position = max(0, min(position, len(self._rows)))
        self.beginInsertRows(_ROOT, position, position + len(rows) - 1)
        self._rows[position:position] = rows
        self._forget_derived()
        self.endInsertRows()
        self._emit_marks_changed()
        self._announce()

    def remove_rows_raw(self, positions: Iterable[int]) -> list[tuple[int, Row]]:
        """Remove rows; returns ``(position, row)`` ascending, for :meth:`restore_rows_raw`."""
        wanted = sorted({p for p in positions if 0 <= p < len(self._rows)})
        if not wanted:
            return []
        removed = [(p, self._rows[p]) for p in wanted]
        for first, last in reversed(contiguous_runs(wanted)):
            self.beginRemoveRows(_ROOT, first, last)
            del self._rows[first : last + 1]
            self._forget_derived()
            self.endRemoveRows()
        self._emit_marks_changed()
        self._announce()
        return removed

    def restore_rows_raw(self, removed: Sequence[tuple[int, Row]]) -> None:
        """Put back what :meth:`remove_rows_raw` returned, at the original positions."""
        ordered = sorted(removed, key=lambda item: item[0])
        with self.batched():
            for first, last in contiguous_runs([p for p, _ in ordered]):
                run = [row for p, row in ordered if first <= p <= last]
                self.insert_rows_raw(first, run)

    def replace_all_raw(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._forget_derived()
        self.endResetModel()
        self._announce()

    @contextmanager
    def batched(self) -> Iterator[None]:
        """Group several raw changes so that :attr:`contentChanged` is emitted once."""
        self._batch_depth += 1
        try:
            yield
        finally:
            self._batch_depth -= 1
            if self._batch_depth == 0 and self._batch_dirty:
                self._batch_dirty = False
                self._emit_content_changed()

    # ----- Qt model interface

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEditable
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = _Role.DisplayRole
    ) -> Any:
        if role != _Role.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return str(section + 1)

    def data(self, index: AnyIndex, role: int = _Role.DisplayRole) -> Any:
        row, column = index.row(), index.column()
        if not index.isValid() or row >= len(self._rows):
            return None
        key, value = self._rows[row]
        if role == _Role.DisplayRole:
            # Hidden and bidi characters shown as markers; the edit role stays exact, so
            # typing, copying and undo work on the real text.
            return visible(key if column == KEY_COLUMN else value_text(value))
        if role == _Role.EditRole:
            # A null value opens an empty editor rather than the word "null".
            return key if column == KEY_COLUMN else "" if value is None else value_text(value)
        if role == ChangedRole:
            return self.is_changed(row, column)
        if role == IssueRole:
            severity = self._severity(row, column)
            return severity.value if severity else None
        if role == _Role.BackgroundRole:
            return self._background(row, column)
        if role == _Role.FontRole:
            return self._font(row, column)
        if role == _Role.ToolTipRole:
            return self._tooltip(row, column)
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = _Role.EditRole) -> bool:
        """A view's edit is asked for with :attr:`editRequested` instead of made directly.

        Whoever owns the undo history (the link editor) turns the request into an undoable
        command; an edit that changes nothing is not requested at all.
        """
        if role != _Role.EditRole or not index.isValid() or index.row() >= len(self._rows):
            return False
        row, column = index.row(), index.column()
        new = _coerce(value, column)
        if not same_value(self.cell(row, column), new):
            self.editRequested.emit(row, column, new)
        return True

    # ----- internals

    def _store_baseline(self, rows: Sequence[Row]) -> None:
        self._baseline_rows = list(rows)
        self._baseline = dict(self._baseline_rows)
        self._modified = None

    def _forget_derived(self) -> None:
        # Before any end*() or dataChanged: views read the model while those are emitted.
        self._checks = None
        self._modified = None

    def _announce(self) -> None:
        if self._batch_depth:
            self._batch_dirty = True
        else:
            self._emit_content_changed()

    def _emit_content_changed(self) -> None:
        self.contentChanged.emit()
        self._settle.start()  # restarting coalesces a burst into one contentSettled

    def _emit_marks_changed(self) -> None:
        if self._rows:
            last = self.index(len(self._rows) - 1, VALUE_COLUMN)
            self.dataChanged.emit(self.index(0, KEY_COLUMN), last, _ALL_MARK_ROLES)

    def _validation(self) -> _Checks:
        if self._checks is None:
            self._checks = _Checks.of(self._rows)
        return self._checks

    def _severity(self, row: int, column: int) -> Severity | None:
        found = self._validation().by_cell.get((row, column))
        if not found:
            return None
        return Severity.ERROR if any(i.is_error for i in found) else Severity.WARNING

    def _background(self, row: int, column: int) -> QColor | None:
        severity = self._severity(row, column)
        if severity is Severity.ERROR:
            return theme.qcolor(theme.ERROR_TINT)
        if severity is Severity.WARNING:
            return theme.qcolor(theme.WARNING_TINT)
        return theme.qcolor(theme.CHANGED_TINT) if self.is_changed(row, column) else None

    def _font(self, row: int, column: int) -> QFont | None:
        changed = self.is_changed(row, column)
        # Italic tells a JSON number, boolean or null apart from the same text.
        not_text = column == VALUE_COLUMN and not isinstance(self._rows[row][1], str)
        if not (changed or not_text):
            return None
        font = QFont()
        font.setBold(changed)
        font.setItalic(not_text)
        return font

    def _tooltip(self, row: int, column: int) -> str | None:
        lines = [issue.message for issue in self._validation().by_cell.get((row, column), ())]
        key, value = self._rows[row]
        if key not in self._baseline:
            lines.append("New key since the link was loaded or saved")
        elif column == VALUE_COLUMN and not same_value(self._baseline[key], value):
            lines.append(f"Was: {elide(value_text(self._baseline[key]), 200)}")
        return "\n".join(lines) if lines else None


def _coerce(value: Any, column: int) -> MetaValue:
    if column == KEY_COLUMN:
        return "" if value is None else str(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)

"""The history records as a table, filtered in the model.

Filtering here rather than in a ``QSortFilterProxyModel``: one pass over a list of
plain tuples per filter change, instead of a Python call per row for every query Qt
makes, which keeps ten thousand records quick to filter and to paint.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from booxi_desktop.core.history.record import HistoryRecord, Outcome
from booxi_desktop.core.regions import region_label
from booxi_desktop.core.text import local_time_text, utc_time_text
from booxi_desktop.core.visible_text import visible
from booxi_desktop.ui.widgets import theme

HEADERS = ("When", "Region", "Client", "Module", "Outcome", "Change", "From")
WHEN, REGION, CLIENT, MODULE, OUTCOME, CHANGE, SOURCE = range(len(HEADERS))
RecordRole = Qt.ItemDataRole.UserRole + 1
"""The row's :class:`HistoryRecord`."""

_SOURCES = {"window": "Window", "cli-put": "booxi-link put", "cli-restore": "backups restore"}
_Role = Qt.ItemDataRole
_ROOT = QModelIndex()
AnyIndex = QModelIndex | QPersistentModelIndex
_BAD = {Outcome.REFUSED, Outcome.UNKNOWN, Outcome.CONFLICT}


@dataclass(frozen=True)
class HistoryFilter:
    """Empty fields match everything; ``text`` matches any shown cell or the message."""

    client: str = ""
    module: str = ""
    region: str = ""
    text: str = ""

    def matches(self, record: HistoryRecord, haystack: str) -> bool:
        return (
            (not self.client or str(record.client_id) == self.client.strip())
            and (not self.module or record.module_id == self.module.strip())
            and (not self.region or record.region == self.region)
            and (not self.text or self.text.casefold() in haystack)
        )


def source_text(record: HistoryRecord) -> str:
    return _SOURCES.get(record.source.value, record.source.value)


def _cells(record: HistoryRecord) -> tuple[str, ...]:
    return (
        local_time_text(record.at),
        visible(record.region),
        str(record.client_id),
        visible(record.module_id),
        record.outcome_text,
        record.change.summary() if record.change else "—",
        source_text(record),
    )


def _change_words(record: HistoryRecord) -> str:
    """Keys and values the save touched, so that a search finds a value by its text."""
    change = record.change
    if change is None:
        return ""
    words: list[str] = []
    for key, value in (*change.added.items(), *change.removed.items()):
        words += [key, str(value)]
    for key, (old, new) in change.changed.items():
        words += [key, str(old), str(new)]
    if change.external_id:
        words += list(change.external_id)
    return " ".join(visible(w) for w in words)


class HistoryModel(QAbstractTableModel):
    """Rows in the order given (the journal reads newest first)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._records: list[HistoryRecord] = []
        # Cell texts are made on first paint of a row, then kept: a filter never remakes them.
        self._texts: dict[int, tuple[str, ...]] = {}
        self._haystacks: list[str] | None = None
        self._shown: list[int] = []
        self._filter = HistoryFilter()

    def set_records(self, records: Sequence[HistoryRecord]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self._texts = {}
        self._haystacks = None
        self._shown = self._matching(self._filter)
        self.endResetModel()

    def set_filter(self, rule: HistoryFilter) -> None:
        if rule == self._filter:
            return
        self.beginResetModel()
        self._filter = rule
        self._shown = self._matching(rule)
        self.endResetModel()

    @property
    def total(self) -> int:
        return len(self._records)

    def record(self, row: int) -> HistoryRecord | None:
        if 0 <= row < len(self._shown):
            return self._records[self._shown[row]]
        return None

    def row_of(self, record: HistoryRecord) -> int:
        for row, i in enumerate(self._shown):
            if self._records[i] == record:
                return row
        return -1

    def regions(self) -> list[str]:
        return sorted({r.region for r in self._records})

    def _matching(self, rule: HistoryFilter) -> list[int]:
        if rule == HistoryFilter():
            return list(range(len(self._records)))
        if rule.text and self._haystacks is None:
            self._haystacks = [
                " ".join(
                    (*self._row_texts(i), r.message, region_label(r.region), _change_words(r))
                ).casefold()
                for i, r in enumerate(self._records)
            ]
        stacks = self._haystacks
        return [
            i
            for i, r in enumerate(self._records)
            if rule.matches(r, stacks[i] if stacks is not None else "")
        ]

    def _row_texts(self, i: int) -> tuple[str, ...]:
        texts = self._texts.get(i)
        if texts is None:
            texts = self._texts[i] = _cells(self._records[i])
        return texts

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = _Role.DisplayRole
    ) -> Any:
        if role == _Role.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: AnyIndex, role: int = _Role.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        i = self._shown[index.row()]
        record = self._records[i]
        column = index.column()
        if role == _Role.DisplayRole:
            return self._row_texts(i)[column]
        if role == RecordRole:
            return record
        if role == _Role.ToolTipRole:
            lines = [utc_time_text(record.at)]
            if record.message:
                lines.append(visible(record.message))
            if record.backup_path:
                lines.append(f"Backup: {record.backup_path}")
            return "\n".join(lines)
        if role == _Role.ForegroundRole and column == OUTCOME and record.outcome in _BAD:
            return theme.qcolor(theme.RED)
        if role == _Role.TextAlignmentRole and column == CLIENT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

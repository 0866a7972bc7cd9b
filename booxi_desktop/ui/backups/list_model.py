"""The backups of one link as a table: when (local time), why, and how many keys."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from booxi_desktop.core.storage.backups import BackupEntry
from booxi_desktop.core.text import local_time_text, utc_time_text
from booxi_desktop.core.visible_text import visible

HEADERS = ("Saved", "Reason", "Keys")
SAVED_COLUMN, REASON_COLUMN, KEYS_COLUMN = 0, 1, 2
# Shown after those when the list holds the backups of every link.
LINK_HEADERS = ("Region", "Client", "Module")
EntryRole = Qt.ItemDataRole.UserRole + 1
"""The row's :class:`BackupEntry`."""

_REASONS = {"before-save": "Before a save", "manual": "Manual backup"}
_Role = Qt.ItemDataRole
_ROOT = QModelIndex()
AnyIndex = QModelIndex | QPersistentModelIndex


def reason_text(reason: str) -> str:
    return _REASONS.get(reason, reason or "—")


class BackupListModel(QAbstractTableModel):
    """Rows in the order given (the store lists newest first)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[BackupEntry] = []
        self._show_link = False

    def set_show_link(self, show: bool) -> None:
        """Add the region, client and module columns (for a list of several links)."""
        if show != self._show_link:
            self.beginResetModel()
            self._show_link = show
            self.endResetModel()

    @property
    def show_link(self) -> bool:
        return self._show_link

    def _headers(self) -> tuple[str, ...]:
        return HEADERS + LINK_HEADERS if self._show_link else HEADERS

    def set_entries(self, entries: Sequence[BackupEntry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entries(self) -> list[BackupEntry]:
        return list(self._entries)

    def entry(self, row: int) -> BackupEntry | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def row_of(self, path: Path) -> int:
        """The row of the backup stored at ``path``, or -1."""
        for row, entry in enumerate(self._entries):
            if entry.path == path:
                return row
        return -1

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._headers())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = _Role.DisplayRole
    ) -> Any:
        if role == _Role.DisplayRole and orientation == Qt.Orientation.Horizontal:
            headers = self._headers()
            return headers[section] if 0 <= section < len(headers) else None
        return None

    def data(self, index: AnyIndex, role: int = _Role.DisplayRole) -> Any:
        entry = self.entry(index.row()) if index.isValid() else None
        if entry is None:
            return None
        column = index.column()
        if role == EntryRole:
            return entry
        if role == _Role.DisplayRole:
            if column == SAVED_COLUMN:
                return local_time_text(entry.saved_at)
            if column == REASON_COLUMN:
                return reason_text(entry.reason)
            if column == KEYS_COLUMN:
                return str(len(entry.link.metadata))
            if self._show_link:
                return (entry.region, str(entry.client_id), visible(entry.module_id))[
                    column - len(HEADERS)
                ]
        if role == _Role.ToolTipRole:
            return f"{utc_time_text(entry.saved_at)}\n{entry.path}"
        if role == _Role.TextAlignmentRole and column == KEYS_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

"""The client picker of a group reservation: a prompt, then each client of the event.

A model rather than combo box items: group events can list thousands of clients, and
an item per client costs milliseconds before the findings show; here a label is only
made when the list shows it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from booxi_desktop.core.webhook.analysis import ClientNames

ModelIndex = QModelIndex | QPersistentModelIndex


class ClientChoicesModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids: Sequence[int] = ()
        self._outsider: int | None = None
        self._names = ClientNames()

    def set_choices(
        self, ids: Sequence[int], names: ClientNames, chosen: int | None = None
    ) -> None:
        """``chosen`` is listed at the end when the event does not have it."""
        self.beginResetModel()
        self._ids = ids
        self._names = names
        self._outsider = chosen if chosen is not None and chosen not in ids else None
        self.endResetModel()

    def choice(self, row: int) -> int | None:
        """The client on ``row``; ``None`` for the prompt (no client picked)."""
        if row <= 0 or row > len(self._ids) + (self._outsider is not None):
            return None
        return self._ids[row - 1] if row <= len(self._ids) else self._outsider

    def row_of(self, client_id: int | None) -> int:
        if client_id is None:
            return 0
        if client_id == self._outsider:
            return len(self._ids) + 1
        try:
            return self._ids.index(client_id) + 1
        except ValueError:
            return 0

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return 1 + len(self._ids) + (self._outsider is not None)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        row = index.row()
        if row == 0:
            return "Choose a client…" if len(self._ids) > 1 else "Any client"
        client = self.choice(row)
        if client is None:
            return None
        if client == self._outsider:
            return f"{client} (not in this event)"
        name = self._names.get(client)
        return f"{client} — {name}" if name else str(client)

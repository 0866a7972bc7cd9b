"""The deliveries received, as a table: rows are appended and dropped, never reset.

Appending keeps the selection where it is; dropping the oldest (as the ring evicts them)
removes rows at the top, and Qt's persistent indexes keep the selection on its delivery.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from booxi_desktop.core.webhook.receiver.delivery import NO_VALUE, Delivery
from booxi_desktop.ui.widgets import theme

COLUMNS = ("#", "Time", "Method", "Event id", "Clients", "Module", "Problems", "Status")
ModelIndex = QModelIndex | QPersistentModelIndex


class DeliveryModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Delivery] = []

    @property
    def last_number(self) -> int:
        return self._rows[-1].number if self._rows else 0

    def deliveries(self) -> list[Delivery]:
        return list(self._rows)

    def delivery(self, row: int) -> Delivery | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, number: int) -> int | None:
        if not self._rows:
            return None
        row = number - self._rows[0].number
        return row if 0 <= row < len(self._rows) else None

    def update(self, new: Sequence[Delivery], first_kept: int) -> None:
        """Drop the rows numbered below ``first_kept`` (evicted), then append ``new``."""
        drop = 0
        if self._rows:
            drop = min(len(self._rows), max(0, first_kept - self._rows[0].number))
        if drop:
            self.beginRemoveRows(QModelIndex(), 0, drop - 1)
            del self._rows[:drop]
            self.endRemoveRows()
        fresh = [d for d in new if d.number > self.last_number and d.number >= first_kept]
        if fresh:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(fresh) - 1)
            self._rows.extend(fresh)
            self.endInsertRows()

    def clear(self) -> None:
        self.beginResetModel()
        self._rows.clear()
        self.endResetModel()

    # -- the model ------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        delivery = self.delivery(index.row()) if index.isValid() else None
        if delivery is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(delivery, index.column())
        if role == Qt.ItemDataRole.ForegroundRole:
            if delivery.refused or (index.column() == 6 and delivery.problem_count):
                return theme.qcolor(theme.RED if delivery.refused else theme.AMBER)
            if index.column() == 5 and delivery.match_text == "match":
                return theme.qcolor(theme.GREEN)
            if delivery.duplicate_of is not None:
                return theme.qcolor(theme.GREY)
        if role == Qt.ItemDataRole.ToolTipRole:
            return delivery.error
        return None


def cell_text(delivery: Delivery, column: int) -> str:
    if column == 0:
        return str(delivery.number)
    if column == 1:
        return delivery.received_at.astimezone().strftime("%H:%M:%S.%f")[:-3]
    if column == 2:
        return delivery.method
    if column == 3:
        return delivery.event_id or NO_VALUE
    if column == 4:
        return delivery.clients_text
    if column == 5:
        return delivery.match_text
    if column == 6:
        return str(delivery.problem_count)
    if delivery.duplicate_of is not None:
        return f"duplicate of #{delivery.duplicate_of}"
    if delivery.refused:
        return f"refused {delivery.status}"
    return "not JSON" if delivery.summary is None else "ok"


def headers_text(delivery: Delivery) -> str:
    """The request as received, without its body: for the headers view."""
    lines = [f"{delivery.method} {delivery.target} HTTP/1.1"]
    lines += [f"{name}: {value}" for name, value in delivery.headers]
    lines += ["", f"Body: {len(delivery.body):,} bytes; answered {delivery.status}."]
    if delivery.error:
        lines.append(delivery.error)
    return "\n".join(lines)

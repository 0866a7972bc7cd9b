"""The clients a find by external id answered, as table rows (tested without widgets)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from booxi_desktop.core.text import plural
from booxi_desktop.core.visible_text import visible

if TYPE_CHECKING:
    from booxi_desktop.core.remote.client import ClientSearch

_ROOT = QModelIndex()
AnyIndex = QModelIndex | QPersistentModelIndex
HEADERS = ("Name", "Email", "Client id", "External id")
FIRST_MATCHES_NOTE = "Booxi returns only the first matches (its search has no paging)."


@dataclass(frozen=True)
class ResultRow:
    client_id: int
    name: str
    email: str
    external_id: str

    def cells(self) -> tuple[str, str, str, str]:
        return (
            visible(self.name),
            visible(self.email),
            str(self.client_id),
            visible(self.external_id),
        )


def result_rows(search: ClientSearch, module_id: str) -> list[ResultRow]:
    """One row per client found, with its link's externalId in ``module_id``.

    A client listed without a link in that module still gets a row (externalId empty),
    and a link whose client is not listed gets one too: nothing the answer holds is hidden.
    """
    clients = {c.id: c for c in search.clients if c.id is not None}
    links = {ln.client_id: ln for ln in search.links if ln.module_id == module_id}
    ids = list(dict.fromkeys([*clients, *links]))
    rows = []
    for cid in ids:
        client = clients.get(cid)
        link = links.get(cid)
        rows.append(
            ResultRow(
                client_id=cid,
                name=client.display_name if client else "(not in the answer)",
                email=client.email if client else "",
                external_id=link.external_id if link else "",
            )
        )
    return rows


def summary_text(rows: list[ResultRow], external_id: str, module_id: str) -> str:
    if not rows:
        return (
            f"No client matched external id “{visible(external_id)}” in module "
            f"{visible(module_id)}. {FIRST_MATCHES_NOTE}"
        )
    found = plural(len(rows), "client")
    return (
        f"{found} found. Double-click a row (or press Enter) to open its link. {FIRST_MATCHES_NOTE}"
    )


class FindResultsModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[ResultRow] = []

    def set_rows(self, rows: list[ResultRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> ResultRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = self.row_at(index.row())
        if row is None or not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return row.cells()[index.column()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

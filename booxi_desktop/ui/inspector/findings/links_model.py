"""The client module links found in a webhook event, one row each, the matching one marked.

A table model rather than a widget per link: group events can carry thousands of links.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from booxi_desktop.core.link.model import invalid_date_text
from booxi_desktop.core.text import local_time_text, utc_time_text
from booxi_desktop.core.webhook.analysis import Findings
from booxi_desktop.core.webhook.links import FoundLink
from booxi_desktop.ui.widgets import theme

ModelIndex = QModelIndex | QPersistentModelIndex

(
    ENTRY_COLUMN,
    MODULE_COLUMN,
    CLIENT_COLUMN,
    EXTERNAL_COLUMN,
    KEYS_COLUMN,
    MODIFIED_COLUMN,
    CRM_COLUMN,
) = range(7)
LINK_ROLE = Qt.ItemDataRole.UserRole + 1
_HEADERS = ("#", "Module", "Client", "External ID", "Keys", "Modified (local)", "CRM")
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CRM_TEXT = {"returning": "Returning customer", "new": "New — set the externalId"}
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
# A view asks eight roles of every cell it paints; the others are answered before any
# Python call into the index.
_ANSWERED = frozenset(
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        LINK_ROLE,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ToolTipRole,
    )
)


def crm_text(link: FoundLink) -> str:
    return _CRM_TEXT.get(link.crm_status or "", "")


class FoundLinksModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._links: Sequence[FoundLink] = ()
        self._match: FoundLink | None = None
        self._match_row: int | None = None
        self._bold = QFont()
        self._bold.setBold(True)

    def set_findings(self, findings: Findings | None) -> None:
        self.beginResetModel()
        # Kept as it is: a group event's links are only read as their rows are shown.
        self._links = findings.links if findings is not None else ()
        self._match = findings.match if findings is not None else None
        self._match_row = None
        if findings is not None and findings.match is not None:
            self._match_row = findings.links.position(findings.match)
        self.endResetModel()

    def bold_font(self) -> QFont:
        """The match row's font, the widest the table uses."""
        return self._bold

    def link(self, row: int) -> FoundLink | None:
        return self._links[row] if 0 <= row < len(self._links) else None

    def match_row(self) -> int | None:
        return self._match_row

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._links)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[section] if 0 <= section < len(_HEADERS) else None
        return None

    def texts(self, column: int, rows: int) -> list[str]:
        """The header and the first ``rows`` cells of ``column``, to size it by."""
        links = self._links[:rows]
        return [_HEADERS[column], *(self._text(link, column) for link in links)]

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ANSWERED:
            return None
        link = self.link(index.row()) if index.isValid() else None
        if link is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(link, column)
        if role == LINK_ROLE:
            return link
        if role == Qt.ItemDataRole.FontRole and link is self._match:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole and column == EXTERNAL_COLUMN:
            return None if link.has_external_id else theme.qcolor(theme.RED)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (ENTRY_COLUMN, KEYS_COLUMN):
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(link, column)
        return None

    def _text(self, link: FoundLink, column: int) -> str:
        if column == ENTRY_COLUMN:
            return f"[{link.index}]"
        if column == MODULE_COLUMN:
            module = link.module_id or "?"
            return f"✓ {module}" if link is self._match else module
        if column == CLIENT_COLUMN:
            return "?" if link.client_id is None else str(link.client_id)
        if column == EXTERNAL_COLUMN:
            return link.external_id if link.has_external_id else "(none)"  # type: ignore[return-value]
        if column == KEYS_COLUMN:
            return str(link.metadata_key_count)
        if column == MODIFIED_COLUMN:
            if link.modified_on is None and "modifiedOn" in link.invalid_dates:
                return "invalid date"
            return local_time_text(link.modified_on)
        if column == CRM_COLUMN:
            return crm_text(link)
        return ""

    def _tooltip(self, link: FoundLink, column: int) -> str | None:
        if column == MODULE_COLUMN and link is self._match:
            return "The link the selected module reads from this event"
        if column == EXTERNAL_COLUMN and not link.has_external_id:
            return "No externalId: a new customer for this module"
        if column == MODIFIED_COLUMN:
            if link.modified_on is None and "modifiedOn" in link.invalid_dates:
                return invalid_date_text("modifiedOn", link.invalid_dates["modifiedOn"])
            return utc_time_text(link.modified_on) or None
        return link.path

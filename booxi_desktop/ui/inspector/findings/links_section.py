"""The event's client links: a table sized to its first rows, and the selected link in full."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from booxi_desktop.core.webhook.analysis import Findings
from booxi_desktop.core.webhook.links import FoundLink
from booxi_desktop.ui.inspector.findings import text as wording
from booxi_desktop.ui.inspector.findings.link_box import FoundLinkBox
from booxi_desktop.ui.inspector.findings.links_model import CRM_COLUMN, FoundLinksModel
from booxi_desktop.ui.widgets.naming import named
from booxi_desktop.ui.widgets.visibility import show_if
from booxi_desktop.ui.widgets.wrapping_label import WrappingLabel

# Rows the link table shows before it scrolls: each one shown costs a paint, and the
# client picker reaches the others.
_TABLE_ROWS = 5
_SIZED_ROWS = 20


class LinksSection(QWidget):
    pathActivated = Signal(str)
    openLinkRequested = Signal(object, str, bool)  # object: ids exceed a C++ int
    compareRequested = Signal(object)
    useMetadataRequested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = named(
            WrappingLabel(parent=self, text_format=Qt.TextFormat.RichText), "linksTitle"
        )
        self.title.linkActivated.connect(self.pathActivated)
        self.model = FoundLinksModel(self)
        self.view = self._build_table()
        self.link_box = FoundLinkBox(self)
        self.link_box.pathActivated.connect(self.pathActivated)
        self.link_box.openRequested.connect(self._open_requested)
        self.link_box.compareRequested.connect(self.compareRequested)
        self.link_box.useMetadataRequested.connect(self.useMetadataRequested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.title, self.view, self.link_box):
            layout.addWidget(widget)

    def show_findings(self, findings: Findings | None) -> None:
        """The links of ``findings`` (hidden when there are none); ``None`` empties it."""
        self.model.set_findings(findings)
        if findings is None:
            self.link_box.show_link(None)
            return
        count = len(findings.links)
        self.title.setText(f"<b>Client links ({count:,})</b>")
        has_crm = bool(findings.links) and findings.links[0].crm_status is not None
        self.view.setColumnHidden(CRM_COLUMN, not has_crm)
        self._size_columns()
        show_if(self, bool(count))
        self._fit_table()
        row = self.model.match_row()
        if row is None and count == 1:
            row = 0
        if row is not None:
            self.select_row(row)
        else:
            self.link_box.show_link(None, wording.no_selection_hint(findings))

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index)

    def _size_columns(self) -> None:
        """Each column as wide as its header and first rows, in the bold of the match row.

        resizeColumnsToContents() asks the model for eight roles of each cell it measures,
        a Python call each. Ids and dates have fixed lengths, so the texts of the first
        rows are enough, measured here directly.
        """
        view = self.view
        metrics = QFontMetrics(self.model.bold_font())
        padding = 2 * view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 12
        header = view.horizontalHeader()
        for column in range(self.model.columnCount() - 1):  # the last one stretches
            # Each text measured once: a column often repeats one module id or date.
            texts = set(self.model.texts(column, _SIZED_ROWS))
            header.resizeSection(column, max(metrics.horizontalAdvance(t) for t in texts) + padding)

    def _fit_table(self) -> None:
        """As tall as its rows, up to a handful: the findings scroll as a whole."""
        view = self.view
        rows = min(self.model.rowCount(), _TABLE_ROWS)
        scrollbar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        view.setFixedHeight(
            view.horizontalHeader().sizeHint().height()
            + rows * view.verticalHeader().defaultSectionSize()
            + scrollbar
            + 2 * view.frameWidth()
        )

    def _link_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.link_box.show_link(self.model.link(current.row()))

    def _link_clicked(self, index: QModelIndex) -> None:
        link = self.model.link(index.row())
        if link is not None:
            self.pathActivated.emit(link.path)

    def _open_requested(self, link: FoundLink, focus_external_id: bool) -> None:
        if link.client_id is not None and link.module_id:
            self.openLinkRequested.emit(link.client_id, link.module_id, focus_external_id)

    def _build_table(self) -> QTableView:
        view = named(QTableView(self), "linkTable", accessible="Client links")
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setWordWrap(False)
        # Always there, so that its height is known before the columns are: no second pass.
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        rows = view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(view.fontMetrics().height() + 8)
        # Row numbers come from the model's entry column: a vertical header measures its
        # first and last hundred labels each time the table is filled.
        rows.hide()
        view.horizontalHeader().setStretchLastSection(True)
        view.clicked.connect(self._link_clicked)
        view.selectionModel().currentRowChanged.connect(self._link_changed)
        return view

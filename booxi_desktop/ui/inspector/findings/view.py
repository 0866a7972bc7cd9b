"""What a webhook event says about client module links, beside its tree.

Where ``eventContent.clientLinks`` is, each link, the one the selected module reads (with
a client picker for group reservations), problems in plain words, fields nobody documents,
the CRM check, and the comparison with the live record. Anything that names a place in the
payload selects it in the tree through :attr:`FindingsView.pathActivated`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from booxi_desktop.core.jsondoc.decode import format_path
from booxi_desktop.core.link.diff import diff_links
from booxi_desktop.core.webhook.analysis import ClientNames, Findings
from booxi_desktop.core.webhook.links import FoundLink
from booxi_desktop.ui.inspector.findings import text as text
from booxi_desktop.ui.inspector.findings.client_choices_model import ClientChoicesModel
from booxi_desktop.ui.inspector.findings.link_box import FoundLinkBox, short_json
from booxi_desktop.ui.inspector.findings.links_model import CRM_COLUMN, FoundLinksModel
from booxi_desktop.ui.inspector.findings.problem_list import ProblemList
from booxi_desktop.ui.widgets.diff_view import DiffView, compare_wording
from booxi_desktop.ui.widgets.naming import named
from booxi_desktop.ui.widgets.theme import GREEN, GREY, SECONDARY_TEXT_STYLE, ink
from booxi_desktop.ui.widgets.visibility import show_if
from booxi_desktop.ui.widgets.wrapping_label import WrappingLabel

CrmChooser = Callable[[QWidget], Path | None]
"""Asks for a CRM export (one id per line, or CSV); ``None`` if cancelled."""

SHOWN_FIELDS = 200
_VISIBLE_ROWS = 6
# Rows the link table shows before it scrolls: each costs ~1 ms to paint, and the client
# picker reaches the others.
_TABLE_ROWS = 5
_SIZED_ROWS = 20
PATH_ROLE = Qt.ItemDataRole.UserRole + 1


class _Column(QWidget):
    """A column of wrapped labels, in a scroll area that sizes it to the viewport's width.

    Layouts ask a child widget for its size hint on each pass and, as it can shrink, use
    its minimum size instead; a layout with height for width answers that hint by laying
    every label out at one more width, for nothing.
    """

    def sizeHint(self) -> QSize:
        return self.minimumSizeHint()


def choose_crm_file(parent: QWidget) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(
        parent, "Load CRM customer ids", "", "CRM exports (*.csv *.txt *.tsv);;All files (*)"
    )
    return Path(path) if path else None


class FindingsView(QWidget):
    pathActivated = Signal(str)
    clientChosen = Signal(object)
    """``int`` or ``None`` (any client), picked in the client list."""
    crmFileChosen = Signal(object)
    crmCleared = Signal()
    openLinkRequested = Signal(object, str, bool)  # object: ids exceed a C++ int
    compareRequested = Signal(object)
    useMetadataRequested = Signal(object)

    def __init__(
        self, parent: QWidget | None = None, *, crm_chooser: CrmChooser = choose_crm_file
    ) -> None:
        super().__init__(parent)
        self.crm_chooser = crm_chooser
        self.findings: Findings | None = None
        self._compared: FoundLink | None = None
        self._build_context()
        self._build_links()
        self._build_comparison()
        self.problems_title = self._label("problemsTitle")
        self.problems = ProblemList(self)
        self.problems.pathActivated.connect(self.pathActivated)
        self.fields_title = self._label("fieldsTitle")
        self.fields = named(QListWidget(self), "otherFields", accessible="Other fields")
        self.fields.itemClicked.connect(self._field_clicked)
        self.fields.itemActivated.connect(self._field_clicked)
        self._build_layout()
        self.clear()

    # -- showing ------------------------------------------------------------------------

    def clear(self, message: str = "") -> None:
        """Empty, with ``message`` in grey; a comparison shown is of another payload now."""
        self.findings = None
        self.drop_comparison()
        self.summary.setText(
            f'<span style="color:{ink(GREY)}">{escape(message)}</span>' if message else ""
        )
        self._sections.hide()
        self.links_model.set_findings(None)
        self.link_box.show_link(None)

    def sections(self) -> list[QWidget]:
        """Every part that a payload's findings show or hide."""
        return [self._sections, *self._parts]

    def drop_comparison(self) -> None:
        self._compared = None
        self.comparison.hide()

    def show_findings(self, findings: Findings, client_names: ClientNames | None = None) -> None:
        """``client_names`` label the client picker's entries (``eventContent.clients``)."""
        self.findings = findings
        show_if(self._sections, True)
        self.summary.setText(text.summary_html(findings))
        self.module_label.setText(text.module_html(findings))
        self._show_clients(findings, ClientNames() if client_names is None else client_names)
        self.match_label.setText(text.match_html(findings))
        show_if(self.match_label, bool(self.match_label.text()))
        self._show_problems(findings)
        self._show_links(findings)
        self._show_fields(findings)

    def set_crm_state(self, message: str, *, loaded: bool) -> None:
        self.crm_status.setText(message or "No CRM ids loaded.")
        show_if(self.crm_clear, loaded)

    def selected_link(self) -> FoundLink | None:
        return self.link_box.link

    def select_link_row(self, row: int) -> None:
        index = self.links_model.index(row, 0)
        self.links_view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.links_view.scrollTo(index)

    def show_comparison(
        self, link: FoundLink, live_external_id: str, live_metadata: Mapping[str, Any]
    ) -> None:
        diff = diff_links(link.external_id or "", link.metadata, live_external_id, live_metadata)
        self.comparison_title.setText(
            f"Link [{link.index}] of the payload (client {link.client_id}, module "
            f"{link.module_id}) against what Booxi holds now:"
        )
        self.diff_view.set_diff(diff)
        self._reveal_comparison()

    def show_comparison_message(self, message: str) -> None:
        self.comparison_title.setText("")
        self.diff_view.set_message(message)
        self._reveal_comparison()

    @property
    def compared_link(self) -> FoundLink | None:
        return self._compared

    # -- sections -------------------------------------------------------------------------

    def _show_clients(self, findings: Findings, names: ClientNames) -> None:
        choosing = len(findings.client_ids) > 1 or findings.client_id is not None
        if self._context_form.isRowVisible(self.client_combo) != choosing:
            self._context_form.setRowVisible(self.client_combo, choosing)  # lays out again
        if not choosing:
            return
        combo = self.client_combo
        combo.blockSignals(True)
        self.client_choices.set_choices(findings.client_ids, names, findings.client_id)
        combo.setCurrentIndex(self.client_choices.row_of(findings.client_id))
        combo.blockSignals(False)

    def chosen_client(self) -> int | None:
        """The client picked in the list (``None``: none picked)."""
        return self.client_choices.choice(self.client_combo.currentIndex())

    def _show_problems(self, findings: Findings) -> None:
        problems = findings.problems
        if problems:
            self.problems_title.setText(f"<b>Problems ({len(problems):,})</b>")
        else:
            self.problems_title.setText(f'<b style="color:{ink(GREEN)}">✓ No problems found</b>')
        self.problems.set_problems(problems)
        show_if(self.problems, bool(problems))

    def _show_links(self, findings: Findings) -> None:
        count = len(findings.links)
        self.links_title.setText(f"<b>Client links ({count:,})</b>")
        self.links_model.set_findings(findings)
        has_crm = bool(findings.links) and findings.links[0].crm_status is not None
        self.links_view.setColumnHidden(CRM_COLUMN, not has_crm)
        self._size_columns()
        for widget in (self.links_title, self.links_view, self.link_box):
            show_if(widget, bool(count))
        self._fit_table()
        row = self.links_model.match_row()
        if row is None and count == 1:
            row = 0
        if row is not None:
            self.select_link_row(row)
        else:
            self.link_box.show_link(None, text.no_selection_hint(findings))

    def _show_fields(self, findings: Findings) -> None:
        entries: list[tuple[str, Any]] = [
            *((format_path((k,)), v) for k, v in findings.event_fields.items()),
            *((format_path(("eventContent", k)), v) for k, v in findings.content_fields.items()),
        ]
        total = len(entries)
        for link in findings.links.with_unknown_fields():
            total += len(link.unknown_fields)
            if len(entries) < SHOWN_FIELDS:
                entries.extend((f"{link.path}.{k}", v) for k, v in link.unknown_fields.items())
        self.fields.clear()
        for path, value in entries[:SHOWN_FIELDS]:
            item = QListWidgetItem(f"{path} = {short_json(value, 60)}")
            item.setData(PATH_ROLE, path)
            item.setToolTip(f"Click to show {path} in the tree")
            self.fields.addItem(item)
        self.fields_title.setText(
            f"<b>Other fields ({total:,})</b> "
            f'<span style="color:{ink(GREY)}">— not documented by Booxi; shown as sent</span>'
        )
        show_if(self.fields_title, bool(entries))
        show_if(self.fields, bool(entries))
        rows = min(self.fields.count(), _VISIBLE_ROWS + 2)
        self.fields.setFixedHeight(rows * self.fields.sizeHintForRow(0) + 6 if rows else 0)

    def _size_columns(self) -> None:
        """Each column as wide as its header and first rows, in the bold of the match row.

        resizeColumnsToContents() asks the model for eight roles of each cell it measures,
        a Python call each: ~5 ms for 40 rows. Ids and dates have fixed lengths, so the
        texts of the first rows are enough, measured here directly.
        """
        view = self.links_view
        metrics = QFontMetrics(self.links_model.bold_font())
        padding = 2 * view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 12
        header = view.horizontalHeader()
        for column in range(self.links_model.columnCount() - 1):  # the last one stretches
            # Each text measured once: a column often repeats one module id or date.
            texts = set(self.links_model.texts(column, _SIZED_ROWS))
            header.resizeSection(column, max(map(metrics.horizontalAdvance, texts)) + padding)

    def _fit_table(self) -> None:
        """As tall as its rows, up to a handful: the findings scroll as a whole."""
        view = self.links_view
        rows = min(self.links_model.rowCount(), _TABLE_ROWS)
        scrollbar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        view.setFixedHeight(
            view.horizontalHeader().sizeHint().height()
            + rows * view.verticalHeader().defaultSectionSize()
            + scrollbar
            + 2 * view.frameWidth()
        )

    # -- reacting ---------------------------------------------------------------------------

    def _client_activated(self, row: int) -> None:
        self.clientChosen.emit(self.client_choices.choice(row))

    def _link_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.link_box.show_link(self.links_model.link(current.row()))

    def _link_clicked(self, index: QModelIndex) -> None:
        link = self.links_model.link(index.row())
        if link is not None:
            self.pathActivated.emit(link.path)

    def _field_clicked(self, item: QListWidgetItem) -> None:
        path = item.data(PATH_ROLE)
        if path:
            self.pathActivated.emit(path)

    def _open_requested(self, link: FoundLink, focus_external_id: bool) -> None:
        if link.client_id is not None and link.module_id:
            self.openLinkRequested.emit(link.client_id, link.module_id, focus_external_id)

    def _compare_requested(self, link: FoundLink) -> None:
        self._compared = link
        self.show_comparison_message(f"Fetching the live record of client {link.client_id}…")
        self.compareRequested.emit(link)

    def _choose_crm(self) -> None:
        path = self.crm_chooser(self)
        if path is not None:
            self.crmFileChosen.emit(path)

    def _reveal_comparison(self) -> None:
        self.comparison.show()
        self._scroll.ensureWidgetVisible(self.comparison)

    # -- building -----------------------------------------------------------------------

    def _label(self, name: str) -> QLabel:
        label = named(WrappingLabel(parent=self, text_format=Qt.TextFormat.RichText), name)
        label.linkActivated.connect(self.pathActivated)
        return label

    def _build_context(self) -> None:
        self.summary = self._label("findingsSummary")
        self.module_label = self._label("moduleContext")
        self.client_combo = named(
            QComboBox(self),
            "clientChoice",
            accessible="Client of the group reservation",
            tip="A group reservation has several clients: pick the one to look at",
        )
        self.client_choices = ClientChoicesModel(self.client_combo)
        self.client_combo.setModel(self.client_choices)
        # The list can hold thousands of clients: rows of one height need no measuring.
        view = self.client_combo.view()
        if isinstance(view, QListView):
            view.setUniformItemSizes(True)
        self.client_combo.setMinimumContentsLength(16)
        self.client_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.client_combo.activated.connect(self._client_activated)
        self.match_label = self._label("matchSummary")
        self.crm_button = named(
            QPushButton("Load CRM ids…", self),
            "loadCrmButton",
            tip="A list of your CRM's customer ids (one per line, or a CSV with an id column), "
            "to tell returning customers from new ones",
        )
        self.crm_button.clicked.connect(self._choose_crm)
        self.crm_status = named(WrappingLabel(parent=self), "crmStatus")
        self.crm_status.setStyleSheet(SECONDARY_TEXT_STYLE)
        self.crm_clear = named(
            QPushButton("Forget", self), "forgetCrmButton", tip="Stop checking against these ids"
        )
        self.crm_clear.clicked.connect(self.crmCleared)
        self.set_crm_state("", loaded=False)

    def _build_links(self) -> None:
        self.links_title = self._label("linksTitle")
        self.links_model = FoundLinksModel(self)
        view = self.links_view = named(QTableView(self), "linkTable", accessible="Client links")
        view.setModel(self.links_model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setWordWrap(False)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        rows = view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(view.fontMetrics().height() + 8)
        # Row numbers come from the model's entry column: a vertical header measures its
        # first and last hundred labels each time the table is filled.
        view.verticalHeader().hide()
        view.horizontalHeader().setStretchLastSection(True)
        view.clicked.connect(self._link_clicked)
        view.selectionModel().currentRowChanged.connect(self._link_changed)
        self.link_box = FoundLinkBox(self)
        self.link_box.pathActivated.connect(self.pathActivated)
        self.link_box.openRequested.connect(self._open_requested)
        self.link_box.compareRequested.connect(self._compare_requested)
        self.link_box.useMetadataRequested.connect(self.useMetadataRequested)

    def _build_comparison(self) -> None:
        self.comparison = named(QGroupBox("Compared with the live record", self), "comparison")
        self.comparison_title = named(QLabel(self.comparison), "comparisonTitle")
        self.comparison_title.setWordWrap(True)
        self.diff_view = DiffView(
            self.comparison, wording=compare_wording("payload", "live record")
        )
        self.diff_view.setMinimumHeight(160)
        close = named(QPushButton("Close", self.comparison), "closeComparison")
        close.clicked.connect(self.comparison.hide)
        box = QVBoxLayout(self.comparison)
        box.addWidget(self.comparison_title)
        box.addWidget(self.diff_view)
        box.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)

    def _build_layout(self) -> None:
        self._context_form = QFormLayout()
        self._context_form.setContentsMargins(0, 0, 0, 0)
        self._context_form.addRow("Module:", self.module_label)
        self._context_form.addRow("Client:", self.client_combo)
        self._context_form.addRow("CRM ids:", self._crm_row())
        self._sections = _Column(self)
        sections = QVBoxLayout(self._sections)
        sections.setContentsMargins(0, 0, 0, 0)
        sections.addLayout(self._context_form)
        self._parts: tuple[QWidget, ...] = (
            self.match_label,
            self.problems_title,
            self.problems,
            self.links_title,
            self.links_view,
            self.link_box,
            self.comparison,
            self.fields_title,
            self.fields,
        )
        for widget in self._parts:
            sections.addWidget(widget)
        body = _Column(self)
        column = QVBoxLayout(body)
        column.addWidget(self.summary)
        column.addWidget(self._sections)
        column.addStretch(1)
        self._scroll = QScrollArea(self)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Everything wraps to the pane's width; only the link table scrolls sideways.
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # As needed, QScrollArea lays the column out at the viewport's width with and without
        # the bar, one pixel at a time: three passes over every label instead of one. The
        # findings nearly always overflow the pane, so the bar is there anyway.
        self._scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self._scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._scroll)

    def _crm_row(self) -> QWidget:
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.crm_button)
        layout.addWidget(self.crm_status, 1)
        layout.addWidget(self.crm_clear)
        return row

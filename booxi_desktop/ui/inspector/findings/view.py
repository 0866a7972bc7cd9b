"""What a webhook event says about client module links, beside its tree.

Where ``eventContent.clientLinks`` is, the context it is read in (module, client picker,
CRM ids: :mod:`context_section`), the link the selected module reads, problems in plain
words, each link (:mod:`links_section`), the comparison with the live record
(:mod:`comparison_box`) and fields nobody documents. Anything that names a place in the
payload selects it in the tree through :attr:`FindingsView.pathActivated`.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from booxi_desktop.core.jsondoc.decode import format_path
from booxi_desktop.core.webhook.analysis import ClientNames, Findings
from booxi_desktop.core.webhook.links import FoundLink
from booxi_desktop.ui.inspector.findings import text as wording
from booxi_desktop.ui.inspector.findings.comparison_box import ComparisonBox
from booxi_desktop.ui.inspector.findings.context_section import (
    ContextSection,
    CrmChooser,
    choose_crm_file,
)
from booxi_desktop.ui.inspector.findings.link_box import FoundLinkBox, short_json
from booxi_desktop.ui.inspector.findings.links_model import FoundLinksModel
from booxi_desktop.ui.inspector.findings.links_section import LinksSection
from booxi_desktop.ui.inspector.findings.problem_list import ProblemList
from booxi_desktop.ui.widgets.diff_view import DiffView
from booxi_desktop.ui.widgets.naming import named
from booxi_desktop.ui.widgets.theme import GREEN, GREY, ink
from booxi_desktop.ui.widgets.visibility import show_if
from booxi_desktop.ui.widgets.wrapping_label import WrappingLabel

__all__ = ["CrmChooser", "FindingsView", "choose_crm_file"]

SHOWN_FIELDS = 200
# The other-fields list shows this many rows before it scrolls.
_FIELD_ROWS = 8
PATH_ROLE = Qt.ItemDataRole.UserRole + 1


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
        self.findings: Findings | None = None
        self._compared: FoundLink | None = None
        self.summary = self._label("findingsSummary")
        self.context = ContextSection(self, crm_chooser=crm_chooser)
        self.match_label = self._label("matchSummary")
        self.problems_title = self._label("problemsTitle")
        self.problems = ProblemList(self)
        self.links = LinksSection(self)
        self.comparison = ComparisonBox(self)
        self.fields_title = self._label("fieldsTitle")
        self.fields = named(QListWidget(self), "otherFields", accessible="Other fields")
        self._connect()
        self._build_layout()
        self.clear()

    # The parts the panel, the controller and the tests reach, by their long-standing names.
    @property
    def module_label(self) -> QLabel:
        return self.context.module_label

    @property
    def client_combo(self) -> QComboBox:
        return self.context.client_combo

    @property
    def crm_button(self) -> QPushButton:
        return self.context.crm_button

    @property
    def crm_status(self) -> QLabel:
        return self.context.crm_status

    @property
    def crm_clear(self) -> QPushButton:
        return self.context.crm_clear

    @property
    def links_title(self) -> QLabel:
        return self.links.title

    @property
    def links_model(self) -> FoundLinksModel:
        return self.links.model

    @property
    def links_view(self) -> QTableView:
        return self.links.view

    @property
    def link_box(self) -> FoundLinkBox:
        return self.links.link_box

    @property
    def comparison_title(self) -> QLabel:
        return self.comparison.caption

    @property
    def diff_view(self) -> DiffView:
        return self.comparison.diff_view

    # -- showing ------------------------------------------------------------------------

    def clear(self, message: str = "") -> None:
        """Empty, with ``message`` in grey; a comparison shown is of another payload now."""
        self.findings = None
        self.drop_comparison()
        self.summary.setText(
            f'<span style="color:{ink(GREY)}">{escape(message)}</span>' if message else ""
        )
        self._sections.hide()
        self.links.show_findings(None)

    def drop_comparison(self) -> None:
        self._compared = None
        self.comparison.hide()

    def show_findings(self, findings: Findings, client_names: ClientNames | None = None) -> None:
        """``client_names`` label the client picker's entries (``eventContent.clients``)."""
        self.findings = findings
        show_if(self._sections, True)
        self.summary.setText(wording.summary_html(findings))
        self.context.show_findings(findings, client_names or ClientNames())
        self.match_label.setText(wording.match_html(findings))
        show_if(self.match_label, bool(self.match_label.text()))
        self._show_problems(findings)
        self.links.show_findings(findings)
        self._show_fields(findings)

    def set_crm_state(self, message: str, *, loaded: bool) -> None:
        self.context.set_crm_state(message, loaded=loaded)

    def selected_link(self) -> FoundLink | None:
        return self.links.link_box.link

    def select_link_row(self, row: int) -> None:
        self.links.select_row(row)

    def chosen_client(self) -> int | None:
        """The client picked in the list (``None``: none picked)."""
        return self.context.chosen_client()

    def show_comparison(
        self, link: FoundLink, live_external_id: str, live_metadata: Mapping[str, Any]
    ) -> None:
        self.comparison.show_comparison(link, live_external_id, live_metadata)
        self._scroll.ensureWidgetVisible(self.comparison)

    def show_comparison_message(self, message: str) -> None:
        self.comparison.show_message(message)
        self._scroll.ensureWidgetVisible(self.comparison)

    @property
    def compared_link(self) -> FoundLink | None:
        return self._compared

    # -- sections -------------------------------------------------------------------------

    def _show_problems(self, findings: Findings) -> None:
        problems = findings.problems
        if problems:
            self.problems_title.setText(f"<b>Problems ({len(problems):,})</b>")
        else:
            self.problems_title.setText(f'<b style="color:{ink(GREEN)}">✓ No problems found</b>')
        self.problems.set_problems(problems)
        show_if(self.problems, bool(problems))

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
        rows = min(self.fields.count(), _FIELD_ROWS)
        self.fields.setFixedHeight(rows * self.fields.sizeHintForRow(0) + 6 if rows else 0)

    # -- reacting ---------------------------------------------------------------------------

    def _field_clicked(self, item: QListWidgetItem) -> None:
        path = item.data(PATH_ROLE)
        if path:
            self.pathActivated.emit(path)

    def _compare_requested(self, link: FoundLink) -> None:
        self._compared = link
        self.show_comparison_message(f"Fetching the live record of client {link.client_id}…")
        self.compareRequested.emit(link)

    # -- building -----------------------------------------------------------------------

    def _label(self, name: str) -> QLabel:
        label = named(WrappingLabel(parent=self, text_format=Qt.TextFormat.RichText), name)
        label.linkActivated.connect(self.pathActivated)
        return label

    def _connect(self) -> None:
        self.problems.pathActivated.connect(self.pathActivated)
        self.fields.itemClicked.connect(self._field_clicked)
        self.fields.itemActivated.connect(self._field_clicked)
        self.context.pathActivated.connect(self.pathActivated)
        self.context.clientChosen.connect(self.clientChosen)
        self.context.crmFileChosen.connect(self.crmFileChosen)
        self.context.crmCleared.connect(self.crmCleared)
        self.links.pathActivated.connect(self.pathActivated)
        self.links.openLinkRequested.connect(self.openLinkRequested)
        self.links.compareRequested.connect(self._compare_requested)
        self.links.useMetadataRequested.connect(self.useMetadataRequested)

    def _build_layout(self) -> None:
        self._sections = QWidget(self)
        sections = QVBoxLayout(self._sections)
        sections.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.context,
            self.match_label,
            self.problems_title,
            self.problems,
            self.links,
            self.comparison,
            self.fields_title,
            self.fields,
        ):
            sections.addWidget(widget)
        body = QWidget(self)
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
        # the bar: the findings nearly always overflow the pane, so the bar is there anyway.
        self._scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self._scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._scroll)

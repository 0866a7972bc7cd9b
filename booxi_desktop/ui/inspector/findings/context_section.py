"""The findings' context: the module, the client picker of a group reservation, the CRM ids."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QListView,
    QPushButton,
    QWidget,
)

from booxi_desktop.core.webhook.analysis import ClientNames, Findings
from booxi_desktop.ui.inspector.findings import text as wording
from booxi_desktop.ui.inspector.findings.client_choices_model import ClientChoicesModel
from booxi_desktop.ui.widgets.naming import named
from booxi_desktop.ui.widgets.theme import SECONDARY_TEXT_STYLE
from booxi_desktop.ui.widgets.visibility import show_if
from booxi_desktop.ui.widgets.wrapping_label import WrappingLabel

CrmChooser = Callable[[QWidget], Path | None]
"""Asks for a CRM export (one id per line, or CSV); ``None`` if cancelled."""


def choose_crm_file(parent: QWidget) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(
        parent, "Load CRM customer ids", "", "CRM exports (*.csv *.txt *.tsv);;All files (*)"
    )
    return Path(path) if path else None


class ContextSection(QWidget):
    pathActivated = Signal(str)
    clientChosen = Signal(object)
    """``int`` or ``None`` (any client), picked in the client list."""
    crmFileChosen = Signal(object)
    crmCleared = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, crm_chooser: CrmChooser = choose_crm_file
    ) -> None:
        super().__init__(parent)
        self.crm_chooser = crm_chooser
        self.module_label = named(
            WrappingLabel(parent=self, text_format=Qt.TextFormat.RichText), "moduleContext"
        )
        self.module_label.linkActivated.connect(self.pathActivated)
        self._build_client_choice()
        self._build_crm_row()
        self._form = QFormLayout(self)
        self._form.setContentsMargins(0, 0, 0, 0)
        self._form.addRow("Module:", self.module_label)
        self._form.addRow("Client:", self.client_combo)
        self._form.addRow("CRM ids:", self._crm_row)

    def show_findings(self, findings: Findings, names: ClientNames) -> None:
        self.module_label.setText(wording.module_html(findings))
        choosing = len(findings.client_ids) > 1 or findings.client_id is not None
        if self._form.isRowVisible(self.client_combo) != choosing:
            self._form.setRowVisible(self.client_combo, choosing)  # lays out again
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

    def set_crm_state(self, message: str, *, loaded: bool) -> None:
        self.crm_status.setText(message or "No CRM ids loaded.")
        show_if(self.crm_clear, loaded)

    def _client_activated(self, row: int) -> None:
        self.clientChosen.emit(self.client_choices.choice(row))

    def _choose_crm(self) -> None:
        path = self.crm_chooser(self)
        if path is not None:
            self.crmFileChosen.emit(path)

    def _build_client_choice(self) -> None:
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

    def _build_crm_row(self) -> None:
        self._crm_row = QWidget(self)
        self.crm_button = named(
            QPushButton("Load CRM ids…", self._crm_row),
            "loadCrmButton",
            tip="A list of your CRM's customer ids (one per line, or a CSV with an id column), "
            "to tell returning customers from new ones",
        )
        self.crm_button.clicked.connect(self._choose_crm)
        self.crm_status = named(WrappingLabel(parent=self._crm_row), "crmStatus")
        self.crm_status.setStyleSheet(SECONDARY_TEXT_STYLE)
        self.crm_clear = named(
            QPushButton("Forget", self._crm_row),
            "forgetCrmButton",
            tip="Stop checking against these ids",
        )
        self.crm_clear.clicked.connect(self.crmCleared)
        self.set_crm_state("", loaded=False)
        layout = QHBoxLayout(self._crm_row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.crm_button)
        layout.addWidget(self.crm_status, 1)
        layout.addWidget(self.crm_clear)

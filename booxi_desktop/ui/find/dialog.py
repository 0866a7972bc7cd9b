"""The Find client dialog: module id and external id in, the clients found out."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from booxi_desktop.ui.find.results_model import FindResultsModel, ResultRow, summary_text
from booxi_desktop.ui.widgets import theme
from booxi_desktop.ui.widgets.naming import named, wrapped

# Longer text is refused with a message (core's check_search), not cut by the field.
INPUT_MAX_LENGTH = 1000


class FindDialog(QDialog):
    findRequested = Signal(str, str)  # module id, external id
    cancelRequested = Signal()
    openRequested = Signal(object, str)  # client id (may exceed a C++ int), module id

    def __init__(self, module_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findClientDialog")
        self.setWindowTitle("Find client by external id")
        self.setAccessibleName("Find client by external id")
        self._module_of_rows = ""
        self.module_edit = named(
            QLineEdit(module_id),
            "findModuleEdit",
            accessible="Module id",
            tip="The module whose links are searched, e.g. cegid_y2",
        )
        self.external_edit = named(
            QLineEdit(),
            "findExternalIdEdit",
            accessible="External id",
            tip="The id the CRM or POS knows the client by (the link's externalId)",
        )
        for edit in (self.module_edit, self.external_edit):
            edit.setMaxLength(INPUT_MAX_LENGTH)
            edit.returnPressed.connect(self._request_find)
        self.external_edit.setPlaceholderText("e.g. Y2-000517")
        self.find_button = named(
            QPushButton("&Find"), "findButton", accessible="Find", tip="Search Booxi (Enter)"
        )
        self.cancel_button = named(
            QPushButton("Cancel search"),
            "findCancelButton",
            accessible="Cancel search",
            tip="Stop the search that is running",
        )
        self.cancel_button.setEnabled(False)
        self.message = named(wrapped(QLabel()), "findMessage", accessible="Search result")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = FindResultsModel()
        self.table = named(
            QTableView(), "findResults", accessible="Clients found", tip="Double-click to open"
        )
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.doubleClicked.connect(self._open_index)
        enter = named(QAction("Open link", self.table), "findOpenRowAction")
        enter.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        enter.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        enter.triggered.connect(self._open_current)
        self.table.addAction(enter)
        self.open_button = named(
            QPushButton("&Open link"),
            "findOpenButton",
            accessible="Open link",
            tip="Load the selected client's link in the editor (asks first about unsaved edits)",
        )
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self._open_current)
        close = named(QPushButton("Close"), "findCloseButton", accessible="Close")
        close.clicked.connect(self.close)

        form = QFormLayout()
        form.addRow("&Module id:", self.module_edit)
        form.addRow("&External id:", self.external_edit)
        search = QHBoxLayout()
        search.addStretch(1)
        search.addWidget(self.find_button)
        search.addWidget(self.cancel_button)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.open_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(search)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.find_button.clicked.connect(self._request_find)
        self.cancel_button.clicked.connect(self.cancelRequested)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.resize(640, 420)
        self.external_edit.setFocus()

    # what the controller shows -------------------------------------------------------

    def set_busy(self, busy: bool) -> None:
        self.find_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)

    def show_searching(self) -> None:
        self.show_message("Searching…")
        self.model.set_rows([])

    def show_rows(self, rows: list[ResultRow], module_id: str, external_id: str) -> None:
        self._module_of_rows = module_id
        self.model.set_rows(rows)
        self.show_message(summary_text(rows, external_id, module_id))
        if rows:
            self.table.selectRow(0)
            self.table.setFocus()

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(theme.text_style(theme.RED) if error else "")

    # user actions ---------------------------------------------------------------------

    def _request_find(self) -> None:
        if self.find_button.isEnabled():
            self.findRequested.emit(self.module_edit.text().strip(), self.external_edit.text())

    def _selection_changed(self) -> None:
        self.open_button.setEnabled(self._selected_row() is not None)

    def _selected_row(self) -> ResultRow | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.model.row_at(indexes[0].row()) if indexes else None

    def _open_index(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self.openRequested.emit(row.client_id, self._module_of_rows)

    def _open_current(self) -> None:
        row = self._selected_row()
        if row is not None:
            self.openRequested.emit(row.client_id, self._module_of_rows)

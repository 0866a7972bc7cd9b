"""Every recorded save across all links: filter, read one, open the backup it went with.

Nothing here writes: opening a record's backup hands it to the Backups window, where
comparing and restoring work as they do for any backup.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from booxi_desktop.core.history.journal import HistoryJournal, HistoryListing
from booxi_desktop.core.history.record import HistoryRecord
from booxi_desktop.core.link.diff import readable_key, shown_value
from booxi_desktop.core.regions import region_label
from booxi_desktop.core.text import utc_time_text
from booxi_desktop.core.visible_text import visible
from booxi_desktop.ui.history.loader import HistoryLoader
from booxi_desktop.ui.history.model import CHANGE, HistoryFilter, HistoryModel, source_text
from booxi_desktop.ui.widgets import theme
from booxi_desktop.ui.widgets.first_paint import after_first_paint
from booxi_desktop.ui.widgets.naming import named, wrapped

# Typing in a filter waits this long for the next key before filtering again.
_FILTER_DELAY_MS = 150
_KNOWN_REGIONS = ("na", "eu", "sandbox")


class HistoryWindow(QDialog):
    openBackupRequested = Signal(object)
    """The :class:`HistoryRecord` whose backup to open in the Backups window."""

    def __init__(self, journal: HistoryJournal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "historyWindow")
        self.setModal(False)
        self.setWindowTitle("History of saves")
        self.resize(1180, 640)
        self.journal = journal
        self.loading = False
        self.model = HistoryModel(self)
        self.loader = HistoryLoader(journal, self)
        self.loader.loaded.connect(self._loaded)
        self.finished.connect(lambda _r: self.loader.stop())
        self._filter_timer = QTimer(self, singleShot=True, interval=_FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self._apply_filter)

        intro = named(
            wrapped(
                QLabel(
                    "Every save made on this computer, from this window and from booxi-link, "
                    "newest first: what changed, the backup taken before it, and how it ended."
                )
            ),
            "historyIntro",
        )
        filters = self._build_filters()
        self.warning_label = named(wrapped(QLabel()), "historyWarning")
        self.warning_label.setStyleSheet(theme.text_style(theme.AMBER))
        self.warning_label.setTextFormat(Qt.TextFormat.PlainText)
        self.warning_label.setVisible(False)
        self.count_label = named(QLabel("Reading the history…"), "historyCount")
        self.table = self._build_table()
        self.details = named(
            QPlainTextEdit(self), "historyDetails", accessible="Details of the selected save"
        )
        self.details.setReadOnly(True)
        self.details.setPlaceholderText("Select a save in the list.")
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([820, 360])

        self.open_backup_button = named(
            QPushButton("Open backup…"),
            "openBackupButton",
            tip="Show the backup taken before this save in the Backups window, "
            "to compare it or restore it",
        )
        self.open_backup_button.setAutoDefault(False)
        self.open_backup_button.clicked.connect(self._open_backup)
        refresh = named(QPushButton("Refresh"), "historyRefresh", tip="Read the history again")
        refresh.setAutoDefault(False)
        refresh.clicked.connect(self.refresh)
        close = named(QPushButton("Close"), "historyClose")
        close.setAutoDefault(False)
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.open_backup_button)
        bottom.addStretch(1)
        bottom.addWidget(self.count_label)
        bottom.addWidget(refresh)
        bottom.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(filters)
        layout.addWidget(self.warning_label)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self._update_buttons()
        self.refresh()

    def _build_filters(self) -> QHBoxLayout:
        self.client_edit = named(
            QLineEdit(self), "historyClientFilter", accessible="Filter by client id"
        )
        self.client_edit.setPlaceholderText("any")
        self.client_edit.setMaximumWidth(120)
        self.module_edit = named(
            QLineEdit(self), "historyModuleFilter", accessible="Filter by module id"
        )
        self.module_edit.setPlaceholderText("any")
        self.module_edit.setMaximumWidth(160)
        self.region_combo = named(
            QComboBox(self), "historyRegionFilter", accessible="Filter by region"
        )
        self._fill_regions([])
        self.text_edit = named(
            QLineEdit(self), "historyTextFilter", accessible="Search the history"
        )
        self.text_edit.setPlaceholderText("Search keys, values, messages…")
        self.text_edit.setClearButtonEnabled(True)
        for edit in (self.client_edit, self.module_edit, self.text_edit):
            edit.textChanged.connect(lambda _t: self._filter_timer.start())
        self.region_combo.currentIndexChanged.connect(lambda _i: self._apply_filter())
        row = QHBoxLayout()
        for text, widget in (
            ("&Client", self.client_edit),
            ("&Module", self.module_edit),
            ("&Region", self.region_combo),
            ("&Search", self.text_edit),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            row.addWidget(label)
            row.addWidget(widget, 1 if widget is self.text_edit else 0)
        return row

    def _fill_regions(self, found: list[str]) -> None:
        current = self.region_combo.currentData()
        self.region_combo.blockSignals(True)
        self.region_combo.clear()
        self.region_combo.addItem("All regions", "")
        for code in dict.fromkeys([*_KNOWN_REGIONS, *found]):
            self.region_combo.addItem(region_label(code), code)
        index = self.region_combo.findData(current) if current else 0
        self.region_combo.setCurrentIndex(max(index, 0))
        self.region_combo.blockSignals(False)

    def _build_table(self) -> QTableView:
        view = named(QTableView(self), "historyTable", accessible="Saves, newest first")
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().setVisible(False)
        # Fixed row heights and interactive columns: nothing is measured row by row,
        # so ten thousand records paint as fast as ten.
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((140, 70, 75, 100, 120, 170, 110)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(CHANGE, QHeaderView.ResizeMode.Stretch)
        view.setMinimumWidth(600)
        view.selectionModel().selectionChanged.connect(self._selection_changed)
        view.doubleClicked.connect(lambda _i: self._open_backup())
        return view

    # ----- public

    def refresh(self) -> None:
        """Read the journal again, off the UI thread; the list updates when it is read."""
        self.loading = True
        self.count_label.setText("Reading the history…")
        self.loader.start()

    def set_filter(self, rule: HistoryFilter) -> None:
        """Show only what ``rule`` matches, and show the rule in the filter fields."""
        for edit, text in (
            (self.client_edit, rule.client),
            (self.module_edit, rule.module),
            (self.text_edit, rule.text),
        ):
            edit.blockSignals(True)
            edit.setText(text)
            edit.blockSignals(False)
        index = self.region_combo.findData(rule.region)
        self.region_combo.blockSignals(True)
        self.region_combo.setCurrentIndex(max(index, 0))
        self.region_combo.blockSignals(False)
        self._apply_filter()

    def current_filter(self) -> HistoryFilter:
        return HistoryFilter(
            client=self.client_edit.text().strip(),
            module=self.module_edit.text().strip(),
            region=str(self.region_combo.currentData() or ""),
            text=self.text_edit.text().strip(),
        )

    def selected_record(self) -> HistoryRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    # ----- internals

    def _loaded(self, listing: HistoryListing) -> None:
        selected = self.selected_record()
        self.model.set_records(listing.records)
        if not listing.complete:
            self._apply_filter()
            after_first_paint(self.table.viewport(), self.loader.resume)
            self.count_label.setText(f"Reading the history… ({self.model.total} so far)")
            return
        self.loading = False
        self._fill_regions(self.model.regions())
        self._show_warnings(listing.warnings)
        self._apply_filter()
        row = self.model.row_of(selected) if selected else -1
        if row >= 0:
            self.table.selectRow(row)

    def _apply_filter(self) -> None:
        self._filter_timer.stop()
        self.model.set_filter(self.current_filter())
        shown, total = self.model.rowCount(), self.model.total
        if total == 0:
            text = "No saves recorded yet."
        elif shown == total:
            text = f"{total} save(s)"
        else:
            text = f"Showing {shown} of {total} save(s)"
        if not self.loading:
            self.count_label.setText(text)
        self._show_record(self.selected_record())

    def _show_warnings(self, warnings: list[str]) -> None:
        self.warning_label.setText("\n".join(f"⚠ {w}" for w in warnings))
        self.warning_label.setVisible(bool(warnings))

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_record(self.selected_record())

    def _show_record(self, record: HistoryRecord | None) -> None:
        self.details.setPlainText(details_text(record) if record else "")
        self._update_buttons()

    def _update_buttons(self) -> None:
        record = self.selected_record()
        has_backup = record is not None and record.backup_path is not None
        self.open_backup_button.setEnabled(has_backup)
        if record is not None and not has_backup:
            self.open_backup_button.setToolTip(
                "No backup went with this save (the server had no link before it, "
                "or the save stopped before the backup)"
            )
        else:
            self.open_backup_button.setToolTip(
                "Show the backup taken before this save in the Backups window, "
                "to compare it or restore it"
            )

    def _open_backup(self) -> None:
        record = self.selected_record()
        if record is not None and record.backup_path is not None:
            self.openBackupRequested.emit(record)


def details_text(record: HistoryRecord) -> str:
    """The whole record in plain words, every key and value made visible."""
    lines = [
        f"{utc_time_text(record.at)} — {source_text(record)}",
        f"Client {record.client_id}, module {visible(record.module_id)}, "
        f"{region_label(record.region)}",
        f"Outcome: {record.outcome_text}",
    ]
    if record.message:
        lines.append(f"Message: {visible(record.message)}")
    lines.append(f"Backup: {record.backup_path}" if record.backup_path else "Backup: none")
    change = record.change
    if change is None:
        lines.append("Change: not known (the save stopped before the server's copy was read)")
        return "\n".join(lines)
    lines.append("")
    if change.external_id:
        before, after = change.external_id
        lines.append(f"externalId: {shown_value(before)} → {shown_value(after)}")
    for key, (old, new) in change.changed.items():
        lines.append(f"changed {readable_key(key)}: {shown_value(old)} → {shown_value(new)}")
    for key, value in change.added.items():
        lines.append(f"added {readable_key(key)}: {shown_value(value)}")
    for key, value in change.removed.items():
        lines.append(f"removed {readable_key(key)} (was {shown_value(value)})")
    if change.order_changed:
        lines.append("The order of the keys changed.")
    if lines[-1] == "":
        lines.append("No change to the link.")
    return "\n".join(lines)

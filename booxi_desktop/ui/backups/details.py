"""The selected backup in the backups window: its dates and ids above, its metadata below."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from booxi_desktop.core.link.model import value_text
from booxi_desktop.core.storage.backups import BackupEntry
from booxi_desktop.core.text import link_date_text, local_time_text, utc_time_text
from booxi_desktop.core.visible_text import visible
from booxi_desktop.ui.backups.list_model import reason_text
from booxi_desktop.ui.widgets.naming import named, wrapped


class BackupDetails(QWidget):
    """The selected backup: its dates and ids above, its metadata below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "backupDetails")
        self.empty_label = named(wrapped(QLabel()), "noBackupLabel")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.fields: dict[str, QLabel] = {}
        self.form = QWidget(self)
        form = QFormLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        for name, label in (
            ("saved", "Backed up:"),
            ("reason", "Reason:"),
            ("external_id", "External ID:"),
            ("created", "Created on server:"),
            ("modified", "Last modified on server:"),
            ("file", "File:"),
        ):
            value = named(wrapped(QLabel()), f"backup_{name}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setTextFormat(Qt.TextFormat.PlainText)
            self.fields[name] = value
            form.addRow(label, value)
        self.table = named(QTableWidget(0, 2, self), "backupMetadata")
        self.table.setHorizontalHeaderLabels(("Key", "Value"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.form)
        layout.addWidget(self.table, 1)

    def show_entry(self, entry: BackupEntry | None, empty_text: str = "") -> None:
        self.empty_label.setText(empty_text)
        self.empty_label.setVisible(entry is None)
        self.form.setVisible(entry is not None)
        self.table.setVisible(entry is not None)
        for label in self.fields.values():
            label.setText("")
        self.table.setRowCount(0)
        if entry is None:
            return
        link = entry.link
        self.fields["saved"].setText(local_time_text(entry.saved_at))
        self.fields["saved"].setToolTip(utc_time_text(entry.saved_at))
        self.fields["reason"].setText(reason_text(entry.reason))
        self.fields["external_id"].setText(visible(link.external_id) or "(empty)")
        invalid = link.invalid_dates
        self.fields["created"].setText(link_date_text(link.created_on, invalid, "createdOn"))
        self.fields["modified"].setText(link_date_text(link.modified_on, invalid, "modifiedOn"))
        self.fields["file"].setText(str(entry.path))
        self.table.setUpdatesEnabled(False)
        self.table.setRowCount(len(link.metadata))
        for row, (key, value) in enumerate(link.metadata.items()):
            text = visible(value_text(value))
            value_item = QTableWidgetItem(text)
            value_item.setToolTip(text)
            self.table.setItem(row, 0, QTableWidgetItem(visible(key)))
            self.table.setItem(row, 1, value_item)
        self.table.setUpdatesEnabled(True)

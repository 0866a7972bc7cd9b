"""The local backups of the open link: look, compare with the editor, restore, export, prune.

Restoring never writes to the server: it asks the main window to put the backup into
the editor as one undoable step, and the user saves from there as usual. Pruning is
the only thing here that deletes, and only after the user confirmed the count.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from booxi_desktop.core.errors import BackupError
from booxi_desktop.core.link.diff import diff_links
from booxi_desktop.core.link.model import Metadata
from booxi_desktop.core.regions import region_label
from booxi_desktop.core.storage.backups import BackupEntry, BackupStore
from booxi_desktop.core.text import local_time_text
from booxi_desktop.core.visible_text import visible
from booxi_desktop.ui.backups.details import BackupDetails
from booxi_desktop.ui.backups.list_model import REASON_COLUMN, BackupListModel
from booxi_desktop.ui.widgets import theme
from booxi_desktop.ui.widgets.confirm_box import confirm_destructive
from booxi_desktop.ui.widgets.diff_view import DiffView, compare_wording
from booxi_desktop.ui.widgets.naming import named, wrapped

EditorState = Callable[[], tuple[str, Metadata]]
PathChooser = Callable[[QWidget, str], Path | None]
"""Asks where to export; gets a suggested file name, returns ``None`` if cancelled."""

DEFAULT_KEEP = 20
_SHOWN_WARNINGS = 3


def choose_export_path(parent: QWidget, suggested: str) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(
        parent, "Export backup", suggested, "JSON files (*.json);;All files (*)"
    )
    return Path(path) if path else None


class BackupsWindow(QDialog):
    """Non-modal; :meth:`refresh` re-reads the folder (the window calls it after a save)."""

    restoreRequested = Signal(object)
    """The :class:`BackupEntry` to put into the editor."""
    backupNowRequested = Signal()
    """Back up the server's current copy of this window's link."""

    def __init__(
        self,
        store: BackupStore,
        region_code: str,
        client_id: int,
        module_id: str,
        editor_state: EditorState | None,
        parent: QWidget | None = None,
        *,
        path_chooser: PathChooser = choose_export_path,
    ) -> None:
        super().__init__(parent)
        named(self, "backupsWindow")
        self.store = store
        self.region_code = region_code
        self.client_id = client_id
        self.module_id = module_id
        self.editor_state = editor_state
        self.path_chooser = path_chooser
        self.prune_box: QMessageBox | None = None
        self.setModal(False)
        self.setWindowTitle(f"Backups — client {client_id}, module {visible(module_id)}")
        self.resize(960, 600)

        # Built in this order so that Tab moves through the controls as it always did.
        intro = self.intro = self._build_intro()
        self.warning_label = _line("backupsWarning", theme.text_style(theme.AMBER))
        self.status_label = _line("backupsStatus", "")
        self.model = BackupListModel(self)
        self.list_view = self._build_list()
        self.details = BackupDetails(self)
        self.diff_view = DiffView(self, wording=compare_wording("backup", "editor"))
        self.tabs = self._build_tabs()
        splitter = self.splitter = self._build_splitter()
        bottom = self._build_bottom_bar()

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.warning_label)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status_label)
        layout.addLayout(bottom)
        self.refresh()

    def _build_intro(self) -> QLabel:
        intro = QLabel(self._intro_text(every=False))
        named(wrapped(intro), "backupsIntro")
        intro.setTextFormat(Qt.TextFormat.RichText)
        return intro

    def _intro_text(self, every: bool) -> str:
        region = region_label(self.region_code)
        link = (
            f"<b>client {self.client_id}</b>, module "
            f"<b>{escape(visible(self.module_id))}</b> ({escape(region)})"
        )
        if every:
            return (
                "Copies of the server's links for <b>every link</b> backed up on this "
                f"computer. Compare and prune apply to {link} only."
            )
        return (
            f"Copies of the server's link for {link}, kept on this computer. One is taken "
            "automatically before every save."
        )

    def _build_tabs(self) -> QTabWidget:
        tabs = named(QTabWidget(self), "backupTabs")
        tabs.addTab(self.details, "Contents")
        tabs.addTab(self.diff_view, "Compare with editor")
        tabs.currentChanged.connect(self._tab_changed)
        return tabs

    def _build_splitter(self) -> QSplitter:
        """The list on the left; on the right the selected backup and what to do with it."""
        self.compare_button = _button("Compare with editor", "compareButton", self._compare)
        self.restore_button = _button("Restore into editor", "restoreButton", self._restore)
        self.export_button = _button("Export…", "exportButton", self._export)
        self.compare_button.setToolTip("Show how this backup differs from what the editor holds")
        self.restore_button.setToolTip(
            "Put this backup into the editor as one step you can undo; "
            "nothing is sent until you save"
        )
        self.export_button.setToolTip("Save this backup's link as a JSON file")
        if self.editor_state is None:
            self.compare_button.setToolTip("No link is open in the editor to compare with")
        actions = QHBoxLayout()
        for button in (self.compare_button, self.restore_button, self.export_button):
            actions.addWidget(button)
        actions.addStretch(1)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.tabs, 1)
        right_layout.addLayout(actions)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.list_view)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([360, 600])
        return splitter

    def _build_bottom_bar(self) -> QHBoxLayout:
        """Every link or this one, back up now; how many to keep when pruning; refresh, close."""
        self.all_links_check = named(
            QCheckBox("&All links"),
            "backupsAllLinks",
            tip="List the backups of every link on this computer, not only this one's",
        )
        self.all_links_check.toggled.connect(lambda _on: self.refresh())
        self.backup_now_button = _button("Back &up now", "backupNowButton", self._backup_now)
        self.backup_now_button.setToolTip(
            "Read the server's current copy of this link and keep it as a backup"
        )
        self.keep_spin = named(
            QSpinBox(self), "keepSpin", accessible="Number of newest backups to keep"
        )
        self.keep_spin.setRange(1, 9999)
        self.keep_spin.setValue(DEFAULT_KEEP)
        self.prune_button = _button("Prune…", "pruneButton", self._ask_prune)
        self.prune_button.setToolTip("Delete this link's older backups, keeping the newest ones")
        refresh_button = _button("Refresh", "refreshButton", self.refresh)
        close_button = _button("Close", "closeButton", self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.all_links_check)
        bottom.addWidget(self.backup_now_button)
        bottom.addSpacing(16)
        bottom.addWidget(QLabel("Keep the newest"))
        bottom.addWidget(self.keep_spin)
        bottom.addWidget(self.prune_button)
        bottom.addStretch(1)
        bottom.addWidget(refresh_button)
        bottom.addWidget(close_button)
        return bottom

    # ----- public

    def refresh(self) -> None:
        """Re-read this link's backups, keeping the selected one selected if it still exists."""
        current = self.selected_entry()
        every = self.all_links_check.isChecked()
        if every:
            listing = self.store.list_all()
        else:
            listing = self.store.list(self.region_code, self.client_id, self.module_id)
        if every != self.model.show_link:
            # Three more columns: give the list the room to show them.
            total = sum(self.splitter.sizes())
            left = min(total * 3 // 5, 620) if every else 360
            self.splitter.setSizes([left, total - left])
        self.model.set_show_link(every)
        self.intro.setText(self._intro_text(every))
        self.model.set_entries(listing.entries)
        self._show_warnings(listing.warnings)
        row = self.model.row_of(current.path) if current else -1
        self.select_row(max(row, 0))
        self._update_buttons()

    def is_own(self, entry: BackupEntry) -> bool:
        """The backup is of this window's link (the list may hold every link's)."""
        return (entry.region, entry.client_id, entry.module_id) == (
            self.region_code,
            self.client_id,
            self.module_id,
        )

    def backed_up(self, path: Path | None) -> None:
        """A "Back up now" ended: ``path`` is the new backup, ``None`` if the server had none."""
        if path is None:
            self._status("Nothing backed up: the server has no such link.", error=True)
            return
        self.refresh()
        self.show_backup(path)
        self._status(f"Backed up the server's current copy to {path}.")

    def backed_up_failed(self, text: str) -> None:
        self._status(text, error=True)

    def show_backup(self, path: Path) -> None:
        """Select the backup stored at ``path``, or say that it is no longer there."""
        row = self.model.row_of(path)
        if row < 0:
            self._status(f"The backup {path} is no longer in the backups folder.", error=True)
            return
        self.select_row(row)

    def selected_entry(self) -> BackupEntry | None:
        rows = self.list_view.selectionModel().selectedRows()
        return self.model.entry(rows[0].row()) if rows else None

    def select_row(self, row: int) -> None:
        if self.model.entry(row) is None:
            self._show_entry(None)
            return
        self.list_view.selectRow(row)

    # ----- actions

    def _compare(self) -> None:
        self.tabs.setCurrentWidget(self.diff_view)
        self._update_compare()

    def _restore(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        self.restoreRequested.emit(entry)
        self._status(
            f"The backup of {local_time_text(entry.saved_at)} is now in the editor "
            "(Undo takes it back). Save there to send it to the server."
        )

    def _export(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        stamp = entry.saved_at.strftime("%Y%m%d-%H%M%S")
        suggested = f"link-{entry.client_id}-{entry.module_id}-{stamp}.json"
        dest = self.path_chooser(self, suggested)
        if dest is None:
            return
        try:
            self.store.export(entry, dest)
        except BackupError as exc:
            self._status(f"{exc.message} {exc.advice}", error=True)
            return
        self._status(f"Exported to {dest}.")

    def _backup_now(self) -> None:
        self._status("Reading the server's copy to back it up…")
        self.backupNowRequested.emit()

    def _ask_prune(self) -> None:
        keep = self.keep_spin.value()
        count = self._prunable(keep)
        if count == 0:
            total = len(self.model.entries())
            self._status(f"Nothing to delete: there are {total} backup(s), keeping {keep}.")
            return
        noun = "backup" if count == 1 else "backups"
        self.prune_box = confirm_destructive(
            self,
            name="confirmPrune",
            title="Delete old backups?",
            question=f"Delete the {count} oldest {noun} of this link?",
            consequences=f"The {keep} newest are kept. Deleted backups cannot be recovered; "
            "they are the only copies of the server's earlier versions.",
            confirm_text=f"Delete {count} {noun}",
            keep_text="Keep all",
            on_confirm=lambda: self._prune(keep, count),
            on_close=self._prune_box_closed,
        )

    def _prune_box_closed(self) -> None:
        self.prune_box = None

    def _prune(self, keep: int, announced: int) -> None:
        if self._prunable(keep) != announced:
            # A save added a backup while the question was open: what was confirmed
            # is no longer what would be deleted.
            self.refresh()
            self._status("The backups changed meanwhile; nothing was deleted. Try again.")
            return
        try:
            deleted = self.store.prune(self.region_code, self.client_id, self.module_id, keep)
        except BackupError as exc:
            self.refresh()
            self._status(f"{exc.message} {exc.advice}", error=True)
            return
        self.refresh()
        self._status(f"Deleted {len(deleted)} old backup(s).")

    # ----- internals

    def _build_list(self) -> QTableView:
        view = named(QTableView(self), "backupList")
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().setVisible(False)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(REASON_COLUMN, QHeaderView.ResizeMode.Stretch)
        view.setMinimumWidth(340)
        view.selectionModel().selectionChanged.connect(self._selection_changed)
        return view

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_entry(self.selected_entry())

    def _show_entry(self, entry: BackupEntry | None) -> None:
        if self.model.entries():
            empty_text = "Select a backup in the list."
        else:
            empty_text = (
                "This link has no backups yet. One is taken automatically before every save."
            )
        self.details.show_entry(entry, empty_text)
        self._update_buttons()
        if self.tabs.currentWidget() is self.diff_view:
            self._update_compare()

    def _tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.diff_view:
            self._update_compare()

    def _update_compare(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            self.diff_view.set_message("Select a backup to compare.")
        elif not self.is_own(entry):
            self.diff_view.set_message(
                "This backup is of another link than the one in the editor: load that link "
                "to compare with it."
            )
        elif self.editor_state is None:
            self.diff_view.set_message("No link is open in the editor to compare with.")
        else:
            external_id, metadata = self.editor_state()
            link = entry.link
            self.diff_view.set_diff(
                diff_links(link.external_id, link.metadata, external_id, metadata)
            )

    def _update_buttons(self) -> None:
        entry = self.selected_entry()
        has = entry is not None
        own = entry is not None and self.is_own(entry)
        self.compare_button.setEnabled(own and self.editor_state is not None)
        self.restore_button.setEnabled(has)
        self.export_button.setEnabled(has)
        # Pruning is of this link's backups: not offered while the list shows every link's.
        every = self.all_links_check.isChecked()
        self.prune_button.setEnabled(bool(self.model.entries()) and not every)

    def _prunable(self, keep: int) -> int:
        listing = self.store.list(self.region_code, self.client_id, self.module_id)
        return max(0, len(listing.entries) - keep)

    def _show_warnings(self, warnings: list[str]) -> None:
        if not warnings:
            self.warning_label.setVisible(False)
            return
        n = len(warnings)
        head = f"⚠ {n} file(s) in the backups folder could not be read and are not listed:"
        lines = [head, *warnings[:_SHOWN_WARNINGS]]
        if n > _SHOWN_WARNINGS:
            lines.append(f"…and {n - _SHOWN_WARNINGS} more (see the tooltip).")
        self.warning_label.setText("\n".join(lines))
        self.warning_label.setToolTip("\n".join(warnings))
        self.warning_label.setVisible(True)

    def _status(self, text: str, *, error: bool = False) -> None:
        self.status_label.setStyleSheet(theme.text_style(theme.RED) if error else "")
        self.status_label.setText(text)
        self.status_label.setVisible(True)


def _line(name: str, style: str) -> QLabel:
    label = named(wrapped(QLabel()), name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet(style)
    label.setVisible(False)
    return label


def _button(text: str, name: str, slot: Callable[[], object]) -> QPushButton:
    button = named(QPushButton(text), name)
    button.setAutoDefault(False)
    button.clicked.connect(slot)
    return button

"""At start-up: edits left unsaved by the last session (a crash, a failed save), per link.

For each, the user restores it into the editor, discards it (its file is deleted), or
leaves the decision for the next start. The dialog only emits; the window does the
loading and the deleting.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from booxi_desktop.core.link.diff import LinkDiff, describe, diff_links
from booxi_desktop.core.regions import region_label
from booxi_desktop.core.storage.drafts import Draft, DraftListing
from booxi_desktop.core.text import local_time_text, utc_time_text
from booxi_desktop.core.visible_text import visible
from booxi_desktop.ui.widgets import theme
from booxi_desktop.ui.widgets.naming import named, wrapped

HEADERS = ("Link", "Edits kept at", "What changed", "")
LINK_COLUMN, SAVED_COLUMN, CHANGES_COLUMN, ACTIONS_COLUMN = range(4)


def link_text(draft: Draft) -> str:
    key = draft.key
    region = region_label(key.region)
    return f"Client {key.client_id} · {visible(key.module_id)} · {region}"


def draft_diff(draft: Draft) -> LinkDiff | None:
    """The draft against the copy its edits started from; ``None`` for a new link."""
    base = draft.base
    if base is None:
        return None
    return diff_links(base.external_id, base.metadata, draft.external_id, dict(draft.rows))


def changes_text(draft: Draft, diff: LinkDiff | None) -> str:
    """E.g. "2 changed, 1 added, 1 deleted · 12 keys", against the copy the edits started from."""
    keys = f"{len(draft.rows)} key(s)"
    if diff is None:
        return f"New link · {keys}"
    parts = [
        f"{len(diff.changed)} changed" if diff.changed else "",
        f"{len(diff.added)} added" if diff.added else "",
        f"{len(diff.removed)} deleted" if diff.removed else "",
        "external ID changed" if diff.external_id_change else "",
        "order changed" if diff.order_changed and not diff.change_count else "",
    ]
    said = ", ".join(p for p in parts if p) or "no change of content"
    return f"{said} · {keys}"


class DraftRestoreDialog(QDialog):
    """Restore closes the dialog (the editor holds one link); Discard removes just that row."""

    restoreRequested = Signal(object)
    """The :class:`Draft` to load into the editor."""
    discardRequested = Signal(object)
    """The :class:`Draft` whose file is to be deleted."""

    def __init__(self, listing: DraftListing, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "draftRestoreDialog")
        self.drafts: list[Draft] = list(listing.drafts)
        self._buttons: list[tuple[QPushButton, QPushButton]] = []
        self.setWindowTitle("Unsaved edits from last time")
        self.resize(820, 360)

        intro = QLabel(
            "These edits were never saved to Booxi: the app was closed or stopped before they "
            "were sent. Restore one to continue where you left off.",
        )
        named(wrapped(intro), "draftIntro")
        self.warning_label = named(wrapped(QLabel()), "draftWarnings")
        self.warning_label.setTextFormat(Qt.TextFormat.PlainText)
        self.warning_label.setStyleSheet(theme.text_style(theme.AMBER))
        self.warning_label.setVisible(bool(listing.warnings))
        if listing.warnings:
            self.warning_label.setText(
                "⚠ Some saved edits could not be read and are not listed:\n"
                + "\n".join(listing.warnings)
            )
        self.table = self._build_table()
        note = QLabel(
            "<b>Discard</b> deletes those edits from this computer for good. "
            "<b>Decide later</b> keeps them all and asks again at the next start.",
        )
        named(wrapped(note), "draftNote")
        note.setTextFormat(Qt.TextFormat.RichText)
        buttons = QDialogButtonBox(self)
        self.later_button = buttons.addButton(
            "Decide later", QDialogButtonBox.ButtonRole.RejectRole
        )
        named(self.later_button, "decideLaterButton")
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.warning_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def row_buttons(self, row: int) -> tuple[QPushButton, QPushButton]:
        """The Restore and Discard buttons of ``row``."""
        return self._buttons[row]

    def restore(self, draft: Draft) -> None:
        self.restoreRequested.emit(draft)
        self.accept()

    def discard(self, draft: Draft) -> None:
        row = self.drafts.index(draft)
        self.drafts.pop(row)
        self._buttons.pop(row)
        self.table.removeRow(row)
        self.discardRequested.emit(draft)
        if not self.drafts:
            self.accept()

    def _build_table(self) -> QTableWidget:
        table = named(QTableWidget(len(self.drafts), len(HEADERS), self), "draftTable")
        table.setHorizontalHeaderLabels(HEADERS)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CHANGES_COLUMN, QHeaderView.ResizeMode.Stretch)
        for row, draft in enumerate(self.drafts):
            saved = QTableWidgetItem(local_time_text(draft.saved_at))
            saved.setToolTip(utc_time_text(draft.saved_at))
            diff = draft_diff(draft)
            changes = QTableWidgetItem(changes_text(draft, diff))
            if diff is not None:
                changes.setToolTip("\n".join(describe(diff)))
            table.setItem(row, LINK_COLUMN, QTableWidgetItem(link_text(draft)))
            table.setItem(row, SAVED_COLUMN, saved)
            table.setItem(row, CHANGES_COLUMN, changes)
            table.setCellWidget(row, ACTIONS_COLUMN, self._actions(draft))
        table.resizeRowsToContents()
        return table

    def _actions(self, draft: Draft) -> QWidget:
        cell = QWidget()
        restore = named(
            QPushButton("Restore", cell),
            "restoreDraftButton",
            tip="Open this link with these edits in the editor; nothing is sent",
        )
        discard = named(
            QPushButton("Discard", cell),
            "discardDraftButton",
            tip="Delete these unsaved edits from this computer for good",
        )
        for button in (restore, discard):
            button.setAutoDefault(False)
        restore.clicked.connect(lambda: self.restore(draft))
        discard.clicked.connect(lambda: self.discard(draft))
        self._buttons.append((restore, discard))
        layout = QHBoxLayout(cell)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(restore)
        layout.addWidget(discard)
        return cell

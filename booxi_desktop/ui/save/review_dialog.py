"""The last look before a PUT: what will be deleted, changed and added on the server.

Shown with ``open()`` and answered through ``accepted``/``rejected``/``finished``,
never ``exec()``: some callers are inside a running qasync task.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from booxi_desktop.core.link.diff import LinkDiff
from booxi_desktop.core.text import plural
from booxi_desktop.core.visible_text import visible
from booxi_desktop.ui.widgets import theme
from booxi_desktop.ui.widgets.diff_view import DiffView, key_html
from booxi_desktop.ui.widgets.naming import named, wrapped

_WARNING_STYLE = (
    "QLabel#deletionWarning {{ background: {}; color: {}; border: 1px solid {};"
    " border-radius: 4px; padding: 6px; }}"
)
_KEYS_NAMED = 8


def nothing_to_send(diff: LinkDiff) -> bool:
    """The server already has exactly this: the window sends nothing and says so."""
    return diff.is_empty


def summary_text(diff: LinkDiff) -> str:
    """One line, e.g. "3 changes: 1 key deleted, 1 changed, 1 added"."""
    if diff.is_empty:
        return "No changes to send."
    parts = [
        f"{plural(len(diff.removed), 'key')} deleted" if diff.removed else "",
        f"{len(diff.changed)} changed" if diff.changed else "",
        f"{len(diff.added)} added" if diff.added else "",
        "external ID changed" if diff.external_id_change else "",
    ]
    count = diff.change_count
    if count == 0:
        return "Only the order of the keys changes."
    return f"{plural(count, 'change')}: " + ", ".join(p for p in parts if p) + "."


class ReviewDialog(QDialog):
    """Accepted means "send it"; rejected means nothing is sent."""

    def __init__(self, diff: LinkDiff, target_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "reviewDialog")
        self.diff = diff
        self.setWindowTitle("Review changes before saving")
        self.resize(680, 520)

        target = named(
            wrapped(QLabel(f"Saving to <b>{escape(visible(target_text))}</b>")), "reviewTarget"
        )
        target.setTextFormat(Qt.TextFormat.RichText)
        self.summary_label = named(QLabel(summary_text(diff)), "reviewSummary")
        self.deletion_label = named(wrapped(QLabel()), "deletionWarning")
        self.deletion_label.setStyleSheet(
            _WARNING_STYLE.format(
                *(theme.ink(c) for c in (theme.RED_BACKGROUND, theme.RED, theme.RED_BORDER))
            )
        )
        self.deletion_label.setTextFormat(Qt.TextFormat.RichText)
        self.deletion_label.setVisible(bool(diff.removed))
        if diff.removed:
            self.deletion_label.setText(_deletion_text(diff))
        self.diff_view = DiffView(self)
        self.diff_view.set_diff(diff)
        note = QLabel(
            "Saving replaces the whole link on the server with the editor's external ID and "
            "metadata: any key not in the editor is deleted there. The server's current copy "
            "is backed up on this computer first, so it can be restored from Backups.",
        )
        named(wrapped(note), "reviewNote")

        buttons = QDialogButtonBox(self)
        self.save_button = named(QPushButton("Save to Booxi"), "reviewSaveButton")
        self.cancel_button = named(QPushButton("Cancel"), "reviewCancelButton")
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        if nothing_to_send(diff):
            self.save_button.setEnabled(False)
            self.cancel_button.setText("Close")

        layout = QVBoxLayout(self)
        layout.addWidget(target)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.deletion_label)
        layout.addWidget(self.diff_view, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)

        if diff.removed:
            # Enter must not delete keys the user has not looked at: Cancel is the
            # default and the reading starts at the deletions.
            self.save_button.setAutoDefault(False)
            self.cancel_button.setDefault(True)
            self.diff_view.setFocus()
        else:
            self.save_button.setDefault(True)
            self.save_button.setFocus()


def _deletion_text(diff: LinkDiff) -> str:
    n = len(diff.removed)
    names = [key_html(k) for k in list(diff.removed)[:_KEYS_NAMED]]
    more = f" and {n - _KEYS_NAMED} more" if n > _KEYS_NAMED else ""
    return (
        f"<b>{plural(n, 'key')} will be deleted on the server:</b> {', '.join(names)}{more}. "
        "If that is not what you want, cancel and add them back in the editor."
    )

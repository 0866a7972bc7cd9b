"""The Backups window of the open link, and turning a restored backup into an undoable edit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from booxi_desktop.core.text import local_time_text
from booxi_desktop.ui.notices import Notice

if TYPE_CHECKING:
    from booxi_desktop.core.storage.backups import BackupEntry
    from booxi_desktop.ui.backups.window import BackupsWindow
    from booxi_desktop.ui.main_window import MainWindow


class BackupsController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: BackupsWindow | None = None

    def open(self) -> None:
        from booxi_desktop.ui.backups.window import BackupsWindow

        window = self.window
        loaded = window.editor.loaded
        if loaded is None:
            return
        if self.dialog is not None:
            self.dialog.close()
        editor = window.editor
        dialog = BackupsWindow(
            window.backup_store(),
            window.region.code,
            loaded.link.client_id,
            loaded.link.module_id,
            lambda: (editor.external_id(), editor.model.metadata()),
            window,
        )
        dialog.restoreRequested.connect(self.restore)
        dialog.finished.connect(self._closed)
        self.dialog = dialog
        dialog.show()

    def refresh(self) -> None:
        if self.dialog is not None:
            self.dialog.refresh()

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()

    def restore(self, entry: BackupEntry) -> None:
        """The backup's content goes into the editor as one step; the user then saves."""
        link = entry.link
        window = self.window
        loaded = window.editor.loaded
        if loaded is None or (entry.region, link.client_id, link.module_id) != (
            window.region.code,
            loaded.link.client_id,
            loaded.link.module_id,
        ):
            window.show_notice(
                Notice("Not restored: this backup is of another link than the one open.")
            )
            return
        if window.session.busy:
            window.show_notice(Notice("Not restored yet: wait for the running request to end."))
            return
        self.window.editor.apply_edits(
            link.external_id,
            list(link.metadata.items()),
            f"Restore backup of {local_time_text(entry.saved_at)}",
        )
        self.window.statusBar().showMessage(
            "The backup is in the editor: review it, then save (Undo takes it back)."
        )

    def _closed(self) -> None:
        self.dialog = None

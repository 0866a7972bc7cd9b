"""The Backups window of the open link, and turning a restored backup into an undoable edit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from booxi_desktop.core.text import local_time_text
from booxi_desktop.ui.notices import Notice

if TYPE_CHECKING:
    from booxi_desktop.core.storage.backups import BackupEntry
    from booxi_desktop.ui.backups.window import BackupsWindow
    from booxi_desktop.ui.host import Workbench


class BackupsController(QObject):
    def __init__(self, host: Workbench, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.dialog: BackupsWindow | None = None

    def open(self) -> None:
        from booxi_desktop.ui.backups.window import BackupsWindow

        host = self.host
        loaded = host.editor.loaded
        if loaded is None:
            return
        if self.dialog is not None:
            self.dialog.close()
        dialog = BackupsWindow(
            host.backup_store(),
            host.region_code,
            loaded.link.client_id,
            loaded.link.module_id,
            host.editor.content,
            host.dialog_parent(),
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
        host = self.host
        loaded = host.editor.loaded
        if loaded is None or (entry.region, link.client_id, link.module_id) != (
            host.region_code,
            loaded.link.client_id,
            loaded.link.module_id,
        ):
            host.show_notice(
                Notice("Not restored: this backup is of another link than the one open.")
            )
            return

        def apply() -> None:
            host.editor.apply_edits(
                link.external_id,
                list(link.metadata.items()),
                f"Restore backup of {local_time_text(entry.saved_at)}",
            )
            host.show_status(
                "The backup is in the editor: review it, then save (Undo takes it back)."
            )

        host.when_idle(apply, Notice("Not restored yet: wait for the running request to end."))

    def _closed(self) -> None:
        self.dialog = None

"""The Backups window of the open link, and turning a restored backup into an undoable edit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from booxi_desktop.ui.notices import Notice

if TYPE_CHECKING:
    from booxi_desktop.core.history.record import HistoryRecord
    from booxi_desktop.core.storage.backups import BackupEntry
    from booxi_desktop.ui.backups.window import BackupsWindow
    from booxi_desktop.ui.host import Workbench


class BackupsController(QObject):
    def __init__(self, host: Workbench, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.dialog: BackupsWindow | None = None

    def open(self) -> None:
        loaded = self.host.editor.loaded
        if loaded is None:
            return
        self._show(self.host.region_code, loaded.link.client_id, loaded.link.module_id)

    def open_record(self, record: HistoryRecord) -> None:
        """The Backups window of the record's link, at the backup taken before that save."""
        dialog = self._show(record.region, record.client_id, record.module_id)
        if record.backup_path is not None:
            dialog.show_backup(record.backup_path)

    def _is_open_link(self, region: str, client_id: int, module_id: str) -> bool:
        loaded = self.host.editor.loaded
        return loaded is not None and (region, client_id, module_id) == (
            self.host.region_code,
            loaded.link.client_id,
            loaded.link.module_id,
        )

    def _show(self, region: str, client_id: int, module_id: str) -> BackupsWindow:
        from booxi_desktop.ui.backups.window import BackupsWindow

        host = self.host
        if self.dialog is not None:
            self.dialog.close()
        # Comparing with the editor only means something when it holds that same link.
        same = self._is_open_link(region, client_id, module_id)
        dialog = BackupsWindow(
            host.backup_store(),
            region,
            client_id,
            module_id,
            host.editor.content if same else None,
            host.dialog_parent(),
        )
        dialog.restoreRequested.connect(self.restore)
        dialog.backupNowRequested.connect(lambda: self.back_up_now(dialog))
        dialog.finished.connect(self._closed)
        self.dialog = dialog
        dialog.show()
        return dialog

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
        if not self._is_open_link(entry.region, link.client_id, link.module_id):
            # Restoring goes through the editor: it must hold that very link first.
            host.show_notice(
                Notice(
                    "Not restored: this backup is of another link than the one open. "
                    f"Load client {link.client_id}, module {link.module_id!r} in "
                    f"region {entry.region!r}, then restore it from its Backups window."
                )
            )
            return

        def apply() -> None:
            from booxi_desktop.core.text import local_time_text  # the window starts without it

            host.editor.apply_edits(
                link.external_id,
                list(link.metadata.items()),
                f"Restore backup of {local_time_text(entry.saved_at)}",
            )
            host.show_status(
                "The backup is in the editor: review it, then save (Undo takes it back)."
            )

        host.when_idle(apply, Notice("Not restored yet: wait for the running request to end."))

    def back_up_now(self, dialog: BackupsWindow) -> None:
        """Back up the server's current copy of the dialog's link, as a network task."""
        host = self.host
        region, client_id, module_id = dialog.region_code, dialog.client_id, dialog.module_id

        async def run() -> None:
            from booxi_desktop.core.save import backup_current
            from booxi_desktop.ui.notices import notice_for

            try:
                path = await backup_current(
                    host.session.client(region), host.backup_store(), client_id, module_id
                )
            except Exception as exc:
                notice = notice_for(exc, doing="Backing up")
                host.show_notice(notice)
                if self.dialog is dialog:
                    dialog.backed_up_failed(notice.text)
                return
            if self.dialog is dialog:
                dialog.backed_up(path)

        def start() -> None:
            host.session.start(run(), "Backing up")

        host.when_idle(start, Notice("Not backed up yet: wait for the running request to end."))

    def _closed(self) -> None:
        self.dialog = None

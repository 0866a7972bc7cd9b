"""Opens the History window and passes a record's backup on to the Backups window."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, SignalInstance

if TYPE_CHECKING:
    from booxi_desktop.core.history.record import HistoryRecord
    from booxi_desktop.ui.history.window import HistoryWindow
    from booxi_desktop.ui.host import Workbench


class HistoryController(QObject):
    def __init__(
        self,
        host: Workbench,
        open_backup: Callable[[HistoryRecord], None],
        busy_changed: SignalInstance,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.host = host
        self._open_backup = open_backup
        self.window: HistoryWindow | None = None
        # Every save attempt ends its request, whatever its outcome, and leaves a record.
        busy_changed.connect(self._busy_changed)

    def _busy_changed(self, busy: bool) -> None:
        if not busy:
            self.refresh()

    def open(self) -> None:
        from booxi_desktop.core.history.journal import HistoryJournal
        from booxi_desktop.ui.history.window import HistoryWindow

        if self.window is not None:
            self.window.refresh()
            self.window.raise_()
            self.window.activateWindow()
            return
        journal = HistoryJournal.beside(self.host.backup_store())
        window = HistoryWindow(journal, self.host.dialog_parent())
        window.openBackupRequested.connect(self._open_backup)
        window.finished.connect(self._closed)
        self.window = window
        window.show()

    def refresh(self) -> None:
        if self.window is not None:
            self.window.refresh()

    def close(self) -> None:
        if self.window is not None:
            self.window.close()

    def _closed(self) -> None:
        self.window = None

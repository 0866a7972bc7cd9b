"""File → Find client by external id: the dialog, the search as the session's task."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from booxi_desktop.ui.widgets.lazy_qt import set_by_name, set_shortcut
from booxi_desktop.ui.widgets.naming import named

if TYPE_CHECKING:
    import asyncio

    from booxi_desktop.ui.find.dialog import FindDialog
    from booxi_desktop.ui.find.results_model import ResultRow
    from booxi_desktop.ui.host import Workbench

FIND_LABEL = "Finding clients"
Found = tuple["list[ResultRow]", str, str]


class FindController(QObject):
    def __init__(
        self, host: Workbench, module_id: Callable[[], str], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.host = host
        self._module_id = module_id
        self.dialog: FindDialog | None = None
        self.action = named(QAction("&Find client by external id…", parent), "findClientAction")
        set_shortcut(self.action, QKeySequence.StandardKey.Find)
        # Only in the widgets the action is added to (the editor tab): the inspector's
        # tree has its own Ctrl+F, and two window-wide ones would cancel each other.
        set_by_name(self.action, "shortcutContext", "WidgetWithChildrenShortcut")
        self.action.setToolTip("Find the clients whose link has a CRM id (externalId) (Ctrl+F)")
        self.action.triggered.connect(self.open)
        host.session.busyChanged.connect(self._busy_changed)
        host.session.cancelled.connect(self._cancelled)

    def open(self) -> None:
        """Show the dialog (non-modal: the editor stays usable beside it)."""
        if self.dialog is None:
            from booxi_desktop.ui.find.dialog import FindDialog

            dialog = FindDialog(self._module_id(), self.host.dialog_parent())
            dialog.findRequested.connect(self.find)
            dialog.cancelRequested.connect(self.host.session.cancel)
            dialog.openRequested.connect(self._open_row)
            dialog.set_busy(self.host.session.busy)
            self.dialog = dialog
        elif not self.dialog.module_edit.text().strip():
            self.dialog.module_edit.setText(self._module_id())
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        self.dialog.external_edit.setFocus()

    def find(self, module_id: str, external_id: str) -> None:
        dialog = self.dialog
        if dialog is None:
            return
        session = self.host.session
        if session.busy:
            dialog.show_message("Wait for the running request to end, or cancel it.", error=True)
            return
        from booxi_desktop.core.errors import InvalidInputError
        from booxi_desktop.core.remote.client import check_search

        try:
            check_search(module_id, external_id)
        except InvalidInputError as exc:
            dialog.show_message(f"Not searched: {exc}. Nothing was sent.", error=True)
            return
        dialog.show_searching()
        task = session.start(self._find(self.host.region_code, module_id, external_id), FIND_LABEL)
        # Shown once the task has ended (the session is idle again): a row opened at
        # once would otherwise be refused as "a request is running".
        task.add_done_callback(self._present)

    def _present(self, task: asyncio.Task[Found | None]) -> None:
        if task.cancelled() or self.dialog is None:
            return
        found = task.result()
        if found is None:
            return
        rows, module_id, external_id = found
        self.dialog.show_rows(rows, module_id, external_id)
        self.host.show_status(f"Find: {len(rows)} client(s) for {external_id!r} in {module_id}.")

    async def _find(self, code: str, module_id: str, external_id: str) -> Found | None:
        from booxi_desktop.ui.find.results_model import result_rows
        from booxi_desktop.ui.notices import notice_for

        try:
            client = await self.host.session.ready_client(code)
            found = await client.find_clients(module_id, external_id)
        except Exception as exc:
            notice = notice_for(exc, doing="Finding clients")
            if self.dialog is not None:
                text = " ".join(p for p in (notice.headline, notice.advice) if p)
                self.dialog.show_message(text, error=True)
            return None
        return result_rows(found, module_id), module_id, external_id

    def _open_row(self, client_id: int, module_id: str) -> None:
        self.host.open_link(client_id, module_id)

    def _busy_changed(self, busy: bool) -> None:
        if self.dialog is not None:
            self.dialog.set_busy(busy)

    def _cancelled(self, label: str) -> None:
        if label == FIND_LABEL and self.dialog is not None:
            self.dialog.show_message("Search cancelled.")

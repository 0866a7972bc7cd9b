"""The one way a link gets into the editor: from Load, a draft, a backup or the inspector.

Every load first asks about unsaved edits (through the host), shows its ids in the load
bar, and runs as the session's foreground task, so Cancel stops it and a second load
cannot start beside it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from booxi_desktop.ui.notices import Notice, notice_for

if TYPE_CHECKING:
    from booxi_desktop.ui.editor.load_bar import LoadBar
    from booxi_desktop.ui.host import Workbench
    from booxi_desktop.ui.settings import AppSettings

LOAD_LABEL = "Loading"


class LoadFlow(QObject):
    started = Signal()
    """A load is starting: a Retry offered from now on means "load this link again"."""
    shown = Signal(bool)
    """The editor now shows the loaded link (True), or nothing after a failed show (False)."""

    def __init__(
        self,
        host: Workbench,
        load_bar: LoadBar,
        settings: AppSettings,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.host = host
        self.load_bar = load_bar
        self.settings = settings
        self._again: Callable[[], None] | None = None

    def open_link(
        self, client_id: int, module_id: str, then: Callable[[], None] | None = None
    ) -> None:
        """Load a link (asking about unsaved edits first), then run ``then`` if it loaded."""

        def go() -> None:
            if (self.load_bar.client_id(), self.load_bar.module_id()) != (client_id, module_id):
                self.load_bar.set_ids(client_id, module_id)
            self._start(client_id, module_id, then)

        self.host.unless_unsaved("loading another link", go)

    def retry(self) -> None:
        """Load the last link again; through open_link, so edits made since are asked about."""
        if self._again is not None:
            self._again()

    def _start(self, client_id: int, module_id: str, then: Callable[[], None] | None) -> None:
        session = self.host.session
        if session.busy:
            return
        self.host.clear_notice()
        self._again = partial(self.open_link, client_id, module_id, then)
        self.started.emit()
        code = self.host.region_code
        session.start(self._load(code, client_id, module_id, then), LOAD_LABEL)

    async def _load(
        self, code: str, client_id: int, module_id: str, then: Callable[[], None] | None
    ) -> None:
        host = self.host
        host.show_status(f"Loading client {client_id}, module {module_id}…")
        started = time.perf_counter()
        try:
            client = await host.session.ready_client(code)
            response = await client.get_link(client_id, module_id)
        except Exception as exc:
            host.show_notice(notice_for(exc, doing="Loading"))
            return
        try:
            host.editor.show_link(response)
        except Exception as exc:
            # The editor is empty again; the placeholder stays, so nothing can be saved.
            self.shown.emit(False)
            host.show_notice(Notice(f"Could not show the link: {exc}.", "Nothing was changed."))
            return
        self.shown.emit(True)
        self.settings.remember_module(module_id)
        self.load_bar.set_recent_modules(self.settings.recent_modules())
        elapsed = (time.perf_counter() - started) * 1000
        server = host.session.regions[code].host
        host.show_status(f"Loaded from {server} in {elapsed:.0f} ms.")
        if then is not None:
            then()

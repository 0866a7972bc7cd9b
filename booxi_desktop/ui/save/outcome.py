"""How far the running save got, and checking a save whose PUT went out unanswered.

A PUT that timed out, was cancelled while being sent, or was answered with another
record's link may or may not have changed the server: the window neither says "retry"
nor marks the edits saved, and offers to read the server's copy and compare.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from booxi_desktop.core.errors import BooxiError
from booxi_desktop.ui.notices import Action, Notice, cancelled_save_notice, notice_for

if TYPE_CHECKING:
    from booxi_desktop.core.link.model import LinkResponse
    from booxi_desktop.core.save import SaveStage
    from booxi_desktop.ui.main_window import MainWindow
    from booxi_desktop.ui.save.request import SaveRequest


class SaveOutcome:
    LABEL = "Checking"

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.stage: SaveStage | None = None
        self._running: SaveRequest | None = None
        # The last save whose PUT went out without a usable answer.
        self.unsure: SaveRequest | None = None

    def begin(self, request: SaveRequest) -> None:
        self._running, self.stage = request, None

    def reached(self, stage: SaveStage) -> None:
        self.stage = stage

    def failed(self, exc: BaseException) -> None:
        if isinstance(exc, BooxiError) and exc.may_have_applied:
            self.unsure = self._running
        self._running = None

    def succeeded(self) -> None:
        self._running = self.unsure = None

    def cancelled_notice(self) -> Notice:
        from booxi_desktop.core.save import SaveStage

        put_started = self.stage is SaveStage.SENDING
        if put_started:
            self.unsure = self._running
        self._running = None
        return cancelled_save_notice(put_started=put_started)

    def check_cancelled_notice(self) -> Notice:
        return Notice(
            "Checking cancelled: your edits are kept as unsaved.",
            "The server may still hold them; compare before saving again.",
            Action.RELOAD_COMPARE if self.unsure is not None else Action.NONE,
            error=False,
        )

    # reload and compare ---------------------------------------------------------------

    def reload_and_compare(self) -> None:
        request, window = self.unsure, self.window
        if request is None or window.session.busy:
            return
        loaded = window.editor.loaded
        if (
            loaded is None
            or request.region != window.region.code
            or (loaded.link.client_id, loaded.link.module_id)
            != (request.client_id, request.module_id)
        ):
            self.unsure = None
            window.show_notice(
                Notice("Not compared: the link that was being saved is no longer open.")
            )
            return
        window.banner.clear()
        window.session.start(self._compare(request), self.LABEL)

    async def _compare(self, request: SaveRequest) -> None:
        from booxi_desktop.core.save import current_link

        window = self.window
        window.statusBar().showMessage("Reading the server's copy to compare it with your edits…")
        try:
            client = window.session.client(request.region)
            server = await current_link(client, request.client_id, request.module_id)
        except Exception as exc:
            failed = notice_for(exc, doing="Reading the server's copy")
            window.show_notice(Notice(failed.headline, failed.advice, Action.RELOAD_COMPARE))
            return
        self.unsure = None
        if server is not None and _holds(server, request):
            window.editor.apply_saved(server, (request.external_id, request.metadata))
            window.statusBar().showMessage(
                "The server holds exactly what was sent: the edits are saved."
            )
            window.backups.refresh()
            return
        self._offer_choice(request, server)

    def _offer_choice(self, request: SaveRequest, server: LinkResponse | None) -> None:
        from booxi_desktop.core.errors import ConflictError
        from booxi_desktop.ui.save.steps import resolve_conflict

        window = self.window
        # Edits typed since the PUT went out are the user's too: compare those, not the
        # older request, so that re-applying on the server's copy loses none of them.
        window.editor.commit_pending_edit()
        request = replace(
            request,
            external_id=window.editor.external_id(),
            metadata=window.editor.model.metadata(),
        )
        exc = ConflictError(
            "The server's copy is not what was sent.", loaded=request.loaded, server=server
        )
        window.show_notice(
            Notice(
                "The server does not hold what was sent.",
                "Your edits are kept as unsaved: compare them with the server's copy in the "
                "dialog and choose how to go on.",
            )
        )
        resolve_conflict(
            window,
            exc,
            request,
            overwrite=window.send_save,
            reapply=window._reapply,
            abandon=lambda: window.statusBar().showMessage("Not saved: your edits are kept."),
        )


def _holds(server: LinkResponse, request: SaveRequest) -> bool:
    from booxi_desktop.core.link.diff import diff_links

    link = server.link
    return diff_links(
        link.external_id, link.metadata, request.external_id, request.metadata
    ).is_empty

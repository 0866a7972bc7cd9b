"""The save workflow: review → (empty-link question) → send → conflict or unsure outcome.

Where a save stands is one frozen :class:`SaveState`, replaced at each step, rather
than flags and callbacks spread over the window. A save started from the unsaved-edits
question carries what to do next (load another link, switch region, close) in
``then``; that runs only once the save has succeeded and the window is idle again,
and is dropped by any refusal, abandon, failure or cancel.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import Enum, auto
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance

from booxi_desktop.ui.notices import Notice, cancelled_save_notice, notice_for
from booxi_desktop.ui.save import outcome
from booxi_desktop.ui.save.steps import ReviewStep, resolve_conflict, review_in_dialog

if TYPE_CHECKING:
    from booxi_desktop.core.errors import ConflictError
    from booxi_desktop.core.link.merge import Reapplied
    from booxi_desktop.core.link.model import LinkResponse
    from booxi_desktop.core.save import SaveStage
    from booxi_desktop.ui.host import Workbench
    from booxi_desktop.ui.save.request import SaveRequest

SAVE_LABEL = "Saving"
CHECK_LABEL = outcome.CHECK_LABEL


class Phase(Enum):
    IDLE = auto()
    REVIEWING = auto()  # the review (and maybe the empty-link question) is open
    SENDING = auto()  # backing up the server's copy, then the PUT
    SAVED = auto()  # the PUT succeeded; ``then`` runs once the window is idle
    CHECKING = auto()  # reading the server's copy after an unanswered PUT


@dataclass(frozen=True)
class SaveState:
    phase: Phase = Phase.IDLE
    then: Callable[[], None] | None = None
    # The link was deleted on the server and the user chose to re-create it.
    recreate: bool = False
    running: SaveRequest | None = None
    stage: SaveStage | None = None
    # The last save whose PUT went out without a usable answer.
    unsure: SaveRequest | None = None


class SaveController(QObject):
    saved = Signal()
    """A save (or a check) found the server holding the edits: backups may have changed."""
    sending = Signal()
    """A save is being sent: a Retry offered from now on means "save again"."""
    recorded = Signal()
    """A save cancelled at the review is now in the history journal."""

    def __init__(
        self,
        host: Workbench,
        busy_changed: SignalInstance,
        review: ReviewStep = review_in_dialog,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.host = host
        self.state = SaveState()
        self._review = review
        busy_changed.connect(self._busy_changed)

    def _set(self, **changes: object) -> None:
        # Each step names only the fields it changes; replace() checks the names at run time.
        self.state = replace(self.state, **changes)  # type: ignore[arg-type]

    @property
    def unsure(self) -> SaveRequest | None:
        return self.state.unsure

    def forget_link(self) -> None:
        """Another link (or none) is shown: re-creating the old one no longer applies."""
        self._set(recreate=False)

    def blocker(self) -> str:
        """Why Save cannot run now, or "" when it can (a running request aside)."""
        editor = self.host.editor
        if editor.loaded is None or not self.host.link_shown:
            return "load a link first"
        errors = [i for i in editor.issues() if i.is_error]
        if errors:
            first = errors[0]
            where = f"row {first.row + 1} " if first.row is not None else ""
            return f"{len(errors)} validation error(s) to fix first ({where}{first.message})"
        if not editor.is_modified():
            return "there are no changes to save"
        return ""

    # save → review → send ---------------------------------------------------------------

    def save(self, then: Callable[[], None] | None = None) -> None:
        """Review what the editor holds; ``then`` runs once it is saved."""
        request = self._request()
        if request is None:
            return
        self._set(phase=Phase.REVIEWING, then=then)
        session = self.host.session
        host = session.regions[request.region].host
        target = f"client {request.client_id} · module {request.module_id} on {host}"
        self._review(
            self.host.dialog_parent(),
            request,
            target,
            lambda: self.send(request),
            lambda: self._abandon(request),
        )

    def _request(self) -> SaveRequest | None:
        from booxi_desktop.ui.save.request import SaveRequest

        editor = self.host.editor
        editor.commit_pending_edit()
        loaded = editor.loaded
        if loaded is None:
            return None
        if self.host.session.busy:
            self.host.show_notice(
                Notice("Not saved yet: a request is running; save again once it ends.")
            )
            return None
        reason = self.blocker()
        if reason:
            self.host.show_notice(Notice(f"Not saved: {reason}.", error=False))
            return None
        external_id, metadata = editor.content()
        return SaveRequest(
            self.host.region_code,
            loaded.link,
            external_id,
            metadata,
            overwrite=self.state.recreate,
        )

    def _abandon(self, request: SaveRequest) -> None:
        self._set(phase=Phase.IDLE, then=None)
        self.host.show_status("Not saved: nothing was sent.")
        from booxi_desktop.ui.save.request import record_cancelled

        record_cancelled(self.host.backup_store(), request, self._notify_recorded)

    def _notify_recorded(self) -> None:
        # Called from the writer thread; the signal reaches the UI thread queued. The
        # controller may be gone by then (the window closed): nobody is listening.
        with contextlib.suppress(RuntimeError):
            self.recorded.emit()

    def send(self, request: SaveRequest) -> None:
        """Back up the server's copy, then send ``request`` (already reviewed)."""
        self.host.clear_notice()
        self._set(phase=Phase.SENDING, running=request, stage=None)
        self.sending.emit()
        self.host.session.start(self._send(request), SAVE_LABEL)

    def _reached(self, stage: SaveStage) -> None:
        self._set(stage=stage)

    async def _send(self, request: SaveRequest) -> None:
        from booxi_desktop.core.errors import ConflictError
        from booxi_desktop.ui.save.request import send

        host = self.host
        host.show_status("Backing up the server's copy, then saving…")
        try:
            client = await host.session.ready_client(request.region)
            result = await send(client, host.backup_store(), request, self._reached)
        except ConflictError as exc:
            self._failed(exc)
            self._resolve_conflict(exc, request)
            return
        except Exception as exc:
            self._failed(exc)
            host.show_notice(notice_for(exc, doing="Saving"))
            return
        self._set(phase=Phase.SAVED, running=None, stage=None, unsure=None, recreate=False)
        host.editor.apply_saved(result.response, (request.external_id, request.metadata))
        backup = result.backup_path
        where = f" Previous server copy backed up to {backup}" if backup else ""
        server = host.session.regions[request.region].host
        warn = f" {result.history_error}" if result.history_error else ""
        host.show_status(f"Saved to {server}.{where}{warn}")
        self.saved.emit()

    def _failed(self, exc: BaseException) -> None:
        unsure = self.state.running if outcome.may_have_applied(exc) else self.state.unsure
        self._set(phase=Phase.IDLE, then=None, running=None, stage=None, unsure=unsure)

    def _busy_changed(self, busy: bool) -> None:
        if busy or self.state.phase is not Phase.SAVED:
            return
        then = self.state.then
        self._set(phase=Phase.IDLE, then=None)
        if then is not None:
            # After the task's own end: what comes next may start a request of its own.
            QTimer.singleShot(0, then)

    def cancelled(self, label: str) -> Notice | None:
        """The notice for a cancelled save or check, or None for another task's label."""
        from booxi_desktop.core.save import SaveStage

        if label == SAVE_LABEL:
            put_started = self.state.stage is SaveStage.SENDING
            unsure = self.state.running if put_started else self.state.unsure
            self._set(phase=Phase.IDLE, then=None, running=None, stage=None, unsure=unsure)
            return cancelled_save_notice(put_started=put_started)
        if label == CHECK_LABEL:
            self._set(phase=Phase.IDLE)
            return outcome.check_cancelled_notice(unsure=self.state.unsure is not None)
        return None

    # conflicts ----------------------------------------------------------------------------

    def _resolve_conflict(self, exc: ConflictError, request: SaveRequest) -> None:
        self.host.show_notice(notice_for(exc, doing="Saving"))
        self._offer_choice(exc, request)

    def _offer_choice(self, exc: ConflictError, request: SaveRequest) -> None:
        resolve_conflict(
            self.host.dialog_parent(),
            exc,
            request,
            overwrite=self.send,
            reapply=self.reapply,
            abandon=lambda: self.host.show_status("Not saved: your edits are kept."),
        )

    def reapply(self, server: LinkResponse | None, result: Reapplied) -> None:
        """Start again from the server's copy, with the user's changes as one undoable step."""
        host = self.host
        host.clear_notice()
        if server is not None:
            host.editor.show_link(server)
        else:
            self._set(recreate=True)
        host.editor.apply_edits(
            result.external_id, list(result.metadata.items()), "Re-apply my changes"
        )
        host.show_status(
            "Your changes are re-applied on the server's current copy: review them, then save."
        )

    # reload and compare -------------------------------------------------------------------

    def reload_and_compare(self) -> None:
        request, host = self.state.unsure, self.host
        if request is None or host.session.busy:
            return
        loaded = host.editor.loaded
        if (
            loaded is None
            or request.region != host.region_code
            or (loaded.link.client_id, loaded.link.module_id)
            != (request.client_id, request.module_id)
        ):
            self._set(unsure=None)
            host.show_notice(outcome.NOT_OPEN)
            return
        host.clear_notice()
        self._set(phase=Phase.CHECKING)
        host.session.start(self._compare(request), CHECK_LABEL)

    async def _compare(self, request: SaveRequest) -> None:
        from booxi_desktop.core.save import current_link

        host = self.host
        host.show_status("Reading the server's copy to compare it with your edits…")
        try:
            client = await host.session.ready_client(request.region)
            server = await current_link(client, request.client_id, request.module_id)
        except Exception as exc:
            self._set(phase=Phase.IDLE)
            host.show_notice(outcome.check_failed_notice(exc))
            return
        self._set(phase=Phase.IDLE, unsure=None)
        if server is not None and outcome.holds(server, request):
            host.editor.apply_saved(server, (request.external_id, request.metadata))
            host.show_status("The server holds exactly what was sent: the edits are saved.")
            self.saved.emit()
            return
        self._differs(request, server)

    def _differs(self, request: SaveRequest, server: LinkResponse | None) -> None:
        from booxi_desktop.core.errors import ConflictError

        editor = self.host.editor
        # Edits typed since the PUT went out are the user's too: compare those, not the
        # older request, so that re-applying on the server's copy loses none of them.
        editor.commit_pending_edit()
        external_id, metadata = editor.content()
        request = replace(request, external_id=external_id, metadata=metadata)
        exc = ConflictError(
            "The server's copy is not what was sent.", loaded=request.loaded, server=server
        )
        self.host.show_notice(outcome.DIFFERS)
        self._offer_choice(exc, request)

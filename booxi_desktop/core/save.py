"""The one way a link is written to the server: read it, back it up, check, then send.

A PUT overwrites the whole link, so before it is sent the server's current copy is
read and durably backed up, and compared with what the user started from: if someone
else changed it in between, nothing is sent unless the user chose to overwrite.
"""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from booxi_desktop.core.errors import (
    BooxiError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    NothingToSaveError,
)
from booxi_desktop.core.history.journal import HistoryJournal, HistoryWriteError
from booxi_desktop.core.history.record import Change, HistoryRecord, Outcome, Source
from booxi_desktop.core.link.diff import LinkDiff, diff_links
from booxi_desktop.core.link.model import ClientModuleLink, LinkResponse, Metadata, format_datetime
from booxi_desktop.core.remote.client import BooxiClient, check_client_id, check_module_id
from booxi_desktop.core.storage.backups import BackupStore, utc_now


class SaveStage(enum.Enum):
    """How far a save got: until SENDING starts, nothing can have reached the server."""

    READING = "reading"
    BACKING_UP = "backing_up"
    SENDING = "sending"


@dataclass(frozen=True)
class SaveResult:
    response: LinkResponse
    # None when there was no link on the server before, so nothing to back up.
    backup_path: Path | None
    # From the server's copy before the save to what was sent.
    diff: LinkDiff
    # Why the save is missing from the history journal, or "" when it was recorded.
    history_error: str = ""


@dataclass
class _Progress:
    """How far a save got, for its history record."""

    stage: SaveStage | None = None
    diff: LinkDiff | None = None
    backup_path: Path | None = None


async def save_link(
    client: BooxiClient,
    backups: BackupStore,
    *,
    client_id: int,
    module_id: str,
    external_id: str,
    metadata: Metadata,
    loaded: ClientModuleLink | None,
    overwrite: bool = False,
    on_stage: Callable[[SaveStage], None] | None = None,
    source: Source = Source.WINDOW,
    journal: HistoryJournal | None = None,
) -> SaveResult:
    """Send the edits as a PUT, only after the server's current copy is backed up.

    ``loaded`` is the link the edits started from (``None``: there was none, or the
    caller has no expectation). Raises ``BackupError``, ``ConflictError`` or
    ``NothingToSaveError`` before anything is sent, or the client's errors; the
    client refuses a pre-save read that answers with another record, so such a
    record is neither backed up nor followed by a PUT. ``on_stage`` is told each
    stage as it starts, so that a cancelled save can say whether a PUT had begun.

    Whatever the outcome, one record goes to the history journal (by default the one
    beside ``backups``); a journal that cannot be written never fails the save.
    """
    history = journal if journal is not None else HistoryJournal.beside(backups)
    progress = _Progress()
    if loaded is not None:
        # Until the server's copy is read, what the user meant to change is the best record.
        progress.diff = diff_links(loaded.external_id, loaded.metadata, external_id, metadata)

    def record(outcome: Outcome, exc: BaseException | None = None) -> HistoryRecord:
        backup_path = progress.backup_path
        if isinstance(exc, ConflictError) and exc.backup_path is not None:
            backup_path = exc.backup_path
        status = exc.status if isinstance(exc, BooxiError) else None
        if isinstance(exc, BooxiError):
            message = exc.message
        elif isinstance(exc, asyncio.CancelledError):
            sending = progress.stage is SaveStage.SENDING
            message = (
                "Cancelled while the PUT was under way: the server may have applied it."
                if sending
                else "Cancelled before anything was sent."
            )
        else:
            message = "" if exc is None else type(exc).__name__
        return HistoryRecord(
            at=utc_now(),
            region=client.region.code,
            client_id=client_id,
            module_id=module_id,
            outcome=outcome,
            source=source,
            change=Change.of(progress.diff) if progress.diff is not None else None,
            backup=str(backup_path) if backup_path else "",
            status=status,
            message=message,
        )

    try:
        result = await _save_link(
            client,
            backups,
            progress,
            client_id=client_id,
            module_id=module_id,
            external_id=external_id,
            metadata=metadata,
            loaded=loaded,
            overwrite=overwrite,
            on_stage=on_stage,
        )
    except asyncio.CancelledError as exc:
        # A cancelled task may not await again: the record is written beside it.
        asyncio.get_running_loop().run_in_executor(
            None, _append_quietly, history, record(Outcome.CANCELLED, exc)
        )
        raise
    except Exception as exc:
        await asyncio.to_thread(_append_quietly, history, record(_outcome_of(exc, progress), exc))
        raise
    error = await asyncio.to_thread(_append_quietly, history, record(Outcome.SENT))
    return SaveResult(result.response, result.backup_path, result.diff, history_error=error)


def _append_quietly(journal: HistoryJournal, record: HistoryRecord) -> str:
    try:
        journal.append(record)
    except HistoryWriteError as exc:
        return f"This save is not in the history: {exc}."
    return ""


def _outcome_of(exc: Exception, progress: _Progress) -> Outcome:
    if isinstance(exc, ConflictError):
        return Outcome.CONFLICT
    if getattr(exc, "may_have_applied", False):
        return Outcome.UNKNOWN
    if progress.stage is SaveStage.SENDING:
        if isinstance(exc, BooxiError) and exc.status is not None:
            return Outcome.REFUSED
        # The PUT may have left before the error (a network error after sending).
        return Outcome.UNKNOWN
    return Outcome.NOT_SENT


async def _save_link(
    client: BooxiClient,
    backups: BackupStore,
    progress: _Progress,
    *,
    client_id: int,
    module_id: str,
    external_id: str,
    metadata: Metadata,
    loaded: ClientModuleLink | None,
    overwrite: bool,
    on_stage: Callable[[SaveStage], None] | None,
) -> SaveResult:
    def reached(stage: SaveStage) -> None:
        progress.stage = stage
        if on_stage is not None:
            on_stage(stage)

    check_client_id(client_id)
    check_module_id(module_id)
    if loaded is not None and (loaded.client_id, loaded.module_id) != (client_id, module_id):
        raise InvalidInputError(
            f"The loaded link is client {loaded.client_id}, module {loaded.module_id!r}, "
            f"not client {client_id}, module {module_id!r}."
        )
    reached(SaveStage.READING)
    current = await current_link(client, client_id, module_id)
    old_external_id, old_metadata = (
        (current.link.external_id, current.link.metadata) if current else ("", {})
    )
    diff = diff_links(old_external_id, old_metadata, external_id, metadata)
    progress.diff = diff
    if current is not None and diff.is_empty:
        # Checked before the conflict: if someone else already made exactly this
        # change, sending it again would change nothing and lose nothing.
        raise NothingToSaveError("Nothing to save: the server already has exactly this.")

    backup_path = None
    if current is not None:
        reached(SaveStage.BACKING_UP)
        backup_path = await asyncio.to_thread(backups.write, client.region.code, current.link)
        progress.backup_path = backup_path

    if loaded is not None and not overwrite and _changed_since(loaded, current):
        raise ConflictError(
            _conflict_message(current, backup_path),
            loaded=loaded,
            server=current,
            backup_path=backup_path,
        )
    reached(SaveStage.SENDING)
    response = await client.put_link(client_id, module_id, external_id, metadata)
    return SaveResult(response=response, backup_path=backup_path, diff=diff)


async def backup_current(
    client: BooxiClient,
    backups: BackupStore,
    client_id: int,
    module_id: str,
    *,
    reason: str = "manual",
) -> Path | None:
    """Back up the server's link now; ``None`` if the server has no such link."""
    current = await current_link(client, client_id, module_id)
    if current is None:
        return None
    return await asyncio.to_thread(backups.write, client.region.code, current.link, reason=reason)


async def current_link(client: BooxiClient, client_id: int, module_id: str) -> LinkResponse | None:
    """The server's link now, or ``None`` when it has none (a 404)."""
    try:
        return await client.get_link(client_id, module_id)
    except NotFoundError:
        # Booxi answers 404 both for "no link yet" and "no such client"; either way
        # there is nothing to back up, and the PUT's own answer tells the two apart.
        return None


def _changed_since(loaded: ClientModuleLink, current: LinkResponse | None) -> bool:
    if current is None:
        return True
    server = current.link
    if not diff_links(
        loaded.external_id, loaded.metadata, server.external_id, server.metadata
    ).is_empty:
        return True
    # Same content but a newer date: changed and changed back; still someone else's save.
    return (
        loaded.modified_on is not None
        and server.modified_on is not None
        and loaded.modified_on != server.modified_on
    )


def _conflict_message(current: LinkResponse | None, backup_path: Path | None) -> str:
    if current is None:
        return "The link was deleted on the server since it was loaded. Nothing was sent."
    when = current.link.modified_on
    at = f" (last modified {format_datetime(when)})" if when else ""
    kept = f" Its current copy was backed up to {backup_path}." if backup_path else ""
    return f"The link changed on the server since it was loaded{at}. Nothing was sent.{kept}"

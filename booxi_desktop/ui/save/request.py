"""What a save sends, captured when the user asks, and the call that sends it.

Kept apart from the window so that a review step (showing the diff before sending)
can sit between :class:`SaveRequest` being built and :func:`send` being awaited.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from booxi_desktop.core.link.model import ClientModuleLink, Metadata

if TYPE_CHECKING:
    from booxi_desktop.core.history.record import HistoryRecord
    from booxi_desktop.core.remote.client import BooxiClient
    from booxi_desktop.core.save import SaveResult, SaveStage
    from booxi_desktop.core.storage.backups import BackupStore


@dataclass(frozen=True)
class SaveRequest:
    region: str
    loaded: ClientModuleLink
    external_id: str
    metadata: Metadata
    overwrite: bool = False

    @property
    def client_id(self) -> int:
        return self.loaded.client_id

    @property
    def module_id(self) -> str:
        return self.loaded.module_id


async def send(
    client: BooxiClient,
    backups: BackupStore,
    request: SaveRequest,
    on_stage: Callable[[SaveStage], None] | None = None,
) -> SaveResult:
    from booxi_desktop.core.save import save_link

    return await save_link(
        client,
        backups,
        client_id=request.client_id,
        module_id=request.module_id,
        external_id=request.external_id,
        metadata=request.metadata,
        loaded=request.loaded,
        overwrite=request.overwrite,
        on_stage=on_stage,
    )


def record_cancelled(
    backups: BackupStore, request: SaveRequest, done: Callable[[], None] | None = None
) -> None:
    """Journal a save the user cancelled at the review; written off the UI thread, then
    ``done`` is called (on that thread)."""
    from PySide6.QtCore import QThreadPool

    from booxi_desktop.core.history.journal import HistoryJournal, HistoryWriteError
    from booxi_desktop.core.history.record import Change, HistoryRecord, Outcome
    from booxi_desktop.core.link.diff import diff_links
    from booxi_desktop.core.storage.backups import utc_now

    loaded = request.loaded
    record: HistoryRecord = HistoryRecord(
        at=utc_now(),
        region=request.region,
        client_id=request.client_id,
        module_id=request.module_id,
        outcome=Outcome.CANCELLED,
        change=Change.of(
            diff_links(loaded.external_id, loaded.metadata, request.external_id, request.metadata)
        ),
        message="Cancelled at the review: nothing was sent.",
    )
    journal = HistoryJournal.beside(backups)

    def write() -> None:
        # Losing the note of a cancelled review loses no data: nothing to report.
        with contextlib.suppress(HistoryWriteError):
            journal.append(record)
        if done is not None:
            done()

    QThreadPool.globalInstance().start(write)

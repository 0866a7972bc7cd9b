"""What a save sends, captured when the user asks, and the call that sends it.

Kept apart from the window so that a review step (showing the diff before sending)
can sit between :class:`SaveRequest` being built and :func:`send` being awaited.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from booxi_desktop.core.link.model import ClientModuleLink, Metadata

if TYPE_CHECKING:
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

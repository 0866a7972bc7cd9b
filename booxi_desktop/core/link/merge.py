"""Putting the user's edits back on top of a link someone else changed in the meantime.

When a save meets a conflict, "reload and re-apply" takes the server's current copy
and replays on it only what the user changed since loading (keys added, removed or
given a new value, and the externalId). Keys the user did not touch keep the server's
value, so neither side's work is lost. Where both sides changed the same thing
differently the user's value wins, and the key is named so the window can point at it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from booxi_desktop.core.link.diff import diff_links, same_value
from booxi_desktop.core.link.model import ClientModuleLink, Metadata, MetaValue


@dataclass(frozen=True)
class Reapplied:
    external_id: str
    metadata: Metadata
    # Keys the server and the user both changed, each differently: the user's side won.
    clashes: list[str] = field(default_factory=list)
    # The same for the externalId (kept apart: a metadata key may be named "externalId").
    external_id_clash: bool = False


def reapply(
    loaded: ClientModuleLink,
    mine_external_id: str,
    mine_metadata: Mapping[str, MetaValue],
    server: ClientModuleLink | None,
) -> Reapplied:
    """The server's copy (empty if it was deleted) with the user's changes since ``loaded``.

    The server's key order is kept; keys it does not have are appended in the user's order.
    """
    base: Mapping[str, MetaValue] = server.metadata if server is not None else {}
    base_external_id = server.external_id if server is not None else ""
    mine = diff_links(loaded.external_id, loaded.metadata, mine_external_id, mine_metadata)

    result: Metadata = dict(base)
    clashes: list[str] = []
    for key, old in mine.removed.items():
        if key in result:
            if not same_value(result[key], old):
                clashes.append(key)
            del result[key]
    for key, value in mine_metadata.items():
        if key in mine.added:
            if key in base and not same_value(base[key], value):
                clashes.append(key)
        elif key in mine.changed:
            original = loaded.metadata[key]
            # The server deleted a key the user changed: that is a clash too.
            gone = key not in base
            if gone or not (same_value(base[key], original) or same_value(base[key], value)):
                clashes.append(key)
        else:
            continue
        result[key] = value

    external_id, external_id_clash = base_external_id, False
    if mine.external_id_change is not None:
        external_id = mine_external_id
        external_id_clash = base_external_id not in (loaded.external_id, mine_external_id)
    return Reapplied(external_id, result, clashes, external_id_clash)

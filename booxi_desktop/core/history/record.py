"""One save as the journal keeps it: where, what changed, the backup, and how it ended.

Records are versioned (``"version": 1``) so that a newer app can add fields; a reader
skips records of a version it does not know and says so, rather than guessing. Only
ids, metadata and server messages are stored: never a key.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from booxi_desktop import __version__
from booxi_desktop.core.link.diff import LinkDiff
from booxi_desktop.core.link.model import MetaValue, parse_datetime
from booxi_desktop.core.storage.backups import format_timestamp

FORMAT = "booxi-desktop-history"
VERSION = 1


class Outcome(enum.Enum):
    SENT = "sent"
    REFUSED = "refused"  # the server answered the PUT with an error status
    CONFLICT = "conflict"
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"  # the PUT went out and no usable answer came back
    NOT_SENT = "not-sent"  # stopped before the PUT: backup failed, nothing to save, …


OUTCOME_TEXT = {
    Outcome.SENT: "Sent",
    Outcome.REFUSED: "Refused",
    Outcome.CONFLICT: "Conflict",
    Outcome.CANCELLED: "Cancelled",
    Outcome.UNKNOWN: "Outcome unknown",
    Outcome.NOT_SENT: "Not sent",
}


class Source(enum.Enum):
    WINDOW = "window"
    CLI_PUT = "cli-put"
    CLI_RESTORE = "cli-restore"


@dataclass(frozen=True, slots=True)
class Change:
    """What the save sends compared with the server's copy before it (or the loaded one)."""

    added: dict[str, MetaValue] = field(default_factory=dict)
    removed: dict[str, MetaValue] = field(default_factory=dict)
    changed: dict[str, tuple[MetaValue, MetaValue]] = field(default_factory=dict)
    external_id: tuple[str, str] | None = None
    order_changed: bool = False

    @classmethod
    def of(cls, diff: LinkDiff) -> Change:
        return cls(
            added=dict(diff.added),
            removed=dict(diff.removed),
            changed=dict(diff.changed),
            external_id=diff.external_id_change,
            order_changed=diff.order_changed,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "removed": self.removed,
            "changed": {k: [old, new] for k, (old, new) in self.changed.items()},
            "externalId": list(self.external_id) if self.external_id else None,
            "orderChanged": self.order_changed,
        }

    @classmethod
    def from_json(cls, data: object) -> Change:
        if not isinstance(data, dict):
            raise ValueError("the change is not an object")
        added, removed, changed = data.get("added"), data.get("removed"), data.get("changed")
        external_id = data.get("externalId")
        if not (isinstance(added, dict) and isinstance(removed, dict)):
            raise ValueError("the change's keys are not objects")
        if not isinstance(changed, dict):
            raise ValueError("the change's keys are not objects")
        pairs: dict[str, tuple[MetaValue, MetaValue]] = {}
        for key, pair in changed.items():
            if not isinstance(pair, list) or len(pair) != 2:
                raise ValueError("a changed key is not an [old, new] pair")
            pairs[str(key)] = (pair[0], pair[1])
        if external_id is not None and not (
            isinstance(external_id, list)
            and len(external_id) == 2
            and all(isinstance(x, str) for x in external_id)
        ):
            raise ValueError("the externalId change is not an [old, new] pair")
        return cls(
            added=dict(added),
            removed=dict(removed),
            changed=pairs,
            external_id=(external_id[0], external_id[1]) if external_id else None,
            order_changed=bool(data.get("orderChanged")),
        )

    def summary(self) -> str:
        parts = []
        if self.external_id:
            parts.append("externalId")
        for count, word in (
            (len(self.added), "added"),
            (len(self.removed), "removed"),
            (len(self.changed), "changed"),
        ):
            if count:
                parts.append(f"{count} {word}")
        if self.order_changed:
            parts.append("order")
        return ", ".join(parts) or "no change"


@dataclass(frozen=True, slots=True)
class HistoryRecord:
    at: datetime
    region: str
    client_id: int
    module_id: str
    outcome: Outcome
    source: Source = Source.WINDOW
    change: Change | None = None
    # Kept as text: a Path per record is a noticeable part of reading a long journal.
    backup: str = ""
    status: int | None = None
    message: str = ""
    app_version: str = __version__

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "at": format_timestamp(self.at),
            "appVersion": self.app_version,
            "source": self.source.value,
            "region": self.region,
            "clientId": self.client_id,
            "moduleId": self.module_id,
            "outcome": self.outcome.value,
            "status": self.status,
            "message": self.message,
            "backup": self.backup or None,
            "change": self.change.to_json() if self.change else None,
        }

    @classmethod
    def from_json(cls, data: object) -> HistoryRecord:
        """``ValueError`` for anything that is not a version-1 record (``NewerRecordError``
        for one written by a newer version)."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not a history record")
        version = data.get("version")
        if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
            raise NewerRecordError(f"version {version}")
        if version != VERSION:
            raise ValueError(f"unsupported version {version!r}")
        at = parse_datetime(data.get("at"))
        region, client_id, module_id = (
            data.get("region"),
            data.get("clientId"),
            data.get("moduleId"),
        )
        if at is None:
            raise ValueError("no valid time")
        if not isinstance(region, str) or not isinstance(module_id, str):
            raise ValueError("no region or module")
        if not isinstance(client_id, int) or isinstance(client_id, bool):
            raise ValueError("no client id")
        status = data.get("status")
        backup = data.get("backup")
        change = data.get("change")
        try:
            outcome = Outcome(data.get("outcome"))
            source = Source(data.get("source"))
        except ValueError:
            raise ValueError("unknown outcome or source") from None
        return cls(
            at=at,
            region=region,
            client_id=client_id,
            module_id=module_id,
            outcome=outcome,
            source=source,
            change=Change.from_json(change) if change is not None else None,
            backup=backup if isinstance(backup, str) else "",
            status=status if isinstance(status, int) and not isinstance(status, bool) else None,
            message=str(data.get("message") or ""),
            app_version=str(data.get("appVersion") or ""),
        )

    @property
    def backup_path(self) -> Path | None:
        return Path(self.backup) if self.backup else None

    @property
    def outcome_text(self) -> str:
        text = OUTCOME_TEXT[self.outcome]
        return f"{text} ({self.status})" if self.status is not None else text


class NewerRecordError(ValueError):
    """Written by a newer version of the app: kept on disk, not shown."""

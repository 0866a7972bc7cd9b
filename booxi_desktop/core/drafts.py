"""A journal of unsaved edits, so that nothing typed is lost to a crash or a failed save.

One file per link being edited, replaced atomically on every save (the window
debounces how often). Edits are kept as rows rather than a dict because the editor
may hold empty or duplicate keys that the user has not fixed yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from booxi_desktop import __version__
from booxi_desktop.core import paths
from booxi_desktop.core.atomic import (
    link_below,
    os_reason,
    read_document,
    read_json_file,
    scan_files,
    write_json_atomic,
)
from booxi_desktop.core.backups import format_timestamp, utc_now
from booxi_desktop.core.errors import BooxiError
from booxi_desktop.core.model import ClientModuleLink, LinkFormatError, MetaValue, parse_datetime

FORMAT = "booxi-desktop-draft"
VERSION = 1


class DraftError(BooxiError, OSError):
    """The draft could not be written or removed."""

    kind = "draft_failed"
    exit_code = 15
    advice = "Free some disk space or make the data folder writable; keep this window open."


@dataclass(frozen=True)
class DraftKey:
    region: str
    client_id: int
    module_id: str


@dataclass(frozen=True)
class Draft:
    key: DraftKey
    external_id: str
    rows: list[tuple[str, MetaValue]]
    base: ClientModuleLink | None = None
    saved_at: datetime = field(default_factory=utc_now)


@dataclass
class DraftListing:
    drafts: list[Draft] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class DraftJournal:
    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root is not None else paths.drafts_dir()

    def path_for(self, key: DraftKey) -> Path:
        return (
            self.root
            / paths.safe_segment(key.region)
            / str(int(key.client_id))
            / f"{paths.safe_segment(key.module_id)}.json"
        )

    def save(self, draft: Draft) -> None:
        document = {
            "format": FORMAT,
            "version": VERSION,
            "appVersion": __version__,
            "savedAt": format_timestamp(draft.saved_at),
            "region": draft.key.region,
            "clientId": draft.key.client_id,
            "moduleId": draft.key.module_id,
            "externalId": draft.external_id,
            "rows": [[k, v] for k, v in draft.rows],
            "base": draft.base.to_json() if draft.base is not None else None,
        }
        target = self.path_for(draft.key)
        try:
            write_json_atomic(target, document, root=self.root)
        except OSError as exc:
            raise DraftError(
                f"Could not keep the unsaved edits in {target.parent}: {os_reason(exc)}."
            ) from None
        except (TypeError, ValueError) as exc:
            raise DraftError(f"The unsaved edits cannot be stored as JSON: {exc}.") from None

    def discard(self, key: DraftKey) -> None:
        target = self.path_for(key)
        try:
            target.unlink(missing_ok=True)
        except OSError as exc:
            raise DraftError(
                f"Could not remove the saved draft {target}: {os_reason(exc)}.",
                advice="Check the data folder's permissions.",
            ) from None
        # Tidy the now-empty folders; a folder still in use simply stays.
        for folder in (target.parent, target.parent.parent):
            try:
                folder.rmdir()
            except OSError:
                break

    def get(self, key: DraftKey) -> Draft | None:
        """The draft for ``key``; ``None`` if there is none or it is unreadable.

        An unreadable file is left in place (``load_all`` reports it).
        """
        target = self.path_for(key)
        if link_below(self.root, target) is not None:
            return None  # never read through a link; load_all names it
        try:
            draft = _draft_from_json(read_json_file(target))
        except (OSError, ValueError):
            return None
        return draft if draft.key == key else None

    def load_all(self) -> DraftListing:
        """Every draft, newest first, with a warning for each file that could not be read."""
        listing = DraftListing()
        scan = scan_files(self.root)
        listing.warnings.extend(f"Skipped {path}: {reason}." for path, reason in scan.refused)
        for path in scan.files:
            if path.suffix != ".json":
                listing.warnings.append(f"Skipped {path}: not a draft file.")
                continue
            try:
                draft = _draft_from_json(read_json_file(path))
            except OSError as exc:
                listing.warnings.append(f"Skipped {path}: {os_reason(exc)}.")
                continue
            except ValueError as exc:
                listing.warnings.append(f"Skipped {path}: not a readable draft ({exc}).")
                continue
            if self.path_for(draft.key) != path:
                listing.warnings.append(f"Skipped {path}: it is not where this draft belongs.")
                continue
            listing.drafts.append(draft)
        listing.drafts.sort(key=lambda d: d.saved_at, reverse=True)
        return listing


def _draft_from_json(data: Any) -> Draft:
    data = read_document(data, FORMAT, VERSION, "draft")
    region, client_id, module_id = data.get("region"), data.get("clientId"), data.get("moduleId")
    if not isinstance(region, str) or not isinstance(module_id, str):
        raise ValueError("the draft names no region or module")
    if not isinstance(client_id, int) or isinstance(client_id, bool):
        raise ValueError("the draft has no integer clientId")
    external_id = data.get("externalId")
    if not isinstance(external_id, str):
        raise ValueError("the draft has no externalId string")
    saved_at = parse_datetime(data.get("savedAt"))
    if saved_at is None:
        raise ValueError("the draft has no valid savedAt time")
    base = data.get("base")
    try:
        base_link = ClientModuleLink.from_json(base) if base is not None else None
    except LinkFormatError as exc:
        raise ValueError(f"its loaded copy is damaged: {exc}") from None
    return Draft(
        key=DraftKey(region, client_id, module_id),
        external_id=external_id,
        rows=_rows_from_json(data.get("rows")),
        base=base_link,
        saved_at=saved_at,
    )


def _rows_from_json(rows: object) -> list[tuple[str, MetaValue]]:
    if not isinstance(rows, list):
        raise ValueError("the draft has no rows list")
    out: list[tuple[str, MetaValue]] = []
    for row in rows:
        if not (isinstance(row, list) and len(row) == 2 and isinstance(row[0], str)):
            raise ValueError("a row is not a [key, value] pair")
        value = row[1]
        if not (value is None or isinstance(value, str | int | float | bool)):
            raise ValueError("a row's value is not a string, number, boolean or null")
        out.append((row[0], value))
    return out

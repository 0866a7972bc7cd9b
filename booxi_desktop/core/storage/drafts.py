"""A journal of unsaved edits, so that nothing typed is lost to a crash or a failed save.

One file per link being edited, replaced atomically on every save (the window
debounces how often). Edits are kept as rows rather than a dict because the editor
may hold empty or duplicate keys that the user has not fixed yet.

Each journal is one window's: its files carry its instance id
(``<module>.<instance>.json``), so two windows on one link never write, replace or
delete each other's edits. Beside each file is a hidden lock file that its writer
holds for as long as it runs; a draft whose lock nobody holds was left by a window
that is gone (a crash, a kill, a logout), and only those are offered back.
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from booxi_desktop import __version__
from booxi_desktop.core.errors import DraftError
from booxi_desktop.core.link.model import (
    ClientModuleLink,
    LinkFormatError,
    MetaValue,
    parse_datetime,
)
from booxi_desktop.core.storage import paths
from booxi_desktop.core.storage.atomic import (
    link_below,
    make_private_dirs_below,
    os_reason,
    read_document,
    read_json_file,
    scan_files,
    write_json_atomic,
)
from booxi_desktop.core.storage.backups import format_timestamp, utc_now
from booxi_desktop.core.storage.file_lock import FileLock, acquire, is_locked

FORMAT = "booxi-desktop-draft"
VERSION = 1
_INSTANCE = re.compile(r"[0-9a-f]{16}")


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
    source: Path | None = field(default=None, compare=False)
    """The file it was read from (``None`` for a draft not read from disk)."""


@dataclass
class DraftListing:
    drafts: list[Draft] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class DraftJournal:
    """One window's drafts (its ``instance``) in the drafts folder shared by every window."""

    def __init__(self, root: Path | None = None, instance: str | None = None) -> None:
        self.root = Path(root) if root is not None else paths.drafts_dir()
        self.instance = instance or secrets.token_hex(8)
        if not _INSTANCE.fullmatch(self.instance):
            raise ValueError("an instance id is 16 lower-case hex digits")
        # Lock files held, by the draft file they guard: this window's and adopted ones.
        self._locks: dict[Path, FileLock] = {}

    def folder_for(self, key: DraftKey) -> Path:
        return self.root / paths.safe_segment(key.region) / str(int(key.client_id))

    def path_for(self, key: DraftKey) -> Path:
        """This instance's draft file for ``key``."""
        return self.folder_for(key) / f"{paths.safe_segment(key.module_id)}.{self.instance}.json"

    def claim(self, key: DraftKey) -> None:
        """Hold this instance's lock for ``key`` (from the first unsaved edit on)."""
        path = self.path_for(key)
        if path in self._locks:
            return
        try:
            # Like the draft itself, its lock is never created through a link.
            make_private_dirs_below(self.root, path.parent)
            lock = acquire(lock_path(path))
        except OSError as exc:
            raise DraftError(
                f"Could not keep the unsaved edits in {path.parent}: {os_reason(exc)}."
            ) from None
        if lock is None:
            raise DraftError(f"Another window holds the lock of {path}.")
        self._locks[path] = lock

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
        # Locked before the file exists: no other window ever sees it as left behind.
        self.claim(draft.key)
        try:
            write_json_atomic(target, document, root=self.root)
        except OSError as exc:
            raise DraftError(
                f"Could not keep the unsaved edits in {target.parent}: {os_reason(exc)}."
            ) from None
        except (TypeError, ValueError) as exc:
            raise DraftError(f"The unsaved edits cannot be stored as JSON: {exc}.") from None

    def discard(self, key: DraftKey) -> None:
        """Remove this instance's draft of ``key``; other windows' files are never touched."""
        self._remove(self.path_for(key))

    def adopt(self, draft: Draft) -> bool:
        """Take over a draft left behind (to restore or discard it); ``False`` if it is live.

        Holding its lock keeps every other window from offering or taking it meanwhile.
        """
        path = draft.source
        if path is None or path in self._locks:
            return path is not None
        try:
            lock = acquire(lock_path(path))
        except OSError:
            return False
        if lock is None:
            return False
        if not path.is_file():  # another window took it and removed it just before
            lock.release(remove=True)
            return False
        self._locks[path] = lock
        return True

    def remove_adopted(self, draft: Draft) -> None:
        """Delete an adopted draft's file; never one this journal does not hold the lock of."""
        path = draft.source
        if path is None or path not in self._locks:
            raise DraftError(f"The draft {path} belongs to another window; it is kept.")
        self._remove(path)

    def release(self) -> None:
        """Let go of every lock, keeping the files (they are then offered at the next start)."""
        locks, self._locks = self._locks, {}
        for lock in locks.values():
            lock.release()

    def _remove(self, target: Path) -> None:
        try:
            target.unlink(missing_ok=True)
        except OSError as exc:
            raise DraftError(
                f"Could not remove the saved draft {target}: {os_reason(exc)}.",
                advice="Check the data folder's permissions.",
            ) from None
        lock = self._locks.pop(target, None)
        if lock is not None:
            lock.release(remove=True)
        # Tidy the now-empty folders; a folder still in use simply stays.
        for folder in (target.parent, target.parent.parent):
            try:
                folder.rmdir()
            except OSError:
                break

    def get(self, key: DraftKey) -> Draft | None:
        """This instance's draft for ``key``; ``None`` if there is none or it is unreadable.

        An unreadable file is left in place (``load_all`` reports it).
        """
        target = self.path_for(key)
        if link_below(self.root, target) is not None:
            return None  # never read through a link; load_all names it
        try:
            draft = _draft_from_json(read_json_file(target), target)
        except (OSError, ValueError):
            return None
        return draft if draft.key == key else None

    def is_live(self, draft: Draft) -> bool:
        """Whether a running window (this one included) holds ``draft``'s file."""
        return draft.source is not None and (
            draft.source in self._locks or is_locked(lock_path(draft.source))
        )

    def editing_elsewhere(self, key: DraftKey) -> bool:
        """Whether another running window holds a lock on ``key`` (it has unsaved edits)."""
        folder = self.folder_for(key)
        prefix = f".{paths.safe_segment(key.module_id)}."
        ours = {lock_path(path) for path in self._locks}
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            return False
        for name in names:
            instance = name[len(prefix) : -len(".lock")]
            if not (name.startswith(prefix) and name.endswith(".lock")):
                continue
            path = folder / name
            if _INSTANCE.fullmatch(instance) and path not in ours and is_locked(path):
                return True
        return False

    def others(self, key: DraftKey) -> list[Draft]:
        """Every other window's draft of ``key``, live or left behind."""
        own = self.path_for(key)
        return [d for d in self.load_all().drafts if d.key == key and d.source != own]

    def left_behind(self) -> DraftListing:
        """The drafts of windows that are gone: what to offer back at start."""
        listing = self.load_all()
        listing.drafts = [d for d in listing.drafts if not self.is_live(d)]
        return listing

    def load_all(self) -> DraftListing:
        """Every draft, newest first, with a warning for each file that could not be read."""
        listing = DraftListing()
        # Hidden files (lock files, temporaries of writes that never completed) are not listed.
        scan = scan_files(self.root)
        listing.warnings.extend(f"Skipped {path}: {reason}." for path, reason in scan.refused)
        for path in scan.files:
            if path.suffix != ".json":
                listing.warnings.append(f"Skipped {path}: not a draft file.")
                continue
            try:
                draft = _draft_from_json(read_json_file(path), path)
            except OSError as exc:
                listing.warnings.append(f"Skipped {path}: {os_reason(exc)}.")
                continue
            except ValueError as exc:
                listing.warnings.append(f"Skipped {path}: not a readable draft ({exc}).")
                continue
            if not self.belongs(draft.key, path):
                listing.warnings.append(f"Skipped {path}: it is not where this draft belongs.")
                continue
            listing.drafts.append(draft)
        listing.drafts.sort(key=lambda d: d.saved_at, reverse=True)
        return listing

    def belongs(self, key: DraftKey, path: Path) -> bool:
        """Whether ``path`` is a draft file of ``key``: any window's, or one from before
        drafts were kept per window (``<module>.json``)."""
        if path.parent != self.folder_for(key):
            return False
        module = paths.safe_segment(key.module_id)
        name = path.name
        if name == f"{module}.json":
            return True
        instance = name[len(module) + 1 : -len(".json")]
        return name.startswith(f"{module}.") and _INSTANCE.fullmatch(instance) is not None


def lock_path(draft_path: Path) -> Path:
    """The hidden lock file beside a draft file."""
    return draft_path.with_name(f".{draft_path.stem}.lock")


def _draft_from_json(data: Any, source: Path | None = None) -> Draft:
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
        source=source,
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

"""Local copies of the server's module links, written before anything is sent.

A PUT overwrites the link on the server, so the server's copy is saved here first,
one JSON file per backup::

    <root>/<region>/<clientId>/<module folder>/<UTC time>.json

Only the link is stored (ids, externalId, metadata, dates): never the client's
personal details, never a key. Unreadable files found while listing are reported
as warnings and skipped, so one damaged file never hides the others.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from booxi_desktop import __version__
from booxi_desktop.core.errors import BackupError, BackupReadError
from booxi_desktop.core.link.model import ClientModuleLink, invalid_date_text, parse_datetime
from booxi_desktop.core.storage import paths
from booxi_desktop.core.storage.atomic import (
    LINK_REASON,
    Scan,
    UnsafeFileError,
    link_below,
    os_reason,
    read_document,
    read_json_file,
    scan_files,
    write_json_atomic,
)

FORMAT = "booxi-desktop-backup"
VERSION = 1
# Names tried for one backup before giving up: two saves in one microsecond need two,
# so running out means something other than a backup holds every name.
MAX_NAME_TRIES = 50
# The layout is <root>/<region>/<clientId>/<module>/<file>: folders deeper are not ours.
_LISTING_DEPTH = 3
Clock = Callable[[], datetime]


@dataclass(frozen=True)
class BackupEntry:
    path: Path
    saved_at: datetime
    region: str
    reason: str
    app_version: str
    link: ClientModuleLink

    @property
    def client_id(self) -> int:
        return self.link.client_id

    @property
    def module_id(self) -> str:
        return self.link.module_id


@dataclass
class BackupListing:
    entries: list[BackupEntry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def utc_now() -> datetime:
    return datetime.now(UTC)


def format_timestamp(moment: datetime) -> str:
    """RFC 3339 in UTC with microseconds, so that backups sort by time."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


class BackupStore:
    def __init__(self, root: Path | None = None, *, clock: Clock = utc_now) -> None:
        self.root = Path(root) if root is not None else paths.backups_dir()
        self._clock = clock

    def folder_for(self, region_code: str, client_id: int, module_id: str) -> Path:
        return (
            self.root
            / paths.safe_segment(region_code)
            / str(int(client_id))
            / paths.safe_segment(module_id)
        )

    def write(
        self, region_code: str, link: ClientModuleLink, *, reason: str = "before-save"
    ) -> Path:
        """Save ``link`` durably and return the file; ``BackupError`` if that failed."""
        folder = self.folder_for(region_code, link.client_id, link.module_id)
        saved_at = self._clock()
        document = {
            "format": FORMAT,
            "version": VERSION,
            "appVersion": __version__,
            "savedAt": format_timestamp(saved_at),
            "region": region_code,
            "reason": reason,
            "link": link.to_json(),
        }
        try:
            target = _write_new(self.root, folder, _file_stem(saved_at), document)
        except UnsafeFileError as exc:
            where = "" if exc.filename == str(folder) else f"{exc.filename}: "
            raise BackupError(
                f"Could not write the backup to {folder}: {where}{os_reason(exc)}. "
                "Nothing was sent.",
                advice="Remove or rename that link in the data folder, then save again.",
            ) from None
        except OSError as exc:
            raise BackupError(
                f"Could not write the backup to {folder}: {os_reason(exc)}. Nothing was sent."
            ) from None
        except (TypeError, ValueError) as exc:
            raise BackupError(
                f"Could not write the backup to {folder}: the link cannot be stored as JSON "
                f"({exc}). Nothing was sent.",
                advice="Report this link's data to the maintainers.",
            ) from None
        return target

    def read(self, path: Path) -> BackupEntry:
        path = Path(path)
        try:
            return _load(path)
        except OSError as exc:
            raise BackupReadError(f"Could not read the backup {path}: {os_reason(exc)}.") from None
        except ValueError as exc:
            raise BackupReadError(f"{path} is not a readable backup: {exc}.") from None

    def prune(self, region_code: str, client_id: int, module_id: str, keep: int) -> list[Path]:
        """Delete this link's backups beyond the ``keep`` newest; returns what was deleted.

        Files that are not readable backups are never deleted.
        """
        if keep < 0:
            raise ValueError("keep must be zero or more")
        old = self.list(region_code, client_id, module_id).entries[keep:]
        deleted: list[Path] = []
        for entry in old:
            try:
                entry.path.unlink()
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise BackupError(
                    f"Could not delete the old backup {entry.path}: {os_reason(exc)}.",
                    advice="Check the data folder's permissions.",
                ) from None
            deleted.append(entry.path)
        return deleted

    def export(self, entry: BackupEntry, dest: Path) -> None:
        """Write the backed-up link alone, as the API shows it, to ``dest``."""
        try:
            write_json_atomic(Path(dest), entry.link.to_json())
        except OSError as exc:
            raise BackupError(
                f"Could not export the backup to {dest}: {os_reason(exc)}.",
                advice="Choose a writable location.",
            ) from None

    def list(self, region_code: str, client_id: int, module_id: str) -> BackupListing:
        """Backups of one link, newest first."""
        folder = self.folder_for(region_code, client_id, module_id)
        link = link_below(self.root, folder)
        if link is not None:
            return BackupListing(warnings=[f"Skipped {link}: {LINK_REASON}."])
        listing = self._collect(scan_files(folder, depth=0))
        mismatched = [
            e
            for e in listing.entries
            if (e.region, e.client_id, e.module_id) != (region_code, client_id, module_id)
        ]
        for entry in mismatched:
            listing.entries.remove(entry)
            listing.warnings.append(
                f"Skipped {entry.path}: it is a backup of another link "
                f"({entry.region}, client {entry.client_id}, module {entry.module_id!r})."
            )
        return listing

    def list_all(self) -> BackupListing:
        """Every backup under the root, newest first."""
        return self._collect(scan_files(self.root, depth=_LISTING_DEPTH))

    def _collect(self, scan: Scan) -> BackupListing:
        listing = BackupListing()
        listing.warnings.extend(f"Skipped {path}: {reason}." for path, reason in scan.refused)
        for path in scan.files:
            if path.suffix != ".json":
                listing.warnings.append(f"Skipped {path}: not a backup file.")
                continue
            try:
                listing.entries.append(_load(path))
            except OSError as exc:
                listing.warnings.append(f"Skipped {path}: {os_reason(exc)}.")
            except ValueError as exc:
                listing.warnings.append(f"Skipped {path}: not a readable backup ({exc}).")
        listing.entries.sort(key=lambda e: (e.saved_at, e.path.name), reverse=True)
        return listing


def _load(path: Path) -> BackupEntry:
    """``OSError`` if unreadable, ``ValueError`` (``LinkFormatError`` included) if not a backup."""
    return _entry_from_json(path, read_json_file(path))


def _entry_from_json(path: Path, data: object) -> BackupEntry:
    data = read_document(data, FORMAT, VERSION, "backup")
    saved_at = parse_datetime(data.get("savedAt"))
    if saved_at is None:
        raw = data.get("savedAt")
        raise ValueError(
            "the backup has no savedAt time" if raw is None else invalid_date_text("savedAt", raw)
        )
    region = data.get("region")
    if not isinstance(region, str) or not region:
        raise ValueError("the backup names no region")
    return BackupEntry(
        path=path,
        saved_at=saved_at,
        region=region,
        reason=str(data.get("reason") or ""),
        app_version=str(data.get("appVersion") or ""),
        link=ClientModuleLink.from_json(data.get("link")),
    )


def _file_stem(moment: datetime) -> str:
    # Colons are not allowed in Windows file names.
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%S.%fZ")


def _write_new(root: Path, folder: Path, stem: str, document: dict[str, object]) -> Path:
    """Write under a name no other backup has, even two in the same microsecond."""
    for n in range(1, MAX_NAME_TRIES + 1):
        target = folder / (f"{stem}.json" if n == 1 else f"{stem}-{n}.json")
        try:
            write_json_atomic(target, document, overwrite=False, root=root)
        except FileExistsError:
            continue
        return target
    raise OSError(errno.EEXIST, f"no free file name after {MAX_NAME_TRIES} tries", str(folder))

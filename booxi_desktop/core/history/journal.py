"""The activity journal: JSON Lines, one record a line, only ever appended.

Each record is one ``os.write`` of a whole line to a file opened with ``O_APPEND``,
then ``fsync``: the kernel puts each write at the end as one piece, so two app
processes saving at once interleave whole lines, never halves, and no lock is taken.
A crash mid-write can leave a partial last line; the next append starts on a fresh
line (a stray empty line is harmless), so only the partial record is lost, and the
reader skips and counts it. Reading never rewrites the file: a damaged or newer
record stays on disk for whoever can read it.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from booxi_desktop.core.history.record import HistoryRecord, NewerRecordError
from booxi_desktop.core.storage import paths
from booxi_desktop.core.storage.atomic import (
    LINK_REASON,
    UnsafeFileError,
    make_private_dirs_below,
    read_bytes,
)
from booxi_desktop.core.storage.backups import BackupStore

FILE_NAME = "journal.jsonl"
# A record is well under a kilobyte: this is hundreds of thousands of saves.
MAX_JOURNAL_BYTES = 256 * 1024 * 1024
_APPEND_FLAGS = (
    os.O_RDWR
    | os.O_APPEND
    | os.O_CREAT
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


class HistoryWriteError(OSError):
    """The record could not be appended; the save itself is not affected."""


@dataclass
class HistoryListing:
    """Records newest first, and what could not be shown."""

    records: list[HistoryRecord] = field(default_factory=list)
    unreadable: int = 0
    newer: int = 0
    error: str = ""

    @property
    def warnings(self) -> list[str]:
        out = [self.error] if self.error else []
        if self.unreadable:
            noun = "record" if self.unreadable == 1 else "records"
            out.append(
                f"{self.unreadable} {noun} could not be read (damaged or cut short) "
                "and are not shown; the journal file is left as it is."
            )
        if self.newer:
            noun = "record was" if self.newer == 1 else "records were"
            out.append(
                f"{self.newer} {noun} written by a newer version of booxi-desktop and "
                "are not shown; update the app to see them."
            )
        return out


class HistoryJournal:
    def __init__(self, root: Path | None = None) -> None:
        """``root`` is the data folder the journal lives in (``history/journal.jsonl``)."""
        self.root = Path(root) if root is not None else paths.data_dir()
        self.path = self.root / "history" / FILE_NAME

    @classmethod
    def beside(cls, backups: BackupStore) -> HistoryJournal:
        """The journal in the data folder that holds ``backups``' folder."""
        return cls(backups.root.parent)

    def append(self, record: HistoryRecord) -> None:
        """Append one record durably; ``HistoryWriteError`` if it could not be."""
        line = (json.dumps(record.to_json(), ensure_ascii=True) + "\n").encode("ascii")
        try:
            make_private_dirs_below(self.root, self.path.parent)
            fd = os.open(self.path, _APPEND_FLAGS, 0o600)
        except OSError as exc:
            raise HistoryWriteError(_why(exc, self.path)) from None
        try:
            mode = os.fstat(fd).st_mode
            if not stat.S_ISREG(mode):
                raise HistoryWriteError(f"{self.path} is not a regular file")
            size = os.fstat(fd).st_size
            if size and os.pread(fd, 1, size - 1) != b"\n":
                line = b"\n" + line
            written = os.write(fd, line)
            if written != len(line):
                raise HistoryWriteError(f"only part of the record reached {self.path}")
            os.fsync(fd)
        except HistoryWriteError:
            raise
        except OSError as exc:
            raise HistoryWriteError(_why(exc, self.path)) from None
        finally:
            os.close(fd)

    def read(self) -> HistoryListing:
        """Every record, newest first; what cannot be read is counted, never fatal."""
        listing = HistoryListing()
        try:
            raw = read_bytes(self.path, MAX_JOURNAL_BYTES)
        except FileNotFoundError:
            return listing
        except OSError as exc:
            listing.error = f"The history journal {self.path} cannot be read: {_why(exc, None)}."
            return listing
        except ValueError as exc:
            listing.error = f"The history journal {self.path} is not read: it is {exc}."
            return listing
        records = listing.records
        for line in raw.split(b"\n"):
            if not line.strip():
                continue
            try:
                records.append(HistoryRecord.from_json(json.loads(line)))
            except NewerRecordError:
                listing.newer += 1
            except (ValueError, TypeError, RecursionError):
                listing.unreadable += 1
        # Appends are in time order; a stable sort keeps that order for equal times.
        records.reverse()
        records.sort(key=lambda r: r.at, reverse=True)
        return listing


def _why(exc: OSError, path: Path | None) -> str:
    if isinstance(exc, UnsafeFileError) or exc.errno == errno.ELOOP:
        reason = LINK_REASON
    else:
        reason = exc.strerror or type(exc).__name__
    return f"{path}: {reason}" if path is not None else reason

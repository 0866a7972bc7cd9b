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
from collections.abc import Callable
from dataclasses import dataclass, field, replace
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
# How many lines are read between two questions to ``keep_going``.
_ASK_EVERY = 64
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
    # False for the first records handed over while the rest is still being read.
    complete: bool = True

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

    def read(
        self,
        *,
        first: int = 0,
        on_first: Callable[[HistoryListing], None] | None = None,
        keep_going: Callable[[], bool] | None = None,
    ) -> HistoryListing:
        """Every record, newest first; what cannot be read is counted, never fatal.

        With ``on_first``, it is given the ``first`` newest records as soon as they are
        read (the end of the file: appends come in time order), so a window can paint
        them while the rest is read. ``keep_going`` is asked now and then; once it says
        no, reading stops and the listing is marked incomplete (nobody wants it any more).
        """
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
        lines = raw.split(b"\n")
        lines.reverse()
        for n, line in enumerate(lines):
            if keep_going is not None and n % _ASK_EVERY == 0 and not keep_going():
                listing.complete = False
                return listing
            if not line.strip():
                continue
            try:
                records.append(HistoryRecord.from_json(json.loads(line)))
            except NewerRecordError:
                listing.newer += 1
            except (ValueError, TypeError, RecursionError):
                listing.unreadable += 1
            if on_first is not None and len(records) == first:
                on_first(_sorted(replace(listing, records=list(records), complete=False)))
                on_first = None
        if on_first is not None:
            on_first(_sorted(replace(listing, records=list(records), complete=False)))
        return _sorted(listing)


def _sorted(listing: HistoryListing) -> HistoryListing:
    # Read newest first already; the stable sort only fixes a clock that went back.
    listing.records.sort(key=lambda r: r.at, reverse=True)
    return listing


def _why(exc: OSError, path: Path | None) -> str:
    if isinstance(exc, UnsafeFileError) or exc.errno == errno.ELOOP:
        reason = LINK_REASON
    else:
        reason = exc.strerror or type(exc).__name__
    return f"{path}: {reason}" if path is not None else reason

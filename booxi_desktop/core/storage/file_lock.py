"""Advisory locks that the operating system drops when their process ends, even on ``kill -9``.

``flock`` (POSIX) and ``msvcrt.locking`` (Windows) locks belong to one open file, so
two windows in one process exclude each other just as two processes do. A lock file
is never read: only whether it can be locked matters.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from pathlib import Path

_OPEN_FLAGS = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
_PROBE_FLAGS = os.O_RDWR | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


class FileLock:
    """An exclusive lock held on an open lock file until :meth:`release` or the process ends."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self, *, remove: bool = False) -> None:
        """Drop the lock; with ``remove``, delete the lock file first (while still locked)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        if remove:
            # A stale lock file is harmless: nobody holds it.
            with contextlib.suppress(OSError):
                self.path.unlink(missing_ok=True)
        _unlock(fd)
        os.close(fd)


def acquire(path: Path, *, create: bool = True) -> FileLock | None:
    """Lock ``path`` without waiting; ``None`` if another open file holds it.

    Without ``create``, a missing file is also ``None``. A symlink or anything that is
    not a regular file raises ``OSError`` and is never opened for reading.
    """
    flags = _OPEN_FLAGS if create else _PROBE_FLAGS
    try:
        # O_NONBLOCK: a FIFO put in place of the file must not hang the open.
        fd = os.open(path, flags | getattr(os, "O_NONBLOCK", 0), 0o600)
    except FileNotFoundError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path} is not a regular file")
        if not _try_lock(fd):
            os.close(fd)
            return None
    except BaseException:
        os.close(fd)
        raise
    return FileLock(path, fd)


def is_locked(path: Path) -> bool:
    """Whether a live holder (this process included) has ``path`` locked."""
    try:
        lock = acquire(path, create=False)
    except OSError:
        return False
    if lock is None:
        return path.exists()
    lock.release()
    return False


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

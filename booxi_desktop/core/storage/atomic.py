"""Crash-safe file writes (a reader sees the old file or the whole new one) and reads.

Peer tools lose work as empty files after a crash because they truncate in place;
here the new bytes go to a temporary file beside the target, are flushed to disk,
and only then renamed over it.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import tempfile
from pathlib import Path
from typing import Any

DIR_MODE = 0o700
# Our files are a few kilobytes; anything far larger is not ours and is not read.
MAX_FILE_BYTES = 25 * 1024 * 1024
# Filesystems that cannot sync a directory say so with these; the rename itself
# has still happened, so they are not failures of the write.
_DIR_SYNC_UNSUPPORTED = {errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EBADF}


def write_atomic(path: Path, data: bytes, *, overwrite: bool = True) -> None:
    """Replace ``path`` with ``data`` durably; on failure the old file is untouched.

    Parent folders are created private to the user. The temporary file is removed on
    any failure and the error re-raised. With ``overwrite=False`` an existing ``path``
    is left alone and ``FileExistsError`` raised, decided atomically by the filesystem.
    """
    path = Path(path)
    folder = path.parent
    make_private_dirs(folder)
    # mkstemp creates the file readable by its owner only (0o600).
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(tmp_name, path)
        else:
            _link_new(tmp_name, path)
            os.unlink(tmp_name)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    fsync_dir(folder)


def _link_new(source: str, target: Path) -> None:
    try:
        # A hard link fails if the target exists: no check-then-write race between
        # two processes choosing the same name.
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError:
        # Filesystems without hard links (FAT, some network shares): best effort.
        if target.exists():
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target)) from None
        os.replace(source, target)


def make_private_dirs(folder: Path) -> None:
    """Create ``folder`` and its missing parents, each readable by the user only."""
    # Path.mkdir(parents=True) gives the parents default permissions, not ``mode``.
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    for part in reversed(missing):
        part.mkdir(mode=DIR_MODE, exist_ok=True)
    if not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))


def write_json_atomic(path: Path, obj: object, *, overwrite: bool = True) -> None:
    try:
        data = (json.dumps(obj, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate (JSON allows "\ud800") has no UTF-8 form; escaped, it survives.
        data = (json.dumps(obj, indent=2) + "\n").encode("ascii")
    write_atomic(path, data, overwrite=overwrite)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX); Windows has no directory handles."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in _DIR_SYNC_UNSUPPORTED:
            raise
    finally:
        os.close(fd)


def read_json_file(path: Path) -> Any:
    """Parse a small JSON file; ``ValueError`` for anything that is not one."""
    with open(path, "rb") as handle:
        raw = handle.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise ValueError(f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    try:
        return json.loads(raw)
    except RecursionError:
        raise ValueError("nested too deeply") from None
    except ValueError as exc:
        # UnicodeDecodeError and JSONDecodeError both land here: a truncated or
        # binary file. Only the position is kept, never the content.
        raise ValueError(f"not valid JSON ({type(exc).__name__})") from None


def read_document(data: Any, fmt: str, version: int, noun: str) -> dict[str, Any]:
    """Check the header of one of our own JSON files; ``ValueError`` if it is foreign."""
    if not isinstance(data, dict) or data.get("format") != fmt:
        raise ValueError(f"not a booxi-desktop {noun}")
    found = data.get("version")
    if not isinstance(found, int) or isinstance(found, bool) or not 1 <= found <= version:
        raise ValueError(f"{noun} format version {found!r} is not supported")
    return data


def os_reason(exc: OSError) -> str:
    """The system's words for a file error ("No space left on device"), without a traceback."""
    return exc.strerror or type(exc).__name__

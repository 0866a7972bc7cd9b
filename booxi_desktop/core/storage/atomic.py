"""Crash-safe file writes (a reader sees the old file or the whole new one) and safe reads.

Peer tools lose work as empty files after a crash because they truncate in place;
here the new bytes go to a temporary file beside the target, are flushed to disk,
and only then renamed over it.

Every file on disk is treated as untrusted, even in our own folders: another program
or a damaged disk may have put a symbolic link, a FIFO, a device, a folder or a huge
file where one of ours should be. Reads and listings go through ``read_bytes`` and
``scan_files``, which never follow a link below the folder they are given, never open
anything but a regular file and never read more than a cap. The folder given (the
data root) may itself be a link: a home or data folder on another disk is normal.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DIR_MODE = 0o700
# Our files are a few kilobytes; anything far larger is not ours and is not read.
MAX_FILE_BYTES = 25 * 1024 * 1024
# Filesystems that cannot sync a directory say so with these; the rename itself
# has still happened, so they are not failures of the write.
_DIR_SYNC_UNSUPPORTED = {errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EBADF}
# A listing stops descending here and stops counting there: a deep or huge tree is not ours.
MAX_SCAN_DEPTH = 6
MAX_SCAN_ENTRIES = 20_000
# O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
LINK_REASON = "it is a symbolic link, which the app does not follow"


class UnsafeFileError(OSError):
    """Something other than a plain file or folder of ours stands where one should be."""


class FileTooLargeError(ValueError):
    """Larger than any file this app writes, so it is not read."""


def _refusal(mode: int) -> str | None:
    if stat.S_ISLNK(mode):
        return LINK_REASON
    if stat.S_ISDIR(mode):
        return "it is a folder where a file should be"
    if not stat.S_ISREG(mode):
        return "it is not a regular file (a FIFO, socket or device), so it was not opened"
    return None


def _size_text(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"{limit // (1024 * 1024)} MB"
    return f"{limit // 1024} KB" if limit >= 1024 else f"{limit} bytes"


def _check_file(path: Path, st: os.stat_result, limit: int) -> None:
    reason = _refusal(st.st_mode)
    if reason is not None:
        code = (
            errno.ELOOP
            if stat.S_ISLNK(st.st_mode)
            else errno.EISDIR
            if stat.S_ISDIR(st.st_mode)
            else errno.EINVAL
        )
        raise UnsafeFileError(code, reason, str(path))
    if st.st_size > limit:
        raise FileTooLargeError(f"larger than {_size_text(limit)}")


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The content of a regular file no larger than ``limit`` (default ``MAX_FILE_BYTES``).

    ``UnsafeFileError`` (an ``OSError``) for a link, folder, FIFO, socket or device, checked
    before opening and again on the open descriptor, in case the file was swapped between;
    ``FileTooLargeError`` (a ``ValueError``) past the cap, checked before reading and while
    reading, in case the file grows.
    """
    path = Path(path)
    cap = MAX_FILE_BYTES if limit is None else limit
    _check_file(path, os.lstat(path), cap)
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # O_NOFOLLOW met a link swapped in after the check
            raise UnsafeFileError(errno.ELOOP, LINK_REASON, str(path)) from None
        raise
    try:
        _check_file(path, os.fstat(fd), cap)
        chunks: list[bytes] = []
        size = 0
        while size <= cap:
            chunk = os.read(fd, min(1024 * 1024, cap + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > cap:
        raise FileTooLargeError(f"larger than {_size_text(cap)}")
    return b"".join(chunks)


@dataclass
class Scan:
    """Files found under a folder, and what was refused there, each with its reason."""

    files: list[Path] = field(default_factory=list)
    refused: list[tuple[Path, str]] = field(default_factory=list)


def scan_files(root: Path, *, depth: int = MAX_SCAN_DEPTH) -> Scan:
    """Regular files under ``root``, sorted, descending at most ``depth`` folders.

    Links (to files or folders, dangling or looping) are refused, never followed, so a
    loop cannot hang a listing and nothing outside ``root`` is read. FIFOs, sockets,
    devices, folders named like our files (``*.json``) and folders deeper than ``depth``
    are refused too. Hidden names are temporaries of unfinished writes and are ignored.
    A missing ``root``, or one that is not a folder, gives an empty scan.
    """
    scan = Scan()
    pending: list[tuple[Path, int]] = [(Path(root), 0)]
    seen = 0
    while pending:
        folder, level = pending.pop()
        try:
            with os.scandir(folder) as entries:
                listed = sorted(entries, key=lambda e: e.name)
        except (FileNotFoundError, NotADirectoryError):
            if level == 0:
                return scan
            scan.refused.append((folder, "it vanished while being listed"))
            continue
        except OSError as exc:
            scan.refused.append((folder, f"it cannot be listed ({os_reason(exc)})"))
            continue
        for entry in listed:
            if entry.name.startswith("."):
                continue
            seen += 1
            if seen > MAX_SCAN_ENTRIES:
                scan.refused.append(
                    (folder, f"more than {MAX_SCAN_ENTRIES} entries; the rest were not listed")
                )
                pending.clear()
                break
            path = folder / entry.name
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError as exc:
                scan.refused.append((path, os_reason(exc)))
                continue
            if stat.S_ISDIR(mode):
                if entry.name.endswith(".json"):
                    scan.refused.append((path, "it is a folder where a file should be"))
                elif level >= depth:
                    scan.refused.append((path, "it is a folder where only files should be"))
                else:
                    pending.append((path, level + 1))
                continue
            reason = _refusal(mode)
            if reason is None:
                scan.files.append(path)
            else:
                scan.refused.append((path, reason))
    scan.files.sort()
    scan.refused.sort()
    return scan


def write_atomic(
    path: Path, data: bytes, *, overwrite: bool = True, root: Path | None = None
) -> None:
    """Replace ``path`` with ``data`` durably; on failure the old file is untouched.

    Parent folders are created private to the user. The temporary file is removed on
    any failure and the error re-raised. With ``overwrite=False`` an existing ``path``
    is left alone and ``FileExistsError`` raised, decided atomically by the filesystem.
    With ``root``, no folder between ``root`` and ``path`` may be a symbolic link
    (``UnsafeFileError``): nothing of ours is written through a link.
    """
    path = Path(path)
    folder = path.parent
    if root is None:
        make_private_dirs(folder)
    else:
        make_private_dirs_below(Path(root), folder)
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
    # lexists, not exists: a dangling or looping link "does not exist" but mkdir over it
    # raises FileExistsError, which a caller choosing a free file name would retry forever.
    missing = [p for p in (folder, *folder.parents) if not os.path.lexists(p)]
    for part in reversed(missing):
        part.mkdir(mode=DIR_MODE, exist_ok=True)
    if not folder.is_dir():
        if folder.is_symlink():
            raise UnsafeFileError(
                errno.ELOOP, "it is a symbolic link that leads nowhere or loops", str(folder)
            )
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))


def make_private_dirs_below(root: Path, folder: Path) -> None:
    """``make_private_dirs`` where every folder below ``root`` must be a real folder.

    ``root`` and its parents may be links (a data folder on another disk); anything
    below is refused if it is a link, so that a write cannot land outside ``root``.
    """
    make_private_dirs(root)
    try:
        parts = folder.relative_to(root).parts
    except ValueError:
        raise ValueError(f"{folder} is not inside {root}") from None
    current = root
    for part in parts:
        current = current / part
        try:
            os.mkdir(current, DIR_MODE)
            continue
        except FileExistsError:
            pass
        mode = os.lstat(current).st_mode
        if stat.S_ISLNK(mode):
            raise UnsafeFileError(errno.ELOOP, LINK_REASON, str(current))
        if not stat.S_ISDIR(mode):
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(current))


def link_below(root: Path, path: Path) -> Path | None:
    """The first folder or file from below ``root`` down to ``path`` that is a link."""
    try:
        parts = Path(path).relative_to(root).parts
    except ValueError:
        return None
    current = Path(root)
    for part in parts:
        current = current / part
        try:
            if stat.S_ISLNK(os.lstat(current).st_mode):
                return current
        except OSError:
            return None
    return None


def write_json_atomic(
    path: Path, obj: object, *, overwrite: bool = True, root: Path | None = None
) -> None:
    # Imported here and in read_json_file, not at the top: the window's start reads its
    # settings file through this module, as bytes, before the first paint.
    import json

    try:
        data = (json.dumps(obj, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate (JSON allows "\ud800") has no UTF-8 form; escaped, it survives.
        data = (json.dumps(obj, indent=2) + "\n").encode("ascii")
    write_atomic(path, data, overwrite=overwrite, root=root)


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
    """Parse a small JSON file; ``ValueError`` for anything that is not one.

    Read through ``read_bytes``: ``UnsafeFileError`` for anything but a regular file.
    """
    import json

    raw = read_bytes(path)
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

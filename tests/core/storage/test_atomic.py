"""Crash-safe writes: the old file survives any failure and no temporary is left behind."""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

import pytest

from booxi_desktop.core.storage import atomic
from booxi_desktop.core.storage.atomic import read_json_file, write_atomic, write_json_atomic


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_creates_private_folders_and_file(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "link.json"
    write_atomic(target, b"hello")
    assert target.read_bytes() == b"hello"
    assert stat.S_IMODE((tmp_path / "a").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "a" / "b").stat().st_mode) == 0o700
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert _names(target.parent) == ["link.json"]


def test_replaces_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "f.json"
    target.write_bytes(b"old")
    write_atomic(target, b"new and longer")
    assert target.read_bytes() == b"new and longer"
    assert _names(tmp_path) == ["f.json"]


def test_file_and_folder_are_synced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[bool] = []
    real_fsync = os.fsync

    def recording_fsync(fd: int) -> None:
        synced.append(stat.S_ISDIR(os.fstat(fd).st_mode))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    write_atomic(tmp_path / "f", b"x")
    # The data first, then the folder holding the rename.
    assert synced == [False, True]


def test_crash_at_rename_keeps_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "f.json"
    target.write_bytes(b"precious")

    def crash(src: object, dst: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="Input/output error"):
        write_atomic(target, b"half-written")
    assert target.read_bytes() == b"precious"
    assert _names(tmp_path) == ["f.json"]


def test_disk_full_while_flushing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "f.json"
    target.write_bytes(b"precious")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError, match="No space left") as caught:
        write_atomic(target, b"x" * 10_000)
    assert caught.value.errno == errno.ENOSPC
    assert target.read_bytes() == b"precious"
    assert _names(tmp_path) == ["f.json"]


def test_interrupt_also_removes_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(src: object, dst: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "f.json", b"x")
    assert _names(tmp_path) == []


def test_parent_that_is_a_file_fails_cleanly(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    with pytest.raises(NotADirectoryError):
        write_atomic(blocker / "sub" / "f.json", b"x")
    assert blocker.read_text() == "not a folder"
    assert _names(tmp_path) == ["blocker"]


def test_json_round_trip_keeps_order_and_text(tmp_path: Path) -> None:
    target = tmp_path / "doc.json"
    doc = {"z": "Montréal", "a": [1, 2.5, True, None], "m": {"k": "v"}}
    write_json_atomic(target, doc)
    assert list(json.loads(target.read_text(encoding="utf-8"))) == ["z", "a", "m"]
    assert read_json_file(target) == doc
    assert "Montréal" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "content",
    [b'{"format": "booxi-desktop-backup", "link": {"cli', b"\x00\xff\xfe binary", b""],
    ids=["truncated", "binary", "empty"],
)
def test_read_rejects_damaged_json(tmp_path: Path, content: bytes) -> None:
    target = tmp_path / "bad.json"
    target.write_bytes(content)
    with pytest.raises(ValueError, match="not valid JSON"):
        read_json_file(target)


def test_read_refuses_oversized_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(atomic, "MAX_FILE_BYTES", 100)
    target = tmp_path / "big.json"
    target.write_text(json.dumps({"k": "v" * 200}))
    with pytest.raises(ValueError, match="larger than"):
        read_json_file(target)


def test_read_refuses_deep_nesting(tmp_path: Path) -> None:
    target = tmp_path / "deep.json"
    target.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ValueError, match="nested too deeply"):
        read_json_file(target)


def test_no_overwrite_leaves_an_existing_file_and_no_temp_file(tmp_path) -> None:
    from booxi_desktop.core.storage.atomic import write_atomic

    target = tmp_path / "backup.json"
    write_atomic(target, b"first", overwrite=False)
    with pytest.raises(FileExistsError):
        write_atomic(target, b"second", overwrite=False)
    assert target.read_bytes() == b"first"
    assert [p.name for p in tmp_path.iterdir()] == ["backup.json"]

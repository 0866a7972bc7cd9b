"""Crash-safe writes: the old file survives any failure and no temporary is left behind."""

from __future__ import annotations

import builtins
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


# --- every file untrusted: links, FIFOs, devices, folders and huge files -------------


def test_read_refuses_a_link_even_to_a_good_file(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text('{"k": "v"}')
    link = tmp_path / "link.json"
    link.symlink_to(good)
    with pytest.raises(OSError, match="symbolic link") as caught:
        read_json_file(link)
    assert caught.value.filename == str(link)
    assert read_json_file(good) == {"k": "v"}


@pytest.mark.timeout(20)
def test_read_never_opens_a_fifo(tmp_path: Path) -> None:
    # Opening a FIFO for reading blocks until a writer comes: the old code hung here.
    fifo = tmp_path / "settings.json"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match="FIFO"):
        read_json_file(fifo)


def test_read_never_reads_a_device() -> None:
    with pytest.raises(OSError, match="device"):
        read_json_file(Path(os.devnull))


def test_read_of_a_folder_names_it(tmp_path: Path) -> None:
    folder = tmp_path / "x.json"
    folder.mkdir()
    with pytest.raises(OSError, match="folder where a file should be"):
        read_json_file(folder)


def test_size_cap_is_checked_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.json"
    with open(big, "wb") as handle:
        handle.truncate(64 * 1024 * 1024)  # sparse: large on paper, nothing on disk
    opened: list[object] = []
    real_open, real_os_open = builtins.open, os.open
    monkeypatch.setattr(builtins, "open", lambda *a, **k: opened.append(a) or real_open(*a, **k))
    monkeypatch.setattr(os, "open", lambda *a, **k: opened.append(a) or real_os_open(*a, **k))
    with pytest.raises(ValueError, match="larger than 25 MB"):
        read_json_file(big)
    assert opened == []


def test_scan_refuses_links_fifos_and_misplaced_folders_and_follows_none(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.json").write_text("{}")
    root = tmp_path / "root"
    deep = root / "na" / "42"
    deep.mkdir(parents=True)
    (deep / "good.json").write_text("{}")
    (deep / ".tmp.json.123.tmp").write_text("{")
    (root / "na" / "to_file.json").symlink_to(deep / "good.json")
    (root / "na" / "dangling.json").symlink_to(tmp_path / "nowhere")
    (root / "loop").symlink_to(root / "loop")
    (root / "to_dir").symlink_to(outside)
    (root / "self").symlink_to(root)
    os.mkfifo(deep / "fifo.json")
    (deep / "folder.json").mkdir()
    (deep / "too" / "deep").mkdir(parents=True)

    scan = atomic.scan_files(root, depth=2)
    assert scan.files == [deep / "good.json"]
    refused = {path.name: reason for path, reason in scan.refused}
    for name in ("to_file.json", "dangling.json", "loop", "to_dir", "self"):
        assert refused[name] == atomic.LINK_REASON
    assert "FIFO" in refused["fifo.json"]
    assert refused["folder.json"] == "it is a folder where a file should be"
    assert refused["too"] == "it is a folder where only files should be"
    assert len(scan.refused) == 8


def test_scan_of_a_missing_root_is_empty_and_a_linked_root_is_followed(tmp_path: Path) -> None:
    assert atomic.scan_files(tmp_path / "missing") == atomic.Scan()
    real = tmp_path / "other-disk"
    real.mkdir()
    (real / "a.json").write_text("{}")
    home = tmp_path / "home"
    home.symlink_to(real)
    assert atomic.scan_files(home).files == [home / "a.json"]


def test_write_below_root_never_goes_through_a_link(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "root"
    root.mkdir()
    (root / "na").symlink_to(outside)
    with pytest.raises(OSError, match="symbolic link") as caught:
        write_atomic(root / "na" / "42" / "f.json", b"x", root=root)
    assert caught.value.filename == str(root / "na")
    assert list(outside.iterdir()) == []


def test_write_into_a_linked_root_is_allowed(tmp_path: Path) -> None:
    real = tmp_path / "other-disk"
    real.mkdir()
    root = tmp_path / "data"
    root.symlink_to(real)
    write_atomic(root / "na" / "f.json", b"x", root=root)
    assert (real / "na" / "f.json").read_bytes() == b"x"


@pytest.mark.parametrize("kind", ["dangling", "loop"])
def test_a_dangling_or_looping_folder_is_not_a_file_that_exists(tmp_path: Path, kind: str) -> None:
    # mkdir over such a link raises FileExistsError, which callers retry with a new name.
    folder = tmp_path / "backups"
    folder.symlink_to(tmp_path / "nowhere" if kind == "dangling" else folder)
    with pytest.raises(OSError, match="leads nowhere or loops") as caught:
        write_atomic(folder / "f.json", b"x", overwrite=False)
    assert not isinstance(caught.value, FileExistsError)

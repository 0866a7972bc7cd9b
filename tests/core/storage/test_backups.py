"""Backups of module links: written safely, listed despite damaged files, confined to the root."""

from __future__ import annotations

import errno
import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from booxi_desktop import __version__
from booxi_desktop.core.errors import BackupError, BackupReadError, BooxiError
from booxi_desktop.core.link.model import ClientModuleLink
from booxi_desktop.core.storage.backups import BackupStore

START = datetime(2025, 1, 2, 3, 4, 5, 123456, tzinfo=UTC)


class TickingClock:
    """One second later at every call, so backups have a known order."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def make_link(module_id: str = "cegid_y2", client_id: int = 42, **meta: str) -> ClientModuleLink:
    return ClientModuleLink(
        client_id=client_id,
        module_id=module_id,
        external_id="Y2-1",
        metadata=dict(meta) or {"tier": "gold", "store": "MTL"},
        created_on=datetime(2023, 3, 14, 15, 9, 26, tzinfo=UTC),
        modified_on=datetime(2024, 11, 2, 18, 41, 7, tzinfo=UTC),
        extra={"futureField": [1, 2]},
    )


def test_write_then_read_keeps_the_link_and_only_the_link(tmp_path: Path) -> None:
    store = BackupStore(tmp_path, clock=lambda: START)
    link = make_link()
    path = store.write("na", link)

    assert path.is_relative_to(tmp_path / "na" / "42" / "cegid_y2")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc == {
        "format": "booxi-desktop-backup",
        "version": 1,
        "appVersion": __version__,
        "savedAt": "2025-01-02T03:04:05.123456Z",
        "region": "na",
        "reason": "before-save",
        "link": link.to_json(),
    }
    entry = store.read(path)
    assert entry.link == link
    assert entry.saved_at == START
    assert (entry.region, entry.reason, entry.app_version) == ("na", "before-save", __version__)
    assert (entry.client_id, entry.module_id) == (42, "cegid_y2")


def test_default_root_follows_the_environment_at_call_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "elsewhere"))
    path = BackupStore().write("eu", make_link())
    assert path.is_relative_to(tmp_path / "elsewhere" / "booxi-desktop" / "backups")


def test_listing_is_newest_first_and_per_link(tmp_path: Path) -> None:
    store = BackupStore(tmp_path, clock=TickingClock())
    first = store.write("na", make_link(tier="bronze"))
    second = store.write("na", make_link(tier="silver"), reason="manual")
    store.write("na", make_link(module_id="acme_crm"))
    store.write("eu", make_link())

    listing = store.list("na", 42, "cegid_y2")
    assert [e.path for e in listing.entries] == [second, first]
    assert [e.link.metadata["tier"] for e in listing.entries] == ["silver", "bronze"]
    assert listing.entries[0].reason == "manual"
    assert listing.warnings == []
    assert store.list("na", 7, "cegid_y2").entries == []
    assert len(store.list_all().entries) == 4


def test_backups_in_the_same_microsecond_do_not_overwrite(tmp_path: Path) -> None:
    store = BackupStore(tmp_path, clock=lambda: START)
    paths = [store.write("na", make_link(tier=str(n))) for n in range(3)]
    assert len(set(paths)) == 3
    tiers = sorted(str(e.link.metadata["tier"]) for e in store.list("na", 42, "cegid_y2").entries)
    assert tiers == ["0", "1", "2"]


def test_damaged_and_foreign_files_are_skipped_with_warnings(tmp_path: Path) -> None:
    store = BackupStore(tmp_path, clock=TickingClock())
    good = store.write("na", make_link())
    folder = good.parent
    truncated = folder / "truncated.json"
    truncated.write_bytes(good.read_bytes()[:40])
    (folder / "garbage.json").write_bytes(b"\x00\x01\xff")
    (folder / "foreign.json").write_text('{"hello": "world"}')
    (folder / "future.json").write_text(json.dumps(json.loads(good.read_text()) | {"version": 99}))
    (folder / "badlink.json").write_text(
        json.dumps(json.loads(good.read_text()) | {"link": {"clientId": "x"}})
    )
    (folder / "notes.txt").write_text("remember to call")
    (folder / "subfolder.json").mkdir()
    other = store.write("na", make_link(module_id="acme_crm"))
    misplaced = folder / "misplaced.json"
    misplaced.write_bytes(other.read_bytes())
    (folder / ".partial.json.tmp").write_text("{")  # a write that never finished

    listing = store.list("na", 42, "cegid_y2")
    assert [e.path for e in listing.entries] == [good]
    warned = " ".join(listing.warnings)
    for name in ("truncated", "garbage", "foreign", "future", "badlink", "notes.txt", "misplaced"):
        assert name in warned
    # A folder where a backup file should be is named too, not silently passed over.
    assert "subfolder.json: it is a folder where a file should be" in warned
    assert ".partial" not in warned
    assert len(listing.warnings) == 8

    everything = store.list_all()
    # The misplaced copy is still a valid backup of the other link when listing everything.
    assert {e.path for e in everything.entries} == {good, other, misplaced}
    assert len(everything.warnings) == 7


def test_read_of_a_bad_file_raises_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2")
    store = BackupStore(tmp_path)
    with pytest.raises(BackupReadError, match="not a readable backup"):
        store.read(bad)
    with pytest.raises(BackupReadError, match="Could not read"):
        store.read(tmp_path / "missing.json")


@pytest.mark.parametrize(
    "module_id",
    [
        "../x",
        "../../../../etc",
        "a/b",
        "a\\b",
        "con",
        "CON",
        "..",
        ".",
        " ",
        "a" * 200,
        "é/ü",
        "\ud800",
    ],
)
def test_hostile_module_ids_stay_inside_the_root(tmp_path: Path, module_id: str) -> None:
    root = tmp_path / "root"
    store = BackupStore(root)
    path = store.write("na", make_link(module_id=module_id))
    assert path.resolve().is_relative_to(root.resolve())
    assert path.parent.parent == root / "na" / "42"
    assert path.parent.name not in {".", "..", "con", "CON"}
    [entry] = store.list("na", 42, module_id).entries
    assert entry.module_id == module_id
    assert [p for p in tmp_path.iterdir()] == [root]


def test_ids_differing_only_in_case_get_separate_folders(tmp_path: Path) -> None:
    store = BackupStore(tmp_path)
    folders = {store.folder_for("na", 1, m).name.lower() for m in ("abc", "ABC", "Abc", "abc-")}
    assert len(folders) == 4


def test_unwritable_root_raises_backup_error(tmp_path: Path) -> None:
    # Tests run as root, for whom permissions block nothing: a file where the folder
    # should be makes creating it fail for everyone.
    blocker = tmp_path / "backups"
    blocker.write_text("a file, not a folder")
    store = BackupStore(blocker)
    with pytest.raises(BackupError) as caught:
        store.write("na", make_link())
    err = caught.value
    assert isinstance(err, BooxiError)
    assert isinstance(err, OSError)
    assert (err.kind, err.exit_code) == ("backup_failed", 11)
    assert str(blocker) in err.message
    assert err.message.endswith("Nothing was sent.")
    assert blocker.read_text() == "a file, not a folder"


def test_disk_full_raises_backup_error_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    store = BackupStore(tmp_path)
    with pytest.raises(BackupError, match=r"No space left on device\. Nothing was sent\."):
        store.write("na", make_link())
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_prune_keeps_the_newest_and_never_foreign_files(tmp_path: Path) -> None:
    store = BackupStore(tmp_path, clock=TickingClock())
    written = [store.write("na", make_link(tier=str(n))) for n in range(5)]
    foreign = written[0].parent / "mine.json"
    foreign.write_text("{}")

    deleted = store.prune("na", 42, "cegid_y2", keep=2)
    assert sorted(deleted) == sorted(written[:3])
    assert [e.path for e in store.list("na", 42, "cegid_y2").entries] == written[:2:-1]
    assert foreign.exists()
    assert store.prune("na", 42, "cegid_y2", keep=2) == []
    with pytest.raises(ValueError, match="zero or more"):
        store.prune("na", 42, "cegid_y2", keep=-1)


def test_export_writes_the_link_json(tmp_path: Path) -> None:
    store = BackupStore(tmp_path / "b")
    entry = store.read(store.write("na", make_link()))
    dest = tmp_path / "out" / "link.json"
    store.export(entry, dest)
    data = json.loads(dest.read_text(encoding="utf-8"))
    assert data == make_link().to_json()
    assert ClientModuleLink.from_json(data) == make_link()


# --- the backup folder is untrusted: links, loops, FIFOs -------------------------------

LINK_REASON = "it is a symbolic link, which the app does not follow"


def _plant(store: BackupStore, tmp_path: Path, where: str) -> Path:
    """Put a link where the backup folder of ``make_link()`` (or a parent) should be."""
    module_folder = store.folder_for("na", 42, "cegid_y2")
    module_folder.parent.mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    if where == "dangling":
        module_folder.symlink_to(tmp_path / "nowhere")
        return module_folder
    if where == "loop":
        module_folder.symlink_to(module_folder)
        return module_folder
    client_folder = module_folder.parent
    client_folder.rmdir()
    client_folder.symlink_to(outside)
    return client_folder


@pytest.mark.timeout(30)
@pytest.mark.parametrize("where", ["dangling", "loop", "client_link"])
def test_a_linked_backup_folder_fails_at_once_and_writes_nothing(
    tmp_path: Path, where: str
) -> None:
    # The old code retried a dangling or looping folder forever (mkdir over the link
    # raised FileExistsError, read as "name taken") and wrote through a linked one.
    store = BackupStore(tmp_path / "backups")
    link = _plant(store, tmp_path, where)
    with pytest.raises(BackupError) as caught:
        store.write("na", make_link())
    err = caught.value
    assert str(store.folder_for("na", 42, "cegid_y2")) in err.message
    assert str(link) in err.message
    assert err.message.endswith("Nothing was sent.")
    assert "link" in err.advice
    assert list((tmp_path / "outside").iterdir()) == []


def test_name_retries_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from booxi_desktop.core.storage import backups

    calls: list[Path] = []

    def taken(path: Path, *_a: object, **_k: object) -> None:
        calls.append(path)
        if len(calls) > 10_000:  # the old code never stopped: fail instead of hanging
            raise RuntimeError("unbounded retries")
        raise FileExistsError(errno.EEXIST, "File exists", str(path))

    monkeypatch.setattr(backups, "write_json_atomic", taken)
    with pytest.raises(BackupError, match=r"no free file name.*Nothing was sent\."):
        BackupStore(tmp_path).write("na", make_link())
    assert len(calls) == backups.MAX_NAME_TRIES


def test_linked_backup_files_are_listed_as_refused_and_never_read(tmp_path: Path) -> None:
    store = BackupStore(tmp_path / "backups", clock=TickingClock())
    good = store.write("na", make_link())
    elsewhere = BackupStore(tmp_path / "elsewhere", clock=TickingClock())
    foreign = elsewhere.write("na", make_link(tier="platinum"))
    linked = good.parent / "20990101T000000.000000Z.json"
    linked.symlink_to(foreign)

    for listing in (store.list("na", 42, "cegid_y2"), store.list_all()):
        assert [e.path for e in listing.entries] == [good]
        assert listing.warnings == [f"Skipped {linked}: {LINK_REASON}."]
    with pytest.raises(BackupReadError, match="symbolic link"):
        store.read(linked)


def test_listing_through_a_linked_client_folder_names_the_link(tmp_path: Path) -> None:
    store = BackupStore(tmp_path / "backups", clock=TickingClock())
    real = store.write("na", make_link()).parent.parent
    moved = tmp_path / "moved"
    real.rename(moved)
    real.symlink_to(moved)
    listing = store.list("na", 42, "cegid_y2")
    assert listing.entries == []
    assert listing.warnings == [f"Skipped {real}: {LINK_REASON}."]
    assert store.list_all().warnings == [f"Skipped {real}: {LINK_REASON}."]


@pytest.mark.timeout(30)
def test_a_fifo_among_backups_is_named_and_the_others_listed(tmp_path: Path) -> None:
    store = BackupStore(tmp_path, clock=TickingClock())
    good = store.write("na", make_link())
    fifo = good.parent / "20990101T000000.000000Z.json"
    os.mkfifo(fifo)
    listing = store.list("na", 42, "cegid_y2")
    assert [e.path for e in listing.entries] == [good]
    assert len(listing.warnings) == 1
    assert str(fifo) in listing.warnings[0]
    assert "FIFO" in listing.warnings[0]

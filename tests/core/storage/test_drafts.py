"""The unsaved-edits journal: everything typed comes back, damaged files never crash a load."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from booxi_desktop.core.errors import DraftError
from booxi_desktop.core.link.model import ClientModuleLink, MetaValue
from booxi_desktop.core.storage.drafts import Draft, DraftJournal, DraftKey

KEY = DraftKey("na", 3104187, "cegid_y2")
WHEN = datetime(2025, 5, 6, 7, 8, 9, 654321, tzinfo=UTC)
BASE = ClientModuleLink(
    client_id=3104187,
    module_id="cegid_y2",
    external_id="Y2-000481",
    metadata={"tier": "gold"},
    modified_on=datetime(2024, 11, 2, 18, 41, 7, tzinfo=UTC),
)


def make_draft(key: DraftKey = KEY, saved_at: datetime = WHEN, **kw: object) -> Draft:
    rows: list[tuple[str, MetaValue]] = [
        ("tier", "platinum"),
        ("tier", "duplicate"),
        ("", "value under an empty key"),
        ("count", 3),
        ("ratio", 0.5),
        ("flag", True),
        ("nothing", None),
        ("ville", "Montréal"),
    ]
    return Draft(key=key, external_id="Y2-000481-new", rows=rows, base=BASE, saved_at=saved_at)


def test_save_and_get_round_trip_everything_typed(tmp_path: Path) -> None:
    journal = DraftJournal(tmp_path)
    draft = make_draft()
    journal.save(draft)
    assert journal.get(KEY) == draft
    path = journal.path_for(KEY)
    assert path.is_relative_to(tmp_path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_draft_without_base_and_default_time(tmp_path: Path) -> None:
    journal = DraftJournal(tmp_path)
    before = datetime.now(UTC)
    draft = Draft(key=KEY, external_id="", rows=[])
    journal.save(draft)
    got = journal.get(KEY)
    assert got is not None
    assert got.base is None
    assert got.rows == []
    assert before - timedelta(seconds=1) <= got.saved_at <= datetime.now(UTC)


def test_default_root_is_under_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "d"))
    journal = DraftJournal()
    journal.save(make_draft())
    assert journal.path_for(KEY).is_relative_to(tmp_path / "d" / "booxi-desktop" / "drafts")
    assert journal.get(KEY) == make_draft()


def test_save_replaces_and_keeps_one_file_per_key(tmp_path: Path) -> None:
    journal = DraftJournal(tmp_path)
    journal.save(make_draft())
    newer = Draft(key=KEY, external_id="again", rows=[("a", "b")], saved_at=WHEN)
    journal.save(newer)
    assert journal.get(KEY) == newer
    # Beside the one draft file: only its hidden lock file.
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert [p for p in files if not p.name.startswith(".")] == [journal.path_for(KEY)]


def test_discard_removes_the_draft_and_tidies(tmp_path: Path) -> None:
    journal = DraftJournal(tmp_path)
    journal.save(make_draft())
    other = DraftKey("na", 3104187, "acme_crm")
    journal.save(make_draft(key=other))
    journal.discard(KEY)
    assert journal.get(KEY) is None
    assert journal.get(other) is not None
    journal.discard(other)
    journal.discard(other)  # already gone: not an error
    assert list(tmp_path.iterdir()) == []


def test_load_all_is_newest_first(tmp_path: Path) -> None:
    journal = DraftJournal(tmp_path)
    keys = [DraftKey("na", 1, "cegid_y2"), DraftKey("eu", 2, "cegid_y2"), DraftKey("na", 1, "m")]
    for n, key in enumerate(keys):
        journal.save(make_draft(key=key, saved_at=WHEN + timedelta(minutes=n)))
    listing = journal.load_all()
    assert [d.key for d in listing.drafts] == keys[::-1]
    assert listing.warnings == []


def test_load_all_of_a_missing_root_is_empty(tmp_path: Path) -> None:
    listing = DraftJournal(tmp_path / "never-created").load_all()
    assert (listing.drafts, listing.warnings) == ([], [])


def test_damaged_and_foreign_files_are_skipped_with_warnings(tmp_path: Path) -> None:
    journal = DraftJournal(tmp_path)
    journal.save(make_draft())
    good = journal.path_for(KEY)
    folder = good.parent
    doc = json.loads(good.read_text(encoding="utf-8"))
    (folder / "truncated.json").write_bytes(good.read_bytes()[:60])
    (folder / "binary.json").write_bytes(b"\xff\xfe\x00")
    (folder / "foreign.json").write_text('{"format": "something-else"}')
    (folder / "badrow.json").write_text(json.dumps(doc | {"rows": [["k"]]}))
    (folder / "badbase.json").write_text(json.dumps(doc | {"base": {"moduleId": 5}}))
    (folder / "readme.txt").write_text("hello")
    # A valid draft of this very key, but filed under another name: not trusted.
    (folder / "copy.json").write_bytes(good.read_bytes())
    (folder / ".cegid_y2.json.abc.tmp").write_text("{")

    listing = journal.load_all()
    assert listing.drafts == [make_draft()]
    warned = " ".join(listing.warnings)
    for name in ("truncated", "binary", "foreign", "badrow", "badbase", "readme.txt", "copy"):
        assert name in warned
    assert len(listing.warnings) == 7
    assert ".tmp" not in warned


def test_get_of_a_damaged_file_is_none_and_keeps_the_file(tmp_path: Path) -> None:
    journal = DraftJournal(tmp_path)
    path = journal.path_for(KEY)
    path.parent.mkdir(parents=True)
    path.write_text('{"format": "booxi-desktop-draft", "rows": [')
    assert journal.get(KEY) is None
    assert path.exists()
    assert len(journal.load_all().warnings) == 1


@pytest.mark.parametrize("module_id", ["../../x", "a/b", "con", "..", "", "CEGID_Y2", "\ud800"])
def test_hostile_keys_stay_inside_the_root(tmp_path: Path, module_id: str) -> None:
    root = tmp_path / "drafts"
    journal = DraftJournal(root)
    key = DraftKey("../../na", 7, module_id)
    journal.save(make_draft(key=key))
    assert journal.path_for(key).resolve().is_relative_to(root.resolve())
    assert list(tmp_path.iterdir()) == [root]
    assert journal.get(key) == make_draft(key=key)
    assert [d.key for d in journal.load_all().drafts] == [key]


def test_unwritable_root_raises_draft_error(tmp_path: Path) -> None:
    blocker = tmp_path / "drafts"
    blocker.write_text("a file")
    with pytest.raises(DraftError) as caught:
        DraftJournal(blocker).save(make_draft())
    assert caught.value.kind == "draft_failed"
    assert isinstance(caught.value, OSError)
    assert "Could not keep the unsaved edits" in caught.value.message

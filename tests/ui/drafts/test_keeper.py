"""The draft keeper: one write per burst of edits, at once when flushed, never an exception."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from booxi_desktop.core.link.model import ClientModuleLink
from booxi_desktop.core.storage.drafts import Draft, DraftJournal, DraftKey
from booxi_desktop.ui.drafts.keeper import DraftKeeper

KEY = DraftKey("na", 4412873, "cegid_y2")
BASE = ClientModuleLink(4412873, "cegid_y2", "C-1", {"tier": "gold"})
SAVED_AT = datetime(2024, 5, 2, 14, 3, 22, 123456, tzinfo=UTC)


class CountingJournal(DraftJournal):
    """The real journal, counting its writes."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.saves = 0

    def save(self, draft: Draft) -> None:
        self.saves += 1
        super().save(draft)


def draft(n: int, key: DraftKey = KEY) -> Draft:
    return Draft(key, f"C-{n}", [("tier", "gold"), ("points", str(n))], BASE, SAVED_AT)


def on_disk(journal: DraftJournal, key: DraftKey = KEY) -> dict:
    return json.loads(journal.path_for(key).read_text(encoding="utf-8"))


@pytest.fixture
def journal(tmp_path: Path) -> CountingJournal:
    return CountingJournal(tmp_path / "drafts")


def make(qtbot, journal, delay_ms: int) -> tuple[DraftKeeper, list[Draft], list[str]]:
    keeper = DraftKeeper(journal, delay_ms)
    written: list[Draft] = []
    failed: list[str] = []
    keeper.written.connect(written.append)
    keeper.failed.connect(failed.append)
    return keeper, written, failed


def test_many_schedules_make_one_write_of_the_latest(qtbot, journal) -> None:
    keeper, written, failed = make(qtbot, journal, 50)
    with qtbot.waitSignal(keeper.written, timeout=2000):
        for n in range(30):
            keeper.schedule(draft(n))
        # Nothing is written while the edits keep coming.
        assert journal.saves == 0
        assert not journal.path_for(KEY).exists()
    assert journal.saves == 1
    assert written == [draft(29)]
    assert on_disk(journal)["externalId"] == "C-29"
    assert on_disk(journal)["rows"] == [["tier", "gold"], ["points", "29"]]
    assert keeper.pending is None
    # Nothing more is due: a flush now has nothing to write.
    assert keeper.flush()
    assert journal.saves == 1
    assert failed == []


def test_flush_writes_at_once(qtbot, journal) -> None:
    keeper, written, _ = make(qtbot, journal, 60_000)
    keeper.schedule(draft(1))
    keeper.schedule(draft(2))
    assert keeper.flush()
    assert journal.saves == 1
    assert on_disk(journal)["externalId"] == "C-2"
    assert written == [draft(2)]
    assert keeper.pending is None


def test_flush_with_nothing_pending_writes_nothing(qtbot, journal) -> None:
    keeper, written, _ = make(qtbot, journal, 10)
    assert keeper.flush()
    assert journal.saves == 0
    assert written == []


def test_discard_cancels_the_pending_write_and_removes_the_file(qtbot, journal) -> None:
    other = DraftKey("eu", 7, "cegid_y2")
    keeper, _, failed = make(qtbot, journal, 60_000)
    keeper.schedule(draft(1))
    keeper.flush()
    journal.save(draft(5, other))
    keeper.schedule(draft(2))
    assert keeper.discard(KEY)
    assert not journal.path_for(KEY).exists()
    assert keeper.pending is None
    assert keeper.flush()
    assert not journal.path_for(KEY).exists()
    # Another link's draft is left alone.
    assert journal.get(other) == draft(5, other)
    assert failed == []


def test_discard_of_another_key_keeps_the_pending_draft(qtbot, journal) -> None:
    keeper, _, _ = make(qtbot, journal, 60_000)
    keeper.schedule(draft(3))
    keeper.discard(DraftKey("eu", 7, "cegid_y2"))
    assert keeper.pending == draft(3)
    keeper.flush()
    assert on_disk(journal)["externalId"] == "C-3"


def test_an_unwritable_folder_emits_failed_and_keeps_the_draft(qtbot, tmp_path) -> None:
    # A regular file where the folder should be: no write can succeed, even as root.
    root = tmp_path / "drafts"
    root.write_text("in the way", encoding="utf-8")
    journal = CountingJournal(root)
    keeper, written, failed = make(qtbot, journal, 20)
    with qtbot.waitSignal(keeper.failed, timeout=2000) as signal:
        keeper.schedule(draft(1))
    message = signal.args[0]
    assert "Could not keep the unsaved edits" in message
    assert written == []
    assert keeper.pending == draft(1)
    assert not keeper.flush()
    assert len(failed) == 2

    # Once the folder can be written, the kept draft goes out.
    root.unlink()
    assert keeper.flush()
    assert on_disk(journal)["externalId"] == "C-1"
    assert written == [draft(1)]


def test_a_failed_discard_emits_failed(qtbot, tmp_path) -> None:
    root = tmp_path / "drafts"
    root.write_text("in the way", encoding="utf-8")
    keeper, _, failed = make(qtbot, DraftJournal(root), 20)
    assert not keeper.discard(KEY)
    assert len(failed) == 1
    assert "Could not remove the saved draft" in failed[0]

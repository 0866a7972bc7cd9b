"""Drafts per window: each journal's own files, guarded by locks that die with their process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from booxi_desktop.core.errors import DraftError
from booxi_desktop.core.storage import file_lock
from booxi_desktop.core.storage.drafts import Draft, DraftJournal, DraftKey, lock_path

KEY = DraftKey("na", 3104187, "cegid_y2")
OTHER_KEY = DraftKey("na", 3104187, "other_module")


def draft(text: str, key: DraftKey = KEY) -> Draft:
    return Draft(key=key, external_id="X-1", rows=[("note", text)])


def test_two_journals_on_one_folder_keep_separate_files(tmp_path: Path) -> None:
    first, second = DraftJournal(tmp_path), DraftJournal(tmp_path)
    assert first.instance != second.instance
    assert first.path_for(KEY) != second.path_for(KEY)
    assert first.path_for(KEY).parent == second.path_for(KEY).parent
    first.save(draft("first"))
    second.save(draft("second"))
    assert first.get(KEY).rows == [("note", "first")]
    assert second.get(KEY).rows == [("note", "second")]

    second.discard(KEY)
    assert second.get(KEY) is None
    assert first.get(KEY).rows == [("note", "first")]
    assert lock_path(first.path_for(KEY)).exists()
    assert not lock_path(second.path_for(KEY)).exists()


def test_a_live_journals_draft_is_not_left_behind_until_it_lets_go(tmp_path: Path) -> None:
    running, starting = DraftJournal(tmp_path), DraftJournal(tmp_path)
    running.save(draft("in a live window"))
    (listed,) = starting.load_all().drafts
    assert listed.source == running.path_for(KEY)
    assert starting.is_live(listed)
    assert starting.left_behind().drafts == []
    assert starting.left_behind().drafts == running.left_behind().drafts

    running.release()
    (behind,) = starting.left_behind().drafts
    assert behind.rows == [("note", "in a live window")]
    assert running.get(KEY) is not None  # letting go keeps the file


def test_a_claimed_link_shows_as_edited_elsewhere_before_any_draft_is_written(
    tmp_path: Path,
) -> None:
    first, second = DraftJournal(tmp_path), DraftJournal(tmp_path)
    assert not second.editing_elsewhere(KEY)
    first.claim(KEY)
    assert second.editing_elsewhere(KEY)
    assert not first.editing_elsewhere(KEY)
    assert not second.editing_elsewhere(OTHER_KEY)
    first.release()
    assert not second.editing_elsewhere(KEY)


def test_only_one_journal_can_adopt_a_draft_left_behind(tmp_path: Path) -> None:
    gone = DraftJournal(tmp_path)
    gone.save(draft("left behind"))
    gone.release()
    (behind,) = DraftJournal(tmp_path).left_behind().drafts
    restorer, late = DraftJournal(tmp_path), DraftJournal(tmp_path)

    with pytest.raises(DraftError, match="belongs to another window"):
        late.remove_adopted(behind)
    assert restorer.adopt(behind)
    assert not late.adopt(behind)
    assert late.left_behind().drafts == []  # held by the restoring window
    restorer.remove_adopted(behind)
    assert not behind.source.exists()
    assert not lock_path(behind.source).exists()
    assert not late.adopt(behind)


def test_a_draft_from_before_per_window_files_is_offered(tmp_path: Path) -> None:
    journal = DraftJournal(tmp_path)
    journal.save(draft("old layout"))
    journal.release()
    legacy = journal.path_for(KEY).with_name("cegid_y2.json")
    journal.path_for(KEY).rename(legacy)
    (behind,) = DraftJournal(tmp_path).left_behind().drafts
    assert behind.source == legacy
    assert behind.rows == [("note", "old layout")]


def test_a_file_with_a_foreign_instance_name_is_skipped(tmp_path: Path) -> None:
    journal = DraftJournal(tmp_path)
    journal.save(draft("mine"))
    journal.release()
    odd = journal.path_for(KEY).with_name("cegid_y2.not-an-instance.json")
    journal.path_for(KEY).rename(odd)
    listing = DraftJournal(tmp_path).load_all()
    assert listing.drafts == []
    assert any("not where this draft belongs" in w for w in listing.warnings)


def test_an_instance_id_cannot_reach_outside_its_folder(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="16 lower-case hex"):
        DraftJournal(tmp_path, instance="../../etc")


def test_a_symlink_or_a_fifo_in_place_of_a_lock_is_never_taken(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.write_text("", encoding="utf-8")
    link = tmp_path / ".lock-link"
    link.symlink_to(target)
    with pytest.raises(OSError, match="symbolic link"):  # O_NOFOLLOW: ELOOP
        file_lock.acquire(link)
    assert not file_lock.is_locked(link)
    fifo = tmp_path / ".lock-fifo"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match="not a regular file"):
        file_lock.acquire(fifo)


@pytest.mark.subprocess
def test_a_kill_9_releases_the_lock_and_leaves_the_draft_behind(tmp_path: Path) -> None:
    script = (
        "import sys, time\n"
        "from booxi_desktop.core.storage.drafts import Draft, DraftJournal, DraftKey\n"
        "j = DraftJournal(sys.argv[1])\n"
        "j.save(Draft(DraftKey('na', 3104187, 'cegid_y2'), 'X-1', [('note', 'killed')]))\n"
        "print('SAVED', flush=True)\n"
        "time.sleep(60)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "SAVED"
        looking = DraftJournal(tmp_path)
        (live,) = looking.load_all().drafts
        assert looking.is_live(live)
        assert looking.editing_elsewhere(KEY)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
    (behind,) = looking.left_behind().drafts
    assert behind.rows == [("note", "killed")]
    assert not looking.editing_elsewhere(KEY)

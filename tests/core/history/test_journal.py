"""The journal on disk: appends whole lines, reads what it can, never rewrites."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from booxi_desktop.core.history.journal import HistoryJournal
from booxi_desktop.core.history.record import Change, HistoryRecord, Outcome, Source

START = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def record(n: int = 0, **changes: object) -> HistoryRecord:
    fields: dict[str, object] = {
        "at": START + timedelta(minutes=n),
        "region": "na",
        "client_id": 1000 + n,
        "module_id": "cegid_y2",
        "outcome": Outcome.SENT,
        "change": Change(added={"k": "v"}, changed={"tier": ("gold", "platinum")}),
        "backup": f"/tmp/b{n}.json",
    }
    fields.update(changes)
    return HistoryRecord(**fields)  # type: ignore[arg-type]


def test_records_round_trip_newest_first(tmp_path: Path) -> None:
    journal = HistoryJournal(tmp_path)
    journal.append(record(0))
    journal.append(record(2, outcome=Outcome.REFUSED, status=400, message="nope"))
    journal.append(record(1, source=Source.CLI_PUT, change=None, backup=""))
    listing = journal.read()
    assert [r.client_id for r in listing.records] == [1002, 1001, 1000]
    assert listing.records[0].status == 400
    assert listing.records[0].outcome_text == "Refused (400)"
    assert listing.records[1].source is Source.CLI_PUT
    assert listing.records[1].change is None
    assert listing.records[2] == record(0)
    assert listing.warnings == []


def test_each_record_is_one_line_of_version_1(tmp_path: Path) -> None:
    journal = HistoryJournal(tmp_path)
    journal.append(record(0))
    journal.append(record(1))
    lines = journal.path.read_bytes().split(b"\n")
    assert lines[-1] == b""
    assert [json.loads(line)["version"] for line in lines[:-1]] == [1, 1]
    assert oct(journal.path.stat().st_mode & 0o777) == "0o600"


def test_truncated_last_line_is_skipped_counted_and_kept(tmp_path: Path) -> None:
    journal = HistoryJournal(tmp_path)
    journal.append(record(0))
    journal.append(record(1))
    whole = journal.path.read_bytes()
    cut = whole[: len(whole) - 30]
    journal.path.write_bytes(cut)
    listing = journal.read()
    assert [r.client_id for r in listing.records] == [1000]
    assert listing.unreadable == 1
    assert "1 record could not be read" in listing.warnings[0]
    assert journal.path.read_bytes() == cut  # never rewritten on read
    # The next append starts on its own line, so the damage does not spread.
    journal.append(record(5))
    again = journal.read()
    assert [r.client_id for r in again.records] == [1005, 1000]
    assert again.unreadable == 1


def test_corrupt_and_foreign_lines_are_skipped(tmp_path: Path) -> None:
    journal = HistoryJournal(tmp_path)
    journal.append(record(0))
    with journal.path.open("ab") as handle:
        handle.write(b"{not json\n\xff\xfe\n[]\n{}\n")
        bad_client = record(1).to_json() | {"clientId": "x"}
        handle.write(json.dumps(bad_client).encode() + b"\n\n")
    journal.append(record(2))
    listing = journal.read()
    assert [r.client_id for r in listing.records] == [1002, 1000]
    assert listing.unreadable == 5


def test_record_of_a_newer_version_is_skipped_with_its_own_message(tmp_path: Path) -> None:
    journal = HistoryJournal(tmp_path)
    journal.append(record(0))
    future = record(1).to_json() | {"version": 2, "newField": True}
    with journal.path.open("ab") as handle:
        handle.write(json.dumps(future).encode() + b"\n")
    before = journal.path.read_bytes()
    listing = journal.read()
    assert [r.client_id for r in listing.records] == [1000]
    assert listing.newer == 1
    assert listing.unreadable == 0
    assert "written by a newer version" in " ".join(listing.warnings)
    assert journal.path.read_bytes() == before


def test_a_journal_that_is_a_link_is_not_read_nor_written(tmp_path: Path) -> None:
    outside = tmp_path / "outside.jsonl"
    outside.write_text("")
    journal = HistoryJournal(tmp_path / "data")
    journal.path.parent.mkdir(parents=True)
    os.symlink(outside, journal.path)
    listing = journal.read()
    assert listing.records == []
    assert "symbolic link" in listing.error
    with pytest.raises(OSError, match="symbolic link"):
        journal.append(record(0))
    assert outside.read_text() == ""


def test_missing_journal_is_an_empty_history(tmp_path: Path) -> None:
    listing = HistoryJournal(tmp_path).read()
    assert listing.records == []
    assert listing.warnings == []


def test_two_writers_interleave_whole_lines(tmp_path: Path) -> None:
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_write_many, args=(str(tmp_path), base)) for base in (0, 500)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    listing = HistoryJournal(tmp_path).read()
    assert listing.unreadable == 0
    assert sorted(r.client_id for r in listing.records) == list(range(1000, 2000))


def _write_many(root: str, base: int) -> None:
    journal = HistoryJournal(Path(root))
    for n in range(base, base + 500):
        journal.append(record(n))

"""A long journal is read in slices, the UI thread handling its events between them,
and reaches the window first in part, then whole, keeping the selection and filter."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from booxi_desktop.core.history.journal import HistoryJournal, HistoryListing
from booxi_desktop.core.history.record import Change, HistoryRecord, Outcome
from booxi_desktop.ui.history import loader as loader_module
from booxi_desktop.ui.history.loader import FIRST_BATCH, HistoryLoader
from booxi_desktop.ui.history.model import HistoryFilter
from booxi_desktop.ui.history.window import HistoryWindow

RECORDS = 1_500


@pytest.fixture
def long_journal(tmp_path) -> HistoryJournal:
    journal = HistoryJournal(tmp_path)
    journal.path.parent.mkdir(parents=True)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    lines = [
        json.dumps(
            HistoryRecord(
                at=start + timedelta(minutes=i),
                region=("na", "eu")[i % 2],
                client_id=1000 + i,
                module_id="cegid_y2",
                outcome=Outcome.SENT,
                change=Change(added={"k": f"v{i}"}),
            ).to_json()
        )
        for i in range(RECORDS)
    ]
    journal.path.write_text("\n".join(lines) + "\n")
    return journal


def test_the_ui_thread_gets_its_turns_while_a_long_journal_is_read(
    qtbot, long_journal, monkeypatch
) -> None:
    # Every question to keep_going ends a slice: the read cannot finish without turns.
    monkeypatch.setattr(loader_module, "_SLICE_S", 0.0)
    loader = HistoryLoader(long_journal)
    turns: list[int] = []
    listings: list[HistoryListing] = []
    loader._caught_up.connect(lambda _handled: turns.append(len(listings)))
    loader.loaded.connect(listings.append)
    loader.loaded.connect(lambda listing: listing.complete or loader.resume())
    loader.start()
    qtbot.waitUntil(lambda: bool(listings) and listings[-1].complete)
    first, whole = listings
    assert not first.complete
    assert len(first.records) == FIRST_BATCH
    assert [r.client_id for r in whole.records] == list(range(1000 + RECORDS - 1, 999, -1))
    # Turns came after the first rows were handed over, none before.
    assert turns
    assert set(turns) == {1}


def test_a_long_journal_keeps_the_selection_and_filter_made_while_it_loads(
    qtbot, long_journal
) -> None:
    window = HistoryWindow(long_journal)
    qtbot.addWidget(window)
    chosen: list[HistoryRecord] = []

    def first_rows(listing: HistoryListing) -> None:
        if not listing.complete and not chosen:
            window.set_filter(HistoryFilter(region="eu"))
            window.table.selectRow(3)
            chosen.append(window.selected_record())

    window.loader.loaded.connect(first_rows)
    window.show()
    qtbot.waitUntil(lambda: not window.loading)
    [record] = chosen
    assert record is not None
    assert record.region == "eu"
    assert window.model.total == RECORDS
    assert window.model.rowCount() == RECORDS // 2
    assert window.current_filter() == HistoryFilter(region="eu")
    assert window.selected_record() == record

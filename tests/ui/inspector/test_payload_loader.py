"""The payload loader looks for duplicate keys only once the results have painted."""

from __future__ import annotations

import pytest

from booxi_desktop.ui.inspector import payload_loader
from booxi_desktop.ui.inspector.payload_loader import PayloadLoader
from tests.ui.webhook_panel_helpers import WAIT_MS

pytestmark = pytest.mark.usefixtures("qloop")

DUPLICATED = '{"eventId": "e1", "eventContent": {"a": 1, "a": 2}}'


def searched(monkeypatch) -> list[bytes | str]:
    """What the duplicate-key search was given, as it starts."""
    calls: list[bytes | str] = []
    search = payload_loader.find_json_notes

    def spy(data):
        calls.append(data)
        return search(data)

    monkeypatch.setattr(payload_loader, "find_json_notes", spy)
    return calls


def duplicate_found(analyses) -> bool:
    return any(p.code == "duplicate_key" for a in analyses for p in a.findings.problems)


def test_the_search_waits_for_the_results_to_paint(qtbot, monkeypatch) -> None:
    calls = searched(monkeypatch)
    loader = PayloadLoader()
    analyses = []
    loader.analysed.connect(analyses.append)
    with qtbot.waitSignal(loader.decoded, timeout=WAIT_MS):
        loader.load(DUPLICATED, "pasted text")
    qtbot.waitUntil(lambda: len(analyses) == 1, timeout=WAIT_MS)
    qtbot.wait(300)  # the results are not painted yet: nothing runs beside the paint
    assert calls == []
    assert not duplicate_found(analyses)
    loader.results_painted()
    qtbot.waitUntil(lambda: duplicate_found(analyses), timeout=WAIT_MS)
    assert calls == [DUPLICATED]


def test_a_view_that_never_paints_still_gets_the_search(qtbot, monkeypatch) -> None:
    monkeypatch.setattr(payload_loader, "NOTES_WAIT_S", 0.2)
    calls = searched(monkeypatch)
    loader = PayloadLoader()
    analyses = []
    loader.analysed.connect(analyses.append)
    loader.load(DUPLICATED, "pasted text")
    qtbot.waitUntil(lambda: duplicate_found(analyses), timeout=WAIT_MS)
    assert calls == [DUPLICATED]


def test_a_payload_replaced_before_its_paint_is_never_searched(qtbot, monkeypatch) -> None:
    calls = searched(monkeypatch)
    loader = PayloadLoader()
    with qtbot.waitSignal(loader.decoded, timeout=WAIT_MS):
        loader.load(DUPLICATED, "first")
    second = DUPLICATED.replace("e1", "e2")
    with qtbot.waitSignal(loader.decoded, timeout=WAIT_MS):
        loader.load(second, "second")
    loader.results_painted()
    qtbot.waitUntil(lambda: calls == [second], timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not loader.pending, timeout=WAIT_MS)
    assert calls == [second]

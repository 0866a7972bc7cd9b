"""The deliveries table model, without widgets."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QPersistentModelIndex

from booxi_desktop.core.webhook.receiver.delivery import Delivery
from booxi_desktop.core.webhook.receiver.ring import DeliveryRing
from booxi_desktop.ui.inspector.receive.delivery_model import DeliveryModel, headers_text


def delivery(event: str | None = None, status: int = 200, error: str | None = None) -> Delivery:
    headers = (("Content-Type", "application/json"), ("X-Trace", "t1"))
    return Delivery(0, datetime.now(UTC), "POST", "/hook", headers, b"{}", status, error, event)


def test_rows_follow_the_ring_appended_and_evicted_without_a_reset(qapp) -> None:
    ring = DeliveryRing(max_count=3)
    model = DeliveryModel()
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    for name in "abcd":
        ring.add(delivery(name))
    model.update(ring.since(model.last_number), ring.first_number)
    assert [model.index(r, 3).data() for r in range(model.rowCount())] == ["b", "c", "d"]
    kept = QPersistentModelIndex(model.index(2, 0))
    for name in "ef":
        ring.add(delivery(name))
    model.update(ring.since(model.last_number), ring.first_number)
    assert [model.index(r, 3).data() for r in range(model.rowCount())] == ["d", "e", "f"]
    assert kept.row() == 0
    assert kept.data() == "4"
    assert resets == []


def test_a_flood_beyond_the_ring_between_two_updates_keeps_only_what_is_held(qapp) -> None:
    ring = DeliveryRing(max_count=2)
    model = DeliveryModel()
    ring.add(delivery("a"))
    model.update(ring.since(0), ring.first_number)
    for name in "bcde":
        ring.add(delivery(name))
    model.update(ring.since(model.last_number), ring.first_number)
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["4", "5"]


def test_status_column_says_duplicate_refused_or_not_json(qapp) -> None:
    ring = DeliveryRing()
    model = DeliveryModel()
    ring.add(delivery("a"))
    ring.add(delivery("a"))
    ring.add(delivery(None, 413, "too large"))
    ring.add(delivery(None))
    model.update(ring.since(0), ring.first_number)
    statuses = [model.index(r, 7).data() for r in range(4)]
    assert statuses == ["not JSON", "duplicate of #1", "refused 413", "not JSON"]
    assert model.index(2, 6).data() == "1"
    assert model.index(0, 3).data() == "a"
    assert model.index(3, 3).data() == "—"


def test_headers_text_shows_the_request_as_received() -> None:
    text = headers_text(delivery(error="The body is empty."))
    assert text.splitlines()[:3] == [
        "POST /hook HTTP/1.1",
        "Content-Type: application/json",
        "X-Trace: t1",
    ]
    assert "The body is empty." in text

from __future__ import annotations

import gzip
from datetime import UTC, datetime

import pytest

from booxi_desktop.core.webhook.receiver.delivery import Delivery, event_id, inflate
from booxi_desktop.core.webhook.receiver.ring import DeliveryRing


def delivery(event: str | None, body: bytes = b"{}") -> Delivery:
    return Delivery(0, datetime.now(UTC), "POST", "/", (), body, 200, event_id=event)


def test_the_byte_budget_evicts_oldest_first() -> None:
    ring = DeliveryRing(max_count=100, max_bytes=10_000)
    for _ in range(10):
        ring.add(delivery(None, b"x" * 2_000))
    assert ring.bytes <= 10_000
    assert ring.count == 4
    assert ring.evicted == 6
    assert [d.number for d in ring.since(0)] == [7, 8, 9, 10]
    assert ring.get(6) is None
    assert ring.get(8) is not None


def test_a_duplicate_whose_first_was_evicted_becomes_the_first() -> None:
    ring = DeliveryRing(max_count=2)
    ring.add(delivery("a"))
    ring.add(delivery("b"))
    assert ring.add(delivery("a")).duplicate_of == 1
    ring.add(delivery("c"))
    ring.add(delivery("c"))
    assert ring.add(delivery("a")).duplicate_of is None


def test_since_gives_only_the_new_ones() -> None:
    ring = DeliveryRing()
    for _ in range(5):
        ring.add(delivery(None))
    assert [d.number for d in ring.since(3)] == [4, 5]
    assert ring.since(5) == []


def test_event_id_lookup_is_tolerant() -> None:
    assert event_id({"eventId": "a", "id": "b"}) == "a"
    assert event_id({"id": 12}) == "12"
    assert event_id({"eventContent": {"eventId": "x"}}) == "x"
    assert event_id({"id": True}) is None
    assert event_id([1]) is None


def test_inflate_refuses_a_bomb() -> None:
    with pytest.raises(ValueError, match="expands beyond"):
        inflate(gzip.compress(b"0" * 2_000_000), limit=1_000_000)

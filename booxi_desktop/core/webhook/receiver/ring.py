"""The deliveries kept in memory: at most so many, and so many bytes, oldest out first."""

from __future__ import annotations

import dataclasses
import threading
from collections import deque

from booxi_desktop.core.webhook.receiver.delivery import Delivery

DEFAULT_MAX_DELIVERIES = 500
DEFAULT_MAX_BYTES = 200_000_000


class DeliveryRing:
    """Thread-safe: the receiver's thread adds, the window's thread reads."""

    def __init__(
        self, max_count: int = DEFAULT_MAX_DELIVERIES, max_bytes: int = DEFAULT_MAX_BYTES
    ) -> None:
        self.max_count = max_count
        self.max_bytes = max_bytes
        self._items: deque[Delivery] = deque()
        self._bytes = 0
        self._next = 1
        self._first_by_event: dict[str, int] = {}
        self._evicted = 0
        self._lock = threading.Lock()

    def add(self, delivery: Delivery) -> Delivery:
        """``delivery`` numbered, marked duplicate when its event id is known, and kept."""
        with self._lock:
            first = (
                None if delivery.event_id is None else self._first_by_event.get(delivery.event_id)
            )
            delivery = dataclasses.replace(delivery, number=self._next, duplicate_of=first)
            self._next += 1
            if delivery.event_id is not None and first is None:
                self._first_by_event[delivery.event_id] = delivery.number
            self._items.append(delivery)
            self._bytes += delivery.size
            while self._items and (
                len(self._items) > self.max_count or self._bytes > self.max_bytes
            ):
                self._evict()
            return delivery

    def count_evicted(self, count: int) -> None:
        """``count`` deliveries were dropped before they reached the ring (the bound held)."""
        with self._lock:
            self._evicted += count

    def _evict(self) -> None:
        old = self._items.popleft()
        self._bytes -= old.size
        self._evicted += 1
        if old.event_id is not None and self._first_by_event.get(old.event_id) == old.number:
            del self._first_by_event[old.event_id]

    def since(self, number: int) -> list[Delivery]:
        """The deliveries held whose number is above ``number``, oldest first."""
        with self._lock:
            if not self._items or self._items[-1].number <= number:
                return []
            start = max(0, number - self._items[0].number + 1)
            return list(self._items)[start:]

    def get(self, number: int) -> Delivery | None:
        with self._lock:
            if not self._items:
                return None
            index = number - self._items[0].number
            return self._items[index] if 0 <= index < len(self._items) else None

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0
            self._first_by_event.clear()

    @property
    def count(self) -> int:
        return len(self._items)

    @property
    def bytes(self) -> int:
        return self._bytes

    @property
    def evicted(self) -> int:
        return self._evicted

    @property
    def first_number(self) -> int:
        """The oldest delivery's number; when none is held, the next one's."""
        with self._lock:
            return self._items[0].number if self._items else self._next

    @property
    def last_number(self) -> int:
        return self._next - 1

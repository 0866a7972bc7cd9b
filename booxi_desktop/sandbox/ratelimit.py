"""Booxi's fair-use limits per partner key: sliding windows where a 400 answer counts double."""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence

# (requests allowed, window length in seconds): 5 per second and 300 per minute.
DEFAULT_WINDOWS: tuple[tuple[int, float], ...] = ((5, 1.0), (300, 60.0))


class RateLimiter:
    def __init__(
        self,
        windows: Sequence[tuple[int, float]] = DEFAULT_WINDOWS,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not windows or any(limit < 1 or length <= 0 for limit, length in windows):
            raise ValueError("each window needs a limit >= 1 and a length > 0")
        self.windows = tuple((int(limit), float(length)) for limit, length in windows)
        self._longest = max(length for _, length in self.windows)
        self._clock = clock
        self._lock = threading.Lock()
        # One timestamp per counted hit, oldest first; a request answered 400 adds two.
        self._hits: dict[str, deque[float]] = {}

    def acquire(self, key: str) -> int | None:
        """Count one request; None if allowed, else the whole seconds to wait (Retry-After).

        Refused requests are not counted, so a client that waits as told gets through.
        """
        with self._lock:
            now = self._clock()
            hits = self._prune(key, now)
            wait = 0.0
            for limit, length in self.windows:
                recent = [t for t in hits if t > now - length]
                if len(recent) >= limit:
                    # The window frees a slot when its oldest hit beyond the allowance expires.
                    oldest_needed = recent[len(recent) - limit]
                    wait = max(wait, oldest_needed + length - now)
            if wait > 0:
                return max(1, math.ceil(wait))
            hits.append(now)
            return None

    def penalize(self, key: str) -> None:
        """A request of this key was answered 400: it counts once more."""
        with self._lock:
            now = self._clock()
            self._prune(key, now).append(now)

    def _prune(self, key: str, now: float) -> deque[float]:
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - self._longest:
            hits.popleft()
        return hits

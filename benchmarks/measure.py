"""Meters shared by the benchmark scripts (imported from beside them, not installed)."""

from __future__ import annotations

import gc
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer

from booxi_desktop.ui.widgets.lazy_qt import set_by_name

TICK_MS = 5


class StallMeter:
    """How late a 5 ms repeating timer fires: the longest time the UI thread was busy."""

    def __init__(self) -> None:
        self.timer = QTimer(interval=TICK_MS)
        # By name: the app leaves PySide6's Qt namespace unbuilt until its warm-up builds
        # it, and a meter built before the app starts must not build it first.
        set_by_name(self.timer, "timerType", "PreciseTimer")
        self.timer.timeout.connect(self._tick)
        self.worst_ms = 0.0
        self._last = 0.0

    def start(self) -> None:
        self.worst_ms = 0.0
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> float:
        """The longest stall in ms since :meth:`start`, the last gap included."""
        self.timer.stop()
        self._tick()
        return self.worst_ms

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst_ms = max(self.worst_ms, (now - self._last) * 1000 - TICK_MS)
        self._last = now


def allocated(fn: Callable[[], Any]) -> tuple[Any, int]:
    """What ``fn`` returns and the bytes still allocated for it afterwards (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    result = fn()
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return result, after - before

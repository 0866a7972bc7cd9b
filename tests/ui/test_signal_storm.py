"""Regression: PySide6 6.12.0 on Python 3.11 crashed after a few thousand emits and timers.

It dropped references to None and True on every emit; this run would abort the whole
process with "Fatal Python error: none_dealloc" on an affected build.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QTimer, Signal

COUNT = 20_000


class Emitter(QObject):
    with_none = Signal(object)
    with_bool = Signal(bool)
    bare = Signal()


def test_many_signals_with_none_and_booleans(qtbot):
    emitter = Emitter()
    received: list[object] = []
    emitter.with_none.connect(received.append)
    emitter.with_bool.connect(received.append)
    emitter.bare.connect(lambda: received.append(None))
    refs_before = sys.getrefcount(None), sys.getrefcount(True)
    for i in range(COUNT):
        emitter.with_none.emit(None)
        emitter.with_bool.emit(i % 2 == 0)
        emitter.bare.emit()
    assert len(received) == 3 * COUNT
    assert received.count(True) == COUNT // 2
    received.clear()
    # Each emit must give back what it took; a leak of thousands is the 6.12.0 bug.
    refs_after = sys.getrefcount(None), sys.getrefcount(True)
    assert refs_after[0] >= refs_before[0] - 100
    assert refs_after[1] >= refs_before[1] - 100


def test_many_single_shot_timers(qtbot):
    fired: list[None] = []
    for _ in range(COUNT):
        QTimer.singleShot(0, lambda: fired.append(None))
    qtbot.waitUntil(lambda: len(fired) == COUNT, timeout=30_000)

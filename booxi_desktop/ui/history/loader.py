"""Reads the journal in a worker thread and hands the listing to the UI thread."""

from __future__ import annotations

import contextlib
import gc
import threading
import time
from collections.abc import Iterator

from PySide6.QtCore import QObject, QThreadPool, Signal

from booxi_desktop.core.history.journal import HistoryJournal, HistoryListing

# The newest records handed over first: more than a screenful, a small part of a big journal.
FIRST_BATCH = 200
# Longest the rest of the read waits for the first batch to be painted (a hidden window
# never paints).
_PAINT_WAIT_S = 1.0


_paused_lock = threading.Lock()
_paused = 0


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while records are parsed.

    The records hold no cycles, but a collection started by the parser's many
    allocations walks every object of the app while holding the interpreter lock, and
    the UI thread waits for it. Reads may overlap: the last one to end resumes it.
    """
    global _paused
    with _paused_lock:
        # Turned off by someone else (and not by an overlapping read): leave it so.
        ours = _paused > 0 or gc.isenabled()
        if ours:
            _paused += 1
            gc.disable()
    try:
        yield
    finally:
        if ours:
            with _paused_lock:
                _paused -= 1
                if _paused == 0:
                    gc.enable()


class HistoryLoader(QObject):
    loaded = Signal(object)
    """A :class:`HistoryListing`, delivered on the UI thread: first the newest records
    (``complete`` false) when the journal is large, then all of them."""
    _read = Signal(int, object)

    def __init__(self, journal: HistoryJournal, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self._generation = 0
        self._painted = threading.Event()
        self._stopped = False
        # Emitted from the worker, received here: Qt queues it to this object's thread.
        self._read.connect(self._done)

    def start(self) -> None:
        """Read again; a listing from an older read that ends later is dropped."""
        self._generation += 1
        generation, journal = self._generation, self.journal
        self._painted.set()  # an older read still waiting: let it run on to its end
        self._painted = painted = threading.Event()

        def read() -> None:
            def early(part: HistoryListing) -> None:
                with contextlib.suppress(RuntimeError):
                    self._read.emit(generation, part)
                # Parsing holds the interpreter lock: the rest waits until the UI thread
                # has painted the first rows, or a paint would queue behind it.
                painted.wait(_PAINT_WAIT_S)

            try:
                with _collector_paused():
                    listing = journal.read(
                        first=FIRST_BATCH,
                        on_first=early,
                        keep_going=lambda: self.still_wanted(generation),
                    )
            # A bug must not leave the window waiting for ever.
            except Exception as exc:
                listing = HistoryListing(error=f"The history could not be read: {exc!r}.")
            # The window may have been closed and deleted meanwhile: nobody is waiting.
            with contextlib.suppress(RuntimeError):
                self._read.emit(generation, listing)

        QThreadPool.globalInstance().start(read)

    def still_wanted(self, generation: int) -> bool:
        """Asked by the reading thread now and then; also lets the UI thread run."""
        # A bare parse loop hands the interpreter lock back only when the UI thread
        # has waited its switch interval; yielding here keeps paints and input prompt.
        time.sleep(0)
        return generation == self._generation and not self._stopped

    def stop(self) -> None:
        """Nobody waits for the listing any more (the window closed): stop reading."""
        self._stopped = True
        self._painted.set()

    def resume(self) -> None:
        """The first rows are on screen: read the rest."""
        self._painted.set()

    def _done(self, generation: int, listing: HistoryListing) -> None:
        if generation == self._generation:
            self.loaded.emit(listing)

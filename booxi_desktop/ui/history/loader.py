"""Reads the journal in a worker thread and hands the listing to the UI thread."""

from __future__ import annotations

import contextlib
import gc
import threading
import time

from PySide6.QtCore import QObject, QThreadPool, Signal

from booxi_desktop.core.history.journal import HistoryJournal, HistoryListing

# The newest records handed over first: more than a screenful, a small part of a big journal.
FIRST_BATCH = 200
# Longest the rest of the read waits for the first batch to be painted (a hidden window
# never paints).
_PAINT_WAIT_S = 1.0
# How long the parser runs before it lets the UI thread catch up. While both want the
# interpreter lock, every Python call the UI thread makes (a cell's data, a paint
# filter, a timer) waits a switch interval for it: a paint of a few hundred cells queues
# behind the parser for the whole read. Parsing in slices and letting the UI thread
# drain its events between them bounds a stall to about one slice.
_SLICE_S = 0.008
# Longest a slice waits for the UI thread (busy elsewhere, or gone) before going on.
_CATCH_UP_WAIT_S = 0.1


class HistoryLoader(QObject):
    loaded = Signal(object)
    """A :class:`HistoryListing`, delivered on the UI thread: first the newest records
    (``complete`` false) when the journal is large, then all of them."""
    _read = Signal(int, object)
    _caught_up = Signal(object)

    def __init__(self, journal: HistoryJournal, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self._generation = 0
        self._painted = threading.Event()
        self._stopped = False
        self._slice_start = 0.0
        # Emitted from the worker, received here: Qt queues it to this object's thread.
        self._read.connect(self._done)
        self._caught_up.connect(self._ack)

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
                # Unpainted (a hidden window) or not: from here on, slices give way.
                painted.set()

            try:
                listing = journal.read(
                    first=FIRST_BATCH,
                    on_first=early,
                    keep_going=lambda: self.still_wanted(generation),
                )
                # The records live as long as the window: out of the collector's
                # generations, a later full collection does not walk them again, and a
                # full collection is what a long read's allocations set off. They hold
                # no cycles, so reference counting still frees them with the window.
                gc.freeze()
            # A bug must not leave the window waiting for ever.
            except Exception as exc:
                listing = HistoryListing(error=f"The history could not be read: {exc!r}.")
            # The window may have been closed and deleted meanwhile: nobody is waiting.
            with contextlib.suppress(RuntimeError):
                self._read.emit(generation, listing)

        QThreadPool.globalInstance().start(read)

    def still_wanted(self, generation: int) -> bool:
        """Asked by the reading thread now and then; also lets the UI thread catch up."""
        # Not before the first rows are handed over: the UI thread is waiting for them.
        if self._painted.is_set() and time.perf_counter() - self._slice_start >= _SLICE_S:
            self._catch_up()
        return generation == self._generation and not self._stopped

    def _catch_up(self) -> None:
        """Wait (on the reading thread) until the UI thread has handled what was queued
        for it so far: its paints and input run while the parser holds no lock."""
        handled = threading.Event()
        # Queued behind the UI thread's pending events; the window may be gone already.
        with contextlib.suppress(RuntimeError):
            self._caught_up.emit(handled)
            handled.wait(_CATCH_UP_WAIT_S)
        self._slice_start = time.perf_counter()

    def stop(self) -> None:
        """Nobody waits for the listing any more (the window closed): stop reading."""
        self._stopped = True
        self._painted.set()

    def resume(self) -> None:
        """The first rows are on screen: read the rest."""
        self._painted.set()

    def _ack(self, handled: threading.Event) -> None:
        handled.set()

    def _done(self, generation: int, listing: HistoryListing) -> None:
        if generation == self._generation:
            self.loaded.emit(listing)

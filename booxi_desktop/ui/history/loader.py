"""Reads the journal in a worker thread and hands the listing to the UI thread."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QObject, QThreadPool, Signal

from booxi_desktop.core.history.journal import HistoryJournal, HistoryListing


class HistoryLoader(QObject):
    loaded = Signal(object)
    """The :class:`HistoryListing`, delivered on the UI thread."""
    _read = Signal(int, object)

    def __init__(self, journal: HistoryJournal, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self._generation = 0
        # Emitted from the worker, received here: Qt queues it to this object's thread.
        self._read.connect(self._done)

    def start(self) -> None:
        """Read again; a listing from an older read that ends later is dropped."""
        self._generation += 1
        generation, journal = self._generation, self.journal

        def read() -> None:
            try:
                listing = journal.read()
            # A bug must not leave the window waiting for ever.
            except Exception as exc:
                listing = HistoryListing(error=f"The history could not be read: {exc!r}.")
            # The window may have been closed and deleted meanwhile: nobody is waiting.
            with contextlib.suppress(RuntimeError):
                self._read.emit(generation, listing)

        QThreadPool.globalInstance().start(read)

    def _done(self, generation: int, listing: HistoryListing) -> None:
        if generation == self._generation:
            self.loaded.emit(listing)

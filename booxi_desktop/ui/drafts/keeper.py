"""Writes the editor's unsaved edits to the draft journal shortly after the typing stops.

Only the latest draft is kept in memory: a burst of edits costs one small atomic write.
A write that fails is reported through :attr:`DraftKeeper.failed`, never raised, so a
full disk cannot break editing; the edits are still in the window and the next
schedule or flush tries again.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from booxi_desktop.core.errors import DraftError
from booxi_desktop.core.storage.atomic import os_reason
from booxi_desktop.core.storage.drafts import Draft, DraftJournal, DraftKey


class DraftKeeper(QObject):
    written = Signal(object)
    """The :class:`Draft` just written."""
    failed = Signal(str)
    """Why a write or a removal failed, in words for the user."""

    def __init__(self, journal: DraftJournal, delay_ms: int, parent: QObject | None = None) -> None:
        # The delay is the controller's (DELAY_MS): one number for how often drafts are written.
        super().__init__(parent)
        self.journal = journal
        self._pending: Draft | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)

    @property
    def pending(self) -> Draft | None:
        """The draft waiting to be written, if any."""
        return self._pending

    def schedule(self, draft: Draft) -> None:
        """Write ``draft`` once no newer one arrives for ``delay_ms``; replaces any pending."""
        self._pending = draft
        self._timer.start()

    def flush(self) -> bool:
        """Write the pending draft now (before closing, loading another link, or sending).

        Returns ``False`` only if a write was needed and failed.
        """
        self._timer.stop()
        draft = self._pending
        if draft is None:
            return True
        try:
            self.journal.save(draft)
        except (DraftError, OSError) as exc:
            # Kept pending: the next schedule or flush tries again.
            self.failed.emit(_failure_text(exc, "Your unsaved edits could not be kept on disk"))
            return False
        if self._pending is draft:
            self._pending = None
        self.written.emit(draft)
        return True

    def discard(self, key: DraftKey) -> bool:
        """Forget the draft of ``key``: cancel its pending write and delete its file.

        Call after a successful save, or when the user throws the edits away.
        Returns ``False`` if the file could not be removed (``failed`` says why).
        """
        if self._pending is not None and self._pending.key == key:
            self._pending = None
            self._timer.stop()
        try:
            self.journal.discard(key)
        except (DraftError, OSError) as exc:
            self.failed.emit(_failure_text(exc, "The saved draft could not be removed"))
            return False
        return True


def _failure_text(exc: OSError, what: str) -> str:
    if isinstance(exc, DraftError):
        return f"{exc.message} {exc.advice}".strip()
    return f"{what}: {os_reason(exc)}."

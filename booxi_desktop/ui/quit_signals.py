"""SIGTERM, SIGINT and the session manager's logout: keep the unsaved edits, then quit.

Python runs a signal handler only when the interpreter gets control, and Qt's event
loop waits in C; so the C-level handler writes the signal's number to a socket
(``signal.set_wakeup_fd``) that a :class:`QSocketNotifier` watches, which wakes the
loop at once.
"""

from __future__ import annotations

import signal
import socket
from collections.abc import Callable
from types import FrameType

from PySide6.QtCore import QObject, QSocketNotifier, Qt
from PySide6.QtGui import QGuiApplication, QSessionManager

SIGNALS = (signal.SIGTERM, signal.SIGINT)


class QuitSignals(QObject):
    """Calls ``keep`` on logout, and ``keep`` then ``quit`` on SIGTERM or SIGINT."""

    def __init__(
        self,
        app: QGuiApplication,
        keep: Callable[[], None],
        quit: Callable[[], None],
    ) -> None:
        super().__init__(app)
        self._keep = keep
        self._quit = quit
        self._previous: dict[int, object] = {}
        self._previous_fd = -1
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._woken)
        # Direct: the session manager expects the data committed when the emit returns.
        app.commitDataRequest.connect(self._commit_data, Qt.ConnectionType.DirectConnection)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        for number in SIGNALS:
            self._previous[number] = signal.signal(number, _note)
        app.aboutToQuit.connect(self.uninstall)

    def uninstall(self) -> None:
        """Put the previous handlers back (a test process goes on after the window)."""
        if not self._previous:
            return
        for number, handler in self._previous.items():
            signal.signal(number, handler)  # type: ignore[arg-type]
        self._previous = {}
        signal.set_wakeup_fd(self._previous_fd)
        self._notifier.setEnabled(False)
        self._reader.close()
        self._writer.close()

    def _woken(self) -> None:
        try:
            numbers = self._reader.recv(64)
        except OSError:
            return
        if any(n in SIGNALS for n in numbers):
            self._keep()
            self._quit()

    def _commit_data(self, _manager: QSessionManager) -> None:
        self._keep()


def _note(_number: int, _frame: FrameType | None) -> None:
    """Replaces the default action (end the process at once); the notifier does the work."""

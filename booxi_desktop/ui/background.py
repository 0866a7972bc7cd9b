"""Work run in a worker thread while the UI thread keeps painting and answering."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal

T = TypeVar("T")


def in_worker(job: Callable[[], T], name: str) -> Future[T]:
    """Start ``job`` in a daemon thread (a hung keychain must not hold up quitting)."""
    future: Future[T] = Future()
    # Running from the start: a waiter that gives up (a cancelled load) must not cancel
    # the work, which others wait for too.
    future.set_running_or_notify_cancel()

    def run() -> None:
        try:
            result = job()
        except BaseException as exc:  # handed to whoever waits for it
            future.set_exception(exc)
        else:
            future.set_result(result)

    threading.Thread(target=run, name=name, daemon=True).start()
    return future


class _Relay(QObject):
    done = Signal()


def wait_responsive(future: Future[Any]) -> None:
    """Run Qt's event loop until ``future`` is done, so the window repaints meanwhile."""
    if future.done():
        return
    loop = QEventLoop()
    relay = _Relay()
    # Emitted in the worker; the queued connection runs quit on this thread.
    relay.done.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
    future.add_done_callback(lambda _f: relay.done.emit())
    if not future.done():
        loop.exec()

"""Work run off the UI thread while it keeps painting: start-up's warm-up and the keychain."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Signal

T = TypeVar("T")


@cache
def _warm_up_thread() -> ThreadPoolExecutor:
    # One thread, jobs in order: two importing threads would each take the GIL from the
    # UI thread, and would only wait on each other's import locks.
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="warm-up")


def warm_up(job: Callable[[], T]) -> Future[T]:
    """Run ``job`` after the warm-up jobs before it (imports: they never block for long)."""
    return _warm_up_thread().submit(job)


def in_thread(
    job: Callable[[], T], name: str, then: Callable[[Future[T]], None] | None = None
) -> Future[T]:
    """Run ``job`` in a thread of its own, a daemon: a hung keychain must not block quitting.

    ``then`` is called with the future once it is done, always in that thread (so that a
    signal it emits reaches the UI thread queued, whenever the job ends).
    """
    future: Future[T] = Future()
    # Running from the start: a waiter that gives up (a cancelled load) must not cancel
    # the work, which others wait for too.
    future.set_running_or_notify_cancel()
    if then is not None:
        future.add_done_callback(then)

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
    """Run Qt's event loop until ``future`` is done: the window repaints meanwhile.

    Clicks and keys wait in Qt's queue until then: what they start needs what the
    future brings (the asyncio loop).
    """
    if future.done():
        return
    loop = QEventLoop()
    relay = _Relay()
    # Emitted in the worker, the signal is queued to this thread, where the loop quits.
    # Emitted here, by a future done already, it quits nothing: the loop is not started.
    # (An explicit QueuedConnection would build the Qt namespace on the UI thread right
    # after the first paint; see ui.widgets.lazy_qt.)
    relay.done.connect(loop.quit)
    future.add_done_callback(lambda _f: relay.done.emit())
    if not future.done():
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)

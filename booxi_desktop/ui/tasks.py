"""Coroutines a widget starts on the qasync loop, kept alive until they finish.

qasync's ``@asyncSlot`` and a bare ``create_task`` keep no strong reference to a task,
so one could be collected mid-flight; widgets start their work through this instead.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Coroutine
from typing import Any

from PySide6.QtCore import QObject


class BackgroundTasks:
    """Tasks of ``owner``, cancelled when it is destroyed so none reaches a deleted object."""

    def __init__(self, owner: QObject) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()
        owner.destroyed.connect(self.cancel_all)

    def start(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.get_event_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    @property
    def pending(self) -> int:
        return len(self._tasks)

    def cancel_all(self) -> None:
        for task in list(self._tasks):
            task.cancel()

    async def cancel_and_wait(self) -> None:
        """Cancel every task and wait until each has ended (on quit)."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(BaseException):
                await task

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            # Each coroutine reports its own expected failures; anything left is a bug.
            task.get_loop().call_exception_handler(
                {"message": "unhandled error in a background task", "exception": task.exception()}
            )

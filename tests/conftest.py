"""Shared fixtures: offscreen Qt, one session-wide qasync loop, and a live sandbox server."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")


@pytest.fixture(autouse=True)
def _isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep every test's data, config and state folders away from the real user's."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.delenv("BOOXI_PARTNER_KEY", raising=False)


@pytest.fixture
def west_of_utc() -> Iterator[None]:
    """Montreal's time zone, where year 1 00:00 -05:00 is before the first day datetime holds."""
    import time

    before = os.environ.get("TZ")
    os.environ["TZ"] = "America/Montreal"
    time.tzset()
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.fixture
def sandbox() -> Iterator[object]:
    """A real Booxi-compatible server on loopback; rate limits off unless a test turns them on."""
    from booxi_desktop.sandbox.server import SandboxServer

    with SandboxServer(port=0, rate_limit=False) as server:
        yield server


@pytest.fixture
def run() -> object:
    """Run a coroutine to completion on a fresh asyncio loop (core tests, no Qt)."""

    def _run(coro: object) -> object:
        # Inside a GUI test the qasync loop is marked as running, and asyncio.run
        # refuses to start beside it: step out of it for this call.
        running = asyncio.events._get_running_loop()
        asyncio.events._set_running_loop(None)
        try:
            return asyncio.run(coro)  # type: ignore[arg-type]
        finally:
            asyncio.events._set_running_loop(running)

    return _run


@pytest.fixture(scope="session")
def _session_qloop(qapp: object) -> Iterator[asyncio.AbstractEventLoop]:
    import PySide6.QtWidgets  # noqa: F401  (qasync must see PySide6 first)
    import qasync

    loop = qasync.QEventLoop(qapp, already_running=True)
    # Never closed (closing would quit the app), so its default Qt-thread executor would
    # outlive the test session and abort the process at exit; a plain pool shuts down.
    executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="test-loop")
    loop.set_default_executor(executor)
    # already_running marks the loop as running for the whole thread; only the tests
    # that ask for it (qloop) should see it, or asyncio.run elsewhere would refuse.
    asyncio.events._set_running_loop(None)
    yield loop
    executor.shutdown(wait=True, cancel_futures=True)


@pytest.fixture
def qloop(_session_qloop: asyncio.AbstractEventLoop) -> Iterator[asyncio.AbstractEventLoop]:
    """The qasync loop, made current for this test.

    Without a running qasync loop an @asyncSlot silently does nothing, so GUI tests
    must use this fixture and assert on effects (server state, table contents).
    """
    asyncio.set_event_loop(_session_qloop)
    asyncio.events._set_running_loop(_session_qloop)
    yield _session_qloop
    asyncio.events._set_running_loop(None)


@pytest.fixture
def data_dir() -> Path:
    return Path(__file__).parent / "data"

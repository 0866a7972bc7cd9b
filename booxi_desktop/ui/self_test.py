"""``booxi-desktop --self-test``: the installed app opens, loads the demo link and says so.

Run on a wheel or a bundle to check it works as installed: the window is built and
painted, the demo link is loaded from the built-in sandbox through the load bar's Load
button (the path a user takes), the editor must then show the sandbox's own copy, text in
non-Latin scripts must survive a line edit and sort by locale (what a bundle's trimmed ICU
data must still hold), and the keychain backend is reported. One line is printed; the
exit code is 0 only if all held. A watchdog ends the process if anything hangs, the event
loop included.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from booxi_desktop import APP_ID, __version__

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLineEdit

    from booxi_desktop.ui.editor.load_bar import LoadBar
    from booxi_desktop.ui.host import EditorPort
    from booxi_desktop.ui.inspector.receive.controller import ReceiveController
    from booxi_desktop.ui.session import Session
    from booxi_desktop.ui.widgets.notice_banner import NoticeBanner

TIMEOUT_S = 30.0
EXIT_FAILED = 1
# Distinct from a check that failed: the app stopped answering.
EXIT_HUNG = 3
_POLL_S = 0.02
_STATE_VARS = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME")
_keep: list[tempfile.TemporaryDirectory[str]] = []
# Typed one character at a time, as a keyboard sends them: right-to-left scripts, a combining
# accent, characters beyond the Basic Multilingual Plane (emoji, one with a skin-tone modifier).
TYPED = "Zoë e\u0301 中文 العربية עברית 😀👍🏽"
# Committed at once, as an input method sends Chinese.
COMMITTED = "漢字"
# Orders only a locale's own collation gets right: in Swedish "ö" is a letter after "z"; in
# German "ä" sorts with "a", before "b" (by code point it would come after both).
SORTED_BY_LOCALE: dict[str, tuple[str, ...]] = {"sv_SE": ("a", "z", "ö"), "de_DE": ("a", "ä", "b")}


class Webhooks(Protocol):
    """The window's webhook inspector, as far as receiving goes."""

    @property
    def receive(self) -> ReceiveController: ...

    def start_receiving(self, port: int = 0, *, show: bool = True) -> str | None: ...


class Window(Protocol):
    """The whole window as a user sees it: the self-test presses its buttons and reads it."""

    @property
    def webhooks(self) -> Webhooks: ...

    @property
    def session(self) -> Session: ...

    @property
    def editor(self) -> EditorPort: ...

    @property
    def load_bar(self) -> LoadBar: ...

    @property
    def banner(self) -> NoticeBanner: ...

    def isVisible(self) -> bool: ...  # Qt's name


class SelfTestFailed(Exception):
    """A check did not hold; the message is the one-line reason."""


@dataclass(frozen=True)
class DemoLink:
    """What the sandbox holds for the demo ids: what the editor must show once loaded."""

    client_id: int
    module_id: str
    external_id: str
    metadata: dict[str, Any]


def use_throwaway_user_state() -> None:
    """Settings, drafts and backups of this run go to a temporary folder, never the user's.

    The folders follow the XDG variables on Linux (elsewhere a self-test's load writes
    only the recent-modules list). The folder is removed when the process exits.
    """
    home = tempfile.TemporaryDirectory(prefix="booxi-self-test-")
    _keep.append(home)
    for name in _STATE_VARS:
        os.environ[name] = os.path.join(home.name, name.lower())


def prepare(timeout_s: float = TIMEOUT_S) -> None:
    """Before the app starts: the watchdog runs, and user state is out of reach."""
    start_watchdog(timeout_s)
    use_throwaway_user_state()


def start_watchdog(timeout_s: float = TIMEOUT_S) -> threading.Timer:
    """End the process from another thread: a blocked UI thread cannot time itself out."""

    def give_up() -> None:
        print(f"self-test failed: no result within {timeout_s:g} s", flush=True)
        os._exit(EXIT_HUNG)

    watchdog = threading.Timer(timeout_s, give_up)
    watchdog.daemon = True
    watchdog.start()
    return watchdog


async def _wait_for_load(window: Window, deadline: float) -> None:
    import asyncio

    loop = asyncio.get_running_loop()
    while window.editor.loaded is None:
        notice = window.banner.notice
        if notice is not None and notice.error and not window.session.busy:
            raise SelfTestFailed(f"loading the demo link failed: {notice.headline}")
        if loop.time() > deadline:
            raise SelfTestFailed("the demo link did not load in time")
        await asyncio.sleep(_POLL_S)


def check_text(field: QLineEdit) -> None:
    """Non-Latin text typed into a line edit reads back as typed and can be drawn."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QInputMethodEvent, QKeyEvent
    from PySide6.QtWidgets import QApplication

    press, plain = QEvent.Type.KeyPress, Qt.KeyboardModifier.NoModifier
    for character in TYPED:
        QApplication.sendEvent(field, QKeyEvent(press, Qt.Key.Key_unknown, plain, character))
    commit = QInputMethodEvent()
    commit.setCommitString(COMMITTED)
    QApplication.sendEvent(field, commit)
    if field.text() != TYPED + COMMITTED:
        raise SelfTestFailed(f"text typed into a field read back as {field.text()!r}")
    if field.grab().isNull():
        raise SelfTestFailed("a field holding non-Latin text could not be drawn")


def check_sorting(expected: dict[str, tuple[str, ...]] = SORTED_BY_LOCALE) -> None:
    """Locale-aware comparison (QCollator, as QString::localeAwareCompare) orders by locale."""
    from functools import cmp_to_key

    from PySide6.QtCore import QCollator, QLocale

    for name, words in expected.items():
        collator = QCollator(QLocale(name))
        got = tuple(sorted(reversed(words), key=cmp_to_key(collator.compare)))
        if got != words:
            raise SelfTestFailed(f"{name} sorts {' '.join(words)} as {' '.join(got)}")
    # The user's own locale: whatever its order, comparing mixed scripts must not fail.
    system = QCollator()
    sorted([*TYPED.split(), COMMITTED], key=cmp_to_key(system.compare))


async def check_receiving(webhooks: Webhooks, deadline: float) -> str:
    """A sample booking sent to the window's receiver (its own process) is listed."""
    import asyncio
    import json

    import httpx

    from booxi_desktop.core.webhook.receiver.delivery import event_id
    from booxi_desktop.core.webhook.samples import sample_event

    body = sample_event("single").text().encode()
    expected = event_id(json.loads(body))
    url = webhooks.start_receiving(show=False)
    if url is None:
        raise SelfTestFailed("the webhook receiver cannot listen on 127.0.0.1")
    control = webhooks.receive
    try:
        json_type = {"Content-Type": "application/json"}
        async with httpx.AsyncClient(trust_env=False, timeout=10) as client:
            answer = await client.post(url, content=body, headers=json_type)
        if answer.status_code != 200:
            raise SelfTestFailed(f"the webhook receiver answered {answer.status_code}")
        while (delivery := control.panel.model.delivery(0)) is None:
            if asyncio.get_running_loop().time() > deadline:
                raise SelfTestFailed("a webhook sent to the receiver was never listed")
            await asyncio.sleep(_POLL_S)
    finally:
        control.stop_receiving()
    if delivery.event_id != expected or delivery.summary is None:
        raise SelfTestFailed(f"the received webhook reads as event {delivery.event_id!r}")
    return "a sample booking received"


def _keychain_text(window: Window) -> str:
    import keyring

    store = window.session.key_store
    backend = type(keyring.get_keyring())
    safety = "secure" if store.keychain_available else "none usable, keys kept for the run only"
    return f"keychain {backend.__module__}.{backend.__name__} ({safety})"


async def check(window: Window, demo: DemoLink, timeout_s: float = TIMEOUT_S) -> str:
    """Every check in turn; the summary of what held, or SelfTestFailed."""
    import asyncio

    from PySide6.QtGui import QGuiApplication

    deadline = asyncio.get_running_loop().time() + timeout_s
    if QGuiApplication.desktopFileName() != APP_ID:
        raise SelfTestFailed(f"the desktop file name is {QGuiApplication.desktopFileName()!r}")
    if QGuiApplication.windowIcon().isNull():
        raise SelfTestFailed("the app icon is missing")
    if not window.isVisible():
        raise SelfTestFailed("the window is not shown")
    bar = window.load_bar
    if (bar.client_id(), bar.module_id()) != (demo.client_id, demo.module_id):
        raise SelfTestFailed("the demo ids are not filled in")
    if not bar.load_button.isEnabled():
        raise SelfTestFailed("the Load button is disabled")
    bar.load_button.click()
    await _wait_for_load(window, deadline)
    external_id, metadata = window.editor.content()
    if external_id != demo.external_id:
        raise SelfTestFailed(f"the editor shows externalId {external_id!r}, not the demo link's")
    if metadata != demo.metadata:
        raise SelfTestFailed("the editor's metadata differs from the demo link's")
    from PySide6.QtWidgets import QLineEdit

    check_text(QLineEdit())
    check_sorting()
    received = await check_receiving(window.webhooks, deadline)
    platform = QGuiApplication.platformName()
    return (
        f"booxi-desktop {__version__} on {platform}, demo link {demo.client_id}/{demo.module_id}"
        f" loaded (externalId {external_id}, {len(metadata)} metadata keys), non-Latin text"
        f" typed and sorted by locale, {received}, {_keychain_text(window)}"
    )


async def run(window: Window, demo: DemoLink, timeout_s: float = TIMEOUT_S) -> int:
    """Print one line and give the exit code."""
    try:
        summary = await check(window, demo, timeout_s)
    except SelfTestFailed as exc:
        print(f"self-test failed: {exc}", flush=True)
        return EXIT_FAILED
    except Exception as exc:  # the point is one line, whatever broke
        print(f"self-test failed: {type(exc).__name__}: {exc}", flush=True)
        return EXIT_FAILED
    finally:
        window.session.cancel()
        await window.session.aclose()
    print(f"self-test passed: {summary}", flush=True)
    sys.stdout.flush()
    return 0

"""A real booxi-desktop window in its own process, driven by one command a line on stdin.

Started by the drafts tests, offscreen, on a sandbox the test runs. It edits the way a
user does (the table's editor, the externalId field) and answers each command with one
line, ``OK {json}``, once its effect is done: the window's draft file, whether it has
unsaved edits, and the banner's text. It runs until the test kills it, or until
SIGTERM/SIGINT, handled as the app does (``BYE`` is printed after a clean stop).

Commands: ``load``, ``type KEY VALUE`` (a new row, or the value of an existing key),
``external TEXT``, ``save``, ``discard`` (reload, discarding the edits), ``undo``
(back to the server's copy), ``state``.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import threading
from pathlib import Path

import qasync
from keyring.backends.fail import Keyring as NoKeychain
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from booxi_desktop.core.regions import NORTH_AMERICA, sandbox_region
from booxi_desktop.core.remote.keychain import PartnerKeyStore
from booxi_desktop.core.storage.backups import BackupStore
from booxi_desktop.core.storage.drafts import DraftJournal
from booxi_desktop.ui.app import _until_closed
from booxi_desktop.ui.main_window import MainWindow
from booxi_desktop.ui.save.unsaved_prompt import Choice
from booxi_desktop.ui.session import Session
from booxi_desktop.ui.settings import AppSettings

CLIENT = int(os.environ["CRASH_CLIENT"])
MODULE = os.environ["CRASH_MODULE"]


async def until(condition, seconds: float = 10.0) -> None:
    async with asyncio.timeout(seconds):
        while not condition():
            await asyncio.sleep(0.01)


def loaded(window: MainWindow) -> bool:
    return window.editor.loaded is not None and not window.session.busy


def type_row(window: MainWindow, key: str, value: str) -> None:
    model = window.editor.model
    rows = [k for k, _ in model.rows()]
    if key in rows:
        row = rows.index(key)
    else:
        window.editor.add_row()  # opens the key cell's editor, as the Add row button does
        row = model.rowCount() - 1
        model.setData(model.index(row, 0), key, Qt.ItemDataRole.EditRole)
    model.setData(model.index(row, 1), value, Qt.ItemDataRole.EditRole)


async def perform(window: MainWindow, command: str, text: str) -> None:
    editor = window.editor
    if command == "load":
        window.open_link(CLIENT, MODULE)
        await until(lambda: loaded(window))
    elif command == "type":
        key, _, value = text.partition(" ")
        type_row(window, key, value)
    elif command == "external":
        editor.external_edit.selectAll()
        QTest.keyClicks(editor.external_edit, text)
    elif command == "save":
        window.saves.save()
        await until(lambda: not window.session.busy and not window.isWindowModified())
    elif command == "discard":
        window.open_link(CLIENT, MODULE)
        await until(lambda: loaded(window) and not editor.is_modified())
    elif command == "undo":
        while editor.is_modified() and window.undo_stack.canUndo():
            window.undo_stack.undo()
    elif command != "state":
        raise ValueError(f"unknown command {command!r}")


def state(window: MainWindow) -> dict[str, object]:
    key = window.drafts.current_key()
    path = window.drafts.journal.path_for(key) if key is not None else None
    return {
        "draft": str(path) if path is not None else None,
        "modified": window.editor.is_modified(),
        "banner": window.banner.text,
    }


async def commands(window: MainWindow) -> None:
    loop = asyncio.get_running_loop()
    lines: asyncio.Queue[str] = asyncio.Queue()

    def read() -> None:
        for line in sys.stdin:
            loop.call_soon_threadsafe(lines.put_nowait, line)

    threading.Thread(target=read, daemon=True).start()
    region = sandbox_region(os.environ["CRASH_BASE_URL"])
    window.add_region(region, session_key=os.environ["CRASH_KEY"], select=True)
    window.load_bar.set_ids(CLIENT, MODULE)
    print("READY", flush=True)
    while True:
        command, _, text = (await lines.get()).rstrip("\n").partition(" ")
        try:
            await perform(window, command, text)
        except Exception as exc:
            print(f"ERR {type(exc).__name__}: {exc}", flush=True)
            continue
        print(f"OK {json.dumps(state(window))}", flush=True)


async def run(window: MainWindow) -> None:
    driver = asyncio.ensure_future(commands(window))
    await _until_closed(window)
    driver.cancel()
    print("BYE", flush=True)


def review(_parent, _request, _target, proceed, _abandon) -> None:
    proceed()


def main() -> None:
    _app = QApplication(sys.argv[:1])
    drafts = Path(os.environ["CRASH_DRAFTS"])
    data = drafts.parent
    settings = AppSettings(
        QSettings(str(data / f"settings-{os.getpid()}.ini"), QSettings.Format.IniFormat)
    )
    window = MainWindow(
        Session([NORTH_AMERICA], lambda: PartnerKeyStore(backend=NoKeychain())),
        settings,
        backups=lambda: BackupStore(data / "crash-backups"),
        ask=lambda _parent, _doing: Choice.DISCARD,
        review=review,
        drafts=lambda: DraftJournal(drafts),
    )
    window.drafts.keeper._timer.setInterval(int(os.environ.get("CRASH_DELAY_MS", "50")))
    window.show()
    with asyncio.Runner(loop_factory=qasync.QEventLoop) as runner:
        runner.run(run(window))


if __name__ == "__main__":
    main()

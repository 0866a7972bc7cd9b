"""A real booxi-desktop window in its own process, edited and then left running to be killed.

Started by test_drafts_window.py: it loads the sandbox link, types edits the way a user
does (the table's editor and the externalId field), prints EDITED and keeps running
until the test sends SIGKILL.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import qasync
from keyring.backends.fail import Keyring as NoKeychain
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from booxi_desktop.core.backups import BackupStore
from booxi_desktop.core.drafts import DraftJournal
from booxi_desktop.core.keychain import PartnerKeyStore
from booxi_desktop.core.regions import NORTH_AMERICA, sandbox_region
from booxi_desktop.ui.main_window import MainWindow
from booxi_desktop.ui.session import Session
from booxi_desktop.ui.settings import AppSettings


async def run(window: MainWindow) -> None:
    region = sandbox_region(os.environ["CRASH_BASE_URL"])
    window.add_region(region, session_key=os.environ["CRASH_KEY"], select=True)
    window.load_bar.set_ids(int(os.environ["CRASH_CLIENT"]), os.environ["CRASH_MODULE"])
    window.start_load(int(os.environ["CRASH_CLIENT"]), os.environ["CRASH_MODULE"])
    while window.editor.loaded is None or window.session.busy:
        await asyncio.sleep(0.01)
    editor = window.editor
    editor.add_row()  # opens the key cell's editor, as the Add row button does
    row = editor.model.rowCount() - 1
    editor.model.setData(editor.model.index(row, 0), "crashKey", Qt.ItemDataRole.EditRole)
    editor.model.setData(
        editor.model.index(row, 1), "typed before the crash", Qt.ItemDataRole.EditRole
    )
    editor.external_edit.selectAll()
    QTest.keyClicks(editor.external_edit, "CRASH-EXT")
    print("EDITED", flush=True)
    await asyncio.Event().wait()  # until killed


def main() -> None:
    _app = QApplication(sys.argv[:1])
    data = Path(os.environ["CRASH_DRAFTS"]).parent
    settings = AppSettings(QSettings(str(data / "crash-settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(
        Session([NORTH_AMERICA], PartnerKeyStore(backend=NoKeychain())),
        settings,
        backups=BackupStore(data / "crash-backups"),
        drafts=DraftJournal(Path(os.environ["CRASH_DRAFTS"])),
    )
    window.show()
    with asyncio.Runner(loop_factory=qasync.QEventLoop) as runner:
        runner.run(run(window))


if __name__ == "__main__":
    main()

"""Screenshots of the History window and the Backups window's every-link list (demo mode).

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python scripts/screenshot_history.py OUT_DIR

Makes a few saves on the sandbox (one sent, one refused, one cancelled at the review),
then saves 01-history.png, 02-history-filtered.png, 03-backup-from-history.png and
04-backups-all-links.png. Settings, backups and the journal go to a temporary folder.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from shot_kit import run, until


async def _shoot(out: Path) -> None:
    from PySide6.QtWidgets import QApplication, QWidget

    from booxi_desktop.sandbox.server import SandboxServer
    from booxi_desktop.ui.app import build_window, parse_args, use_sandbox
    from booxi_desktop.ui.history.model import HistoryFilter
    from booxi_desktop.ui.save.review_dialog import ReviewDialog

    with SandboxServer(port=0, rate_limit=False) as sandbox:
        window = build_window(parse_args(["--demo"]))
        use_sandbox(window, sandbox)
        window.show()

        async def grab(widget: QWidget, name: str) -> None:
            await asyncio.sleep(0.3)
            QApplication.processEvents()
            widget.grab().save(str(out / name))
            print(out / name)

        async def save(value: str, *, accept: bool = True, fault: str = "") -> None:
            model = window.editor.model
            model.setData(model.index(1, 1), value)
            if fault:
                setattr(sandbox.faults, fault, 1)
            window.saves.save()
            await until(lambda: window.findChild(ReviewDialog) is not None)
            review = window.findChild(ReviewDialog)
            review.accept() if accept else review.reject()
            # The dialog deletes itself once answered; the next save opens a new one.
            await until(lambda: window.findChild(ReviewDialog) is None and not window.session.busy)

        await until(lambda: bool(window.region_bar.key_state.text()))
        window.load_bar.load_button.click()
        await until(lambda: window.editor.loaded is not None and not window.session.busy)
        await save("platinum")
        await save("silver", fault="fail_500")
        await save("bronze", accept=False)
        await save("diamond")

        window.history_action.trigger()
        history = window.history.window
        assert history is not None
        await until(lambda: not history.loading and history.model.rowCount() >= 4)
        history.table.selectRow(0)
        await grab(history, "01-history.png")
        history.set_filter(HistoryFilter(text="silver"))
        history.table.selectRow(0)
        await grab(history, "02-history-filtered.png")
        history.set_filter(HistoryFilter())
        history.table.selectRow(0)
        history.open_backup_button.click()
        backups = window.backups.dialog
        assert backups is not None
        await grab(backups, "03-backup-from-history.png")
        backups.all_links_check.setChecked(True)
        await grab(backups, "04-backups-all-links.png")
        backups.close()
        history.close()
        await window.session.aclose()
        window.close_discarding()


if __name__ == "__main__":
    sys.exit(run(_shoot))

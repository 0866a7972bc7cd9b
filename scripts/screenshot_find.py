"""Screenshots of Find client by external id and Copy as cURL in demo mode.

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python scripts/screenshot_find.py OUT_DIR

Saves find-1-results.png, find-2-nothing.png, find-3-refused.png and curl-copied.png.
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

    with SandboxServer(port=0, rate_limit=False) as sandbox:
        window = build_window(parse_args(["--demo"]))
        use_sandbox(window, sandbox)
        window.show()

        async def grab(widget: QWidget, name: str) -> None:
            await asyncio.sleep(0.3)
            QApplication.processEvents()
            widget.grab().save(str(out / name))
            print(out / name)

        window.finder.action.trigger()
        dialog = window.finder.dialog
        dialog.external_edit.setText("Y2-000517")
        dialog.find_button.click()
        await until(lambda: dialog.model.rowCount() == 1 and not window.session.busy)
        await grab(dialog, "find-1-results.png")
        dialog.external_edit.setText("NOBODY-42")
        dialog.find_button.click()
        await until(lambda: dialog.message.text().startswith("No client"))
        await grab(dialog, "find-2-nothing.png")
        dialog.module_edit.setText("cegid_y2/../x?y")
        dialog.find_button.click()
        await grab(dialog, "find-3-refused.png")
        dialog.open_button.setEnabled(False)
        dialog.close()
        window.load_bar.load_button.click()
        await until(lambda: window.editor.loaded is not None and not window.session.busy)
        window.curl.action.trigger()
        await grab(window, "curl-copied.png")
        await window.session.aclose()
        window.close_discarding()


if __name__ == "__main__":
    sys.exit(run(_shoot))

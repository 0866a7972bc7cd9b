"""Screenshots of demo mode's "Simulate a booking" followed through, for a human to look at.

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python scripts/screenshot_simulate.py OUT_DIR

Saves 01-demo-menu.png (the Demo menu open), 02-simulate-options.png (the toolbar
button's options), 03-delivered.png (the booking delivered to the window's own receiver,
seen from the Module link tab), 04-delivery-selected.png (the delivery in the Receive
panel with its findings), 05-link-opened.png (its link in the editor, a new externalId
typed) and 06-saved.png (after the save). Settings go to a temporary folder, never the
user's own.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from shot_kit import run, until


async def _shoot(out: Path) -> None:
    from PySide6.QtWidgets import QApplication, QPushButton

    from booxi_desktop.sandbox.server import SandboxServer
    from booxi_desktop.ui.app import build_window, parse_args, use_sandbox

    with SandboxServer(port=0, rate_limit=False) as sandbox:
        window = build_window(parse_args(["--demo"]))
        use_sandbox(window, sandbox)
        window.move(0, 0)
        window.show()
        assert window.demo is not None
        demo = window.demo

        async def screen(name: str) -> None:
            await asyncio.sleep(0.4)  # let the window and its popup settle and paint
            QApplication.processEvents()
            shot = QApplication.primaryScreen().grabWindow(0)
            shot.copy(window.frameGeometry()).save(str(out / name))
            print(out / name)

        await until(lambda: bool(window.region_bar.key_state.text()))
        bar = window.menuBar()
        bar.setActiveAction(demo.menu.menuAction())
        await screen("01-demo-menu.png")
        demo.menu.hide()
        options = demo.button.menu()
        options.popup(demo.button.mapToGlobal(demo.button.rect().bottomLeft()))
        await screen("02-simulate-options.png")
        options.hide()
        demo.simulate_action.trigger()
        await until(lambda: "delivered" in window.statusBar().currentMessage())
        await screen("03-delivered.png")

        window.tabs.setCurrentWidget(window.webhooks.page)
        window.webhooks.receive.panel.table.selectRow(0)
        panel = window.webhooks.show()
        await until(lambda: panel.findings is not None)
        await screen("04-delivery-selected.png")
        panel.findings_view.link_box.open_button.click()
        await until(lambda: window.editor.loaded is not None and not window.session.busy)
        window.editor.external_edit.setFocus()
        window.editor.external_edit.selectAll()
        window.editor.external_edit.insert("Y2-990001")
        await screen("05-link-opened.png")
        window.saves.save()
        await until(lambda: window.findChild(QPushButton, "reviewSaveButton") is not None)
        window.findChild(QPushButton, "reviewSaveButton").click()
        await until(lambda: not window.editor.is_modified() and not window.session.busy)
        await screen("06-saved.png")
        window.close_discarding()
        await window.session.aclose()


if __name__ == "__main__":
    sys.exit(run(_shoot))

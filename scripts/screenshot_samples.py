"""Screenshots of the sample events and the Help menu in demo mode, for a human to look at.

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python scripts/screenshot_samples.py OUT_DIR

Saves 01-inspector-empty-demo.png to 09-about.png: the empty inspector's link, the
sample chooser, each sample's findings, the keyboard shortcuts and About.
Settings, backups and drafts go to a temporary folder, never the user's own.
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
    from booxi_desktop.ui.inspector.sample_dialog import SampleEventDialog

    async def grab(widget: QWidget, name: str) -> None:
        await asyncio.sleep(0.3)  # let it settle and paint
        QApplication.processEvents()
        widget.grab().save(str(out / name))
        print(out / name)

    with SandboxServer(port=0, rate_limit=False) as sandbox:
        window = build_window(parse_args(["--demo"]))
        use_sandbox(window, sandbox)
        window.show()
        panel = window.webhooks.show()
        await until(lambda: "sample list" in panel.findings_view.crm_status.text())
        await grab(window, "01-inspector-empty-demo.png")

        panel.empty_label.linkActivated.emit("#samples")
        await until(lambda: window.findChild(SampleEventDialog) is not None)
        dialog = window.findChild(SampleEventDialog)
        await grab(dialog, "02-sample-chooser.png")
        dialog.reject()

        for number, name in enumerate(("single", "group", "new_customer", "problems"), 3):
            window.webhooks.open_sample(name)
            await until(
                lambda name=name: (
                    panel.findings is not None
                    and str(panel.findings.event_fields.get("eventId", "")).endswith(
                        {"single": "single_booking", "group": "group_reservation"}.get(name, name)
                    )
                )
            )
            await grab(window, f"0{number}-sample-{name}.png")

        window.help.shortcuts_action.trigger()
        await until(lambda: window.help.dialog is not None)
        await grab(window.help.dialog, "07-shortcuts.png")
        window.help.dialog.close()
        window.webhooks.sample_action.trigger()
        await asyncio.sleep(0.1)
        window.menuBar().setActiveAction(window.window_actions.file_menu.menuAction())
        await until(lambda: window.window_actions.file_menu.isVisible())
        await asyncio.sleep(0.3)
        QApplication.processEvents()
        QApplication.primaryScreen().grabWindow(0).save(str(out / "08-file-menu.png"))
        window.window_actions.file_menu.hide()
        for dialog in window.findChildren(SampleEventDialog):
            dialog.reject()
        window.help.about_action.trigger()
        await until(lambda: window.help.dialog is not None)
        await grab(window.help.dialog, "09-about.png")
        window.help.dialog.close()
        await window.session.aclose()
        window.close_discarding()


if __name__ == "__main__":
    sys.exit(run(_shoot))

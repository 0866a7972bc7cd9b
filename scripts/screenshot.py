"""Screenshots of the main window in demo mode, for a human to look at.

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python scripts/screenshot.py OUT_DIR \
        [--palette light|dark]

``--palette`` runs the Fusion style with its light palette or a dark one, to check that
every colour reads on both; without it the platform's own style and palette are used.

Saves 01-empty.png to 16-new-customer-in-editor.png: the editor, its dialogs, and the
webhook inspector with a group event, an invalid one and the CRM check.
Settings, backups and drafts go to a temporary folder, never the user's own.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shot_kit import run, until

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from booxi_desktop.sandbox.server import SandboxServer
    from booxi_desktop.ui.main_window import MainWindow


async def _shoot(out: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from booxi_desktop.sandbox.server import SandboxServer
    from booxi_desktop.ui.app import build_window, parse_args, use_sandbox

    with SandboxServer(port=0, rate_limit=False) as sandbox:
        window = build_window(parse_args(["--demo"]))
        use_sandbox(window, sandbox)
        window.show()

        async def grab(name: str) -> None:
            await asyncio.sleep(0.3)  # let the window settle and paint
            QApplication.processEvents()
            window.grab().save(str(out / name))
            print(out / name)

        await until(lambda: bool(window.region_bar.key_state.text()))
        await grab("01-empty.png")

        window.load_bar.load_button.click()
        await until(lambda: window.editor.loaded is not None and not window.session.busy)
        model = window.editor.model
        model.setData(model.index(1, 1), "platinum")
        window.editor.table.setCurrentIndex(model.index(1, 1))
        await grab("02-loaded.png")

        model.setData(model.index(2, 0), model.rows()[0][0])
        await grab("03-validation-error.png")

        window.undo_stack.undo()
        sandbox.faults.fail_500 = 1
        window.saves.save()
        from booxi_desktop.ui.save.review_dialog import ReviewDialog

        await until(lambda: window.findChild(ReviewDialog) is not None)
        window.findChild(ReviewDialog).accept()
        await until(lambda: window.banner.isVisible() and not window.session.busy)
        await grab("04-server-error.png")

        window.open_key_dialog()
        from booxi_desktop.ui.keys.key_dialog import KeyDialog

        # In demo mode the keychain opens first, off the UI thread: the dialog follows.
        await until(lambda: any(d.isVisible() for d in window.findChildren(KeyDialog)))
        dialog = next(d for d in window.findChildren(KeyDialog) if d.isVisible())
        dialog.key_edit.setText("typed-key-stays-masked")
        await asyncio.sleep(0.3)
        dialog.grab().save(str(out / "05-key-dialog.png"))
        print(out / "05-key-dialog.png")
        dialog.reject()
        await _more(window, sandbox, out)

        await window.session.aclose()
        window.close_discarding()


async def _dialog_shot(window: MainWindow, kind: type, out: Path, name: str) -> Any:
    from PySide6.QtWidgets import QApplication

    await until(lambda: any(d.isVisible() for d in window.findChildren(kind)))
    dialog = next(d for d in window.findChildren(kind) if d.isVisible())
    await asyncio.sleep(0.3)
    QApplication.processEvents()
    dialog.grab().save(str(out / name))
    print(out / name)
    return dialog


async def _more(window: MainWindow, sandbox: SandboxServer, out: Path) -> None:
    """The review, conflict, backups and draft dialogs, and the webhook inspector."""
    import json

    from PySide6.QtWidgets import QApplication

    from booxi_desktop.ui.backups.window import BackupsWindow
    from booxi_desktop.ui.drafts.restore_dialog import DraftRestoreDialog
    from booxi_desktop.ui.save.conflict_dialog import ConflictDialog
    from booxi_desktop.ui.save.review_dialog import ReviewDialog

    banner_shown = window.banner.isVisible
    editor = window.editor
    editor.select_rows([2])
    editor.remove_selected()
    window.saves.save()
    review = await _dialog_shot(window, ReviewDialog, out, "06-review.png")
    review.accept()
    await until(lambda: not window.session.busy and not window.isWindowModified())

    editor.model.setData(editor.model.index(0, 1), "mine")
    sandbox.put_link_direct(
        sandbox.demo_client_id, sandbox.demo_module_id, "Y2-000481", {"y2CustomerId": "theirs"}
    )
    window.saves.save()
    review = await _dialog_shot(window, ReviewDialog, out, "07-review-before-conflict.png")
    review.accept()
    conflict = await _dialog_shot(window, ConflictDialog, out, "08-conflict.png")
    conflict.reapply_button.click()
    await until(lambda: window.isWindowModified() and not banner_shown())
    window.saves.save()
    review = await _dialog_shot(window, ReviewDialog, out, "09-review-reapplied.png")
    review.accept()
    await until(lambda: not window.session.busy and not window.isWindowModified())

    window.backups.open()
    backups = await _dialog_shot(window, BackupsWindow, out, "10-backups.png")
    backups.close()

    window.webhooks.show()
    panel = window.webhooks.panel()
    event = sandbox.sample_webhook_event(group=True)
    panel.load_text(json.dumps(event, indent=2))
    await until(lambda: panel.findings is not None)
    await asyncio.sleep(0.5)
    QApplication.processEvents()
    window.grab().save(str(out / "11-webhook-group.png"))
    print(out / "11-webhook-group.png")
    broken = json.dumps(event, indent=2).replace('"clientLinks": [', '"clientLinks": [,', 1)
    panel.load_text(broken)
    await asyncio.sleep(0.8)
    QApplication.processEvents()
    window.grab().save(str(out / "12-webhook-invalid.png"))
    print(out / "12-webhook-invalid.png")

    window.tabs.setCurrentWidget(window.link_page)
    editor.model.setData(editor.model.index(0, 1), "unsaved, then a crash")
    await asyncio.sleep(0.1)  # the draft is scheduled once the edit has settled
    window.drafts.flush()
    window.drafts._ours.clear()  # as if these edits were left by an earlier run
    window.drafts.journal.release()  # ... whose window is gone, so no lock holds them
    window.drafts.offer_restore()
    drafts = await _dialog_shot(window, DraftRestoreDialog, out, "13-draft-restore.png")
    drafts.reject()
    window.undo_stack.undo()
    await _crm_check(window, sandbox, out)


async def _crm_check(window: MainWindow, sandbox: SandboxServer, out: Path) -> None:
    """Booxi's CRM recipe: a returning customer, then a new one opened in the editor."""
    import json

    from PySide6.QtWidgets import QApplication

    panel = window.webhooks.panel()
    window.webhooks.show()
    event = sandbox.sample_webhook_event()
    link = event["eventContent"]["clientLinks"][0]
    panel.load_crm_ids_text(f"CRM-0001\n{link['externalId']}\n", source="crm.csv")
    await until(lambda: "crm.csv" in panel.findings_view.crm_status.text())
    panel.load_text(json.dumps(event, indent=2))
    await until(lambda: panel.findings is not None and panel.findings.match is not None)
    await asyncio.sleep(0.3)
    QApplication.processEvents()
    window.grab().save(str(out / "14-webhook-returning.png"))
    print(out / "14-webhook-returning.png")
    link["externalId"] = ""
    panel.load_text(json.dumps(event, indent=2))
    await until(
        lambda: bool(panel.findings and "missing_external_id" in panel.findings.problem_codes)
    )
    await asyncio.sleep(0.3)
    QApplication.processEvents()
    window.grab().save(str(out / "15-webhook-new-customer.png"))
    print(out / "15-webhook-new-customer.png")
    panel.findings_view.link_box.set_external_button.click()
    await until(lambda: window.editor.loaded is not None and not window.session.busy)
    await asyncio.sleep(0.3)
    QApplication.processEvents()
    window.grab().save(str(out / "16-new-customer-in-editor.png"))
    print(out / "16-new-customer-in-editor.png")


def _dark_palette() -> Any:
    """A dark Fusion palette, as a system running a dark theme gives one."""
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    for name, color in (
        (role.Window, "#2b2b2b"),
        (role.WindowText, "#e8e8e8"),
        (role.Base, "#1e1e1e"),
        (role.AlternateBase, "#262626"),
        (role.ToolTipBase, "#3a3a3a"),
        (role.ToolTipText, "#e8e8e8"),
        (role.PlaceholderText, "#8c8c8c"),
        (role.Text, "#e8e8e8"),
        (role.Button, "#353535"),
        (role.ButtonText, "#e8e8e8"),
        (role.BrightText, "#ff5252"),
        (role.Link, "#8ab4f8"),
        (role.LinkVisited, "#c58af9"),
        (role.Highlight, "#3d6fb4"),
        (role.HighlightedText, "#ffffff"),
        (role.Light, "#505050"),
        (role.Midlight, "#404040"),
        (role.Mid, "#303030"),
        (role.Dark, "#1a1a1a"),
        (role.Shadow, "#000000"),
    ):
        palette.setColor(name, QColor(color))
    for name in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(group.Disabled, name, QColor("#7a7a7a"))
    return palette


def main() -> int:
    args = sys.argv[1:]
    palette = None
    if "--palette" in args:
        at = args.index("--palette")
        palette = args[at + 1]
        del args[at : at + 2]
        if palette not in ("light", "dark"):
            raise SystemExit("--palette is light or dark")

    def style(app: QApplication) -> None:
        if palette is not None:
            app.setStyle("Fusion")
            app.setPalette(_dark_palette() if palette == "dark" else app.style().standardPalette())

    return run(_shoot, args, style)


if __name__ == "__main__":
    sys.exit(main())

"""Screenshots of the main window in demo mode, for a human to look at.

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python scripts/screenshot.py OUT_DIR

Saves 01-empty.png, 02-loaded.png, 03-validation-error.png, 04-server-error.png and
05-key-dialog.png.
Settings, backups and drafts go to a temporary folder, never the user's own.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path


async def _until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise TimeoutError("the window did not reach the expected state")
        await asyncio.sleep(0.02)


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

        await _until(lambda: bool(window.region_bar.key_state.text()))
        await grab("01-empty.png")

        window.load_bar.load_button.click()
        await _until(lambda: window.editor.loaded is not None and not window.session.busy)
        model = window.editor.model
        model.setData(model.index(1, 1), "platinum")
        window.editor.table.setCurrentIndex(model.index(1, 1))
        await grab("02-loaded.png")

        model.setData(model.index(2, 0), model.rows()[0][0])
        await grab("03-validation-error.png")

        window.undo_stack.undo()
        sandbox.faults.fail_500 = 1
        window.save()
        await _until(lambda: window.banner.isVisible() and not window.session.busy)
        await grab("04-server-error.png")

        window.open_key_dialog()
        dialog = window._key_dialog
        assert dialog is not None
        dialog.key_edit.setText("typed-key-stays-masked")
        await asyncio.sleep(0.3)
        dialog.grab().save(str(out / "05-key-dialog.png"))
        print(out / "05-key-dialog.png")
        dialog.reject()

        await window.session.aclose()
        window._close_approved = True
        window.close()


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)
    scratch = tempfile.mkdtemp(prefix="booxi-shots-")
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        os.environ[var] = str(Path(scratch) / var.lower())

    import qasync
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    app.setApplicationName("booxi-desktop")
    app.setOrganizationName("booxi-desktop")
    with asyncio.Runner(loop_factory=qasync.QEventLoop) as runner:
        runner.run(_shoot(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())

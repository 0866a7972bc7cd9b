"""Screenshots of demo mode's "Simulate a booking", for a human to look at.

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python scripts/screenshot_simulate.py OUT_DIR

Saves 01-demo-menu.png (the Demo menu open), 02-simulate-options.png (the toolbar
button's options) and 03-delivered.png (the status bar after a delivery to a loopback
endpoint started here). Settings go to a temporary folder, never the user's own.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any


class _Endpoint(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        return


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

    endpoint = HTTPServer(("127.0.0.1", 0), _Endpoint)
    threading.Thread(target=endpoint.serve_forever, daemon=True).start()
    with SandboxServer(port=0, rate_limit=False) as sandbox:
        sandbox.register_webhook(f"http://127.0.0.1:{endpoint.server_address[1]}/hooks/booxi")
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

        await _until(lambda: bool(window.region_bar.key_state.text()))
        bar = window.menuBar()
        bar.setActiveAction(demo.menu.menuAction())
        await screen("01-demo-menu.png")
        demo.menu.hide()
        options = demo.button.menu()
        options.popup(demo.button.mapToGlobal(demo.button.rect().bottomLeft()))
        await screen("02-simulate-options.png")
        options.hide()
        demo.simulate_action.trigger()
        await _until(lambda: "delivered" in window.statusBar().currentMessage())
        await screen("03-delivered.png")
        window.close_discarding()
        await window.session.aclose()
    endpoint.shutdown()


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
    with asyncio.Runner(loop_factory=qasync.QEventLoop) as runner:
        runner.run(_shoot(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())

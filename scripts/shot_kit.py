"""What the screenshot scripts share: waiting on the window, and running a shoot in a
throwaway profile (settings, data and backups in a temporary folder, never the user's own).

Imported from beside them (``python scripts/screenshot_….py OUT_DIR``), not installed.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication


async def until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise TimeoutError("the window did not reach the expected state")
        await asyncio.sleep(0.02)


def run(
    shoot: Callable[[Path], Awaitable[None]],
    args: list[str] | None = None,
    style: Callable[[QApplication], None] | None = None,
) -> int:
    """Run ``shoot(out)`` on the qasync loop; ``out`` is the first argument (or screenshots/)."""
    args = sys.argv[1:] if args is None else args
    out = Path(args[0] if args else "screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)
    scratch = tempfile.mkdtemp(prefix="booxi-shots-")
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        os.environ[var] = str(Path(scratch) / var.lower())

    import qasync  # after PySide6: qasync binds to the first Qt binding imported
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    app.setApplicationName("booxi-desktop")
    app.setOrganizationName("booxi-desktop")
    if style is not None:
        style(app)
    with asyncio.Runner(loop_factory=qasync.QEventLoop) as runner:
        runner.run(shoot(out))
    return 0

"""Screenshots of the inspector's Receive panel with live deliveries, for a human to look at.

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python scripts/screenshot_receive.py OUT_DIR

Saves receive-1-listening.png (deliveries listed, one selected) and receive-2-replayed.png.
Settings go to a temporary folder, never the user's own.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication
from shot_kit import run, until


async def _shoot(out: Path) -> None:
    import httpx

    from booxi_desktop.core.webhook.samples import SAMPLE_MODULE, sample_event
    from booxi_desktop.ui.app import build_window, parse_args

    window = build_window(parse_args([]))
    window.resize(1280, 800)
    window.show()
    window.load_bar.module_edit.setEditText(SAMPLE_MODULE)
    url = window.webhooks.start_receiving()
    assert url is not None
    control = window.webhooks.receive
    async with httpx.AsyncClient(trust_env=False) as client:
        for name in ("single", "group", "single", "new_customer", "problems"):
            body = sample_event(name).text().encode()
            await client.post(
                url + "webhooks/booxi",
                content=body,
                headers={"Content-Type": "application/json", "X-Request-Id": f"req-{name}"},
            )
        await client.put(
            url, content=b'{"eventId": "broken", ', headers={"Content-Type": "application/json"}
        )
        await client.post(url, content=b"hello", headers={"Content-Type": "text/plain"})
        await client.post(
            url, content=json.dumps({"x": 1}).encode(), headers={"X-Pad": "a" * 70_000}
        )
    await until(lambda: control.panel.model.rowCount() == 8)
    panel = window.webhooks.panel()
    control.panel.table.selectRow(1)
    await until(lambda: panel.findings is not None)
    await asyncio.sleep(0.5)
    QApplication.processEvents()
    window.grab().save(str(out / "receive-1-listening.png"))
    print(out / "receive-1-listening.png")
    control.panel.replay_url.setText(url + "replayed")
    control.panel.replay_button.click()
    await until(lambda: control.panel.replay_result.text().startswith("Answered"))
    await asyncio.sleep(0.3)
    QApplication.processEvents()
    window.grab().save(str(out / "receive-2-replayed.png"))
    print(out / "receive-2-replayed.png")
    control.stop_receiving()
    window.close()


if __name__ == "__main__":
    sys.exit(run(_shoot))

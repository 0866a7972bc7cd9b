"""Builds a shown webhook panel and feeds it payloads, waiting on its own signals."""

from __future__ import annotations

import json
from typing import Any

from booxi_desktop.ui.inspector.panel import WebhookPanel
from tests import WEBHOOKS

MODULE = "cegid_y2"
WAIT_MS = 10_000


def sample(name: str) -> str:
    return (WEBHOOKS / name).read_text(encoding="utf-8")


def make_panel(qtbot: Any, **kwargs: Any) -> WebhookPanel:
    panel = WebhookPanel(**kwargs)
    qtbot.addWidget(panel)
    panel.resize(1200, 800)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def load_text(qtbot: Any, panel: WebhookPanel, text: str) -> None:
    with qtbot.waitSignal(panel.parsed, timeout=WAIT_MS):
        panel.load_text(text)


def set_context(qtbot: Any, panel: WebhookPanel, module: str | None, client: int | None) -> None:
    with qtbot.waitSignal(panel.parsed, timeout=WAIT_MS):
        panel.set_context(module, client)


def tree_rows(panel: WebhookPanel) -> list[str]:
    model = panel.tree.model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def big_event(links: int = 8000) -> str:
    """About 100,000 values: a group event with a very long clientLinks array."""
    return json.dumps(
        {
            "eventId": "evt_big",
            "eventContent": {
                "clientLinks": [
                    {
                        "moduleId": MODULE,
                        "clientId": 5_000_000 + i,
                        "externalId": f"Y2-{i:09d}",
                        "metadata": {"loyaltyTier": "member", "n": str(i)},
                        "createdOn": "2024-02-11T14:03:27Z",
                        "modifiedOn": "2024-05-02T09:41:00Z",
                    }
                    for i in range(links)
                ]
            },
        },
        indent=1,
    )

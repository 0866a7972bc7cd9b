"""What the payload box holds, as one state, through each way a payload comes in."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from booxi_desktop.core.webhook.payload import SHOW_TEXT_LIMIT
from booxi_desktop.ui.inspector.panel import InputState
from tests.ui.webhook_panel_helpers import WAIT_MS, load_text, make_panel, sample

pytestmark = pytest.mark.usefixtures("qloop")


def large_text() -> str:
    event = json.loads(sample("booking_single_client.json"))
    event["eventContent"]["history"] = ["x" * 100] * (SHOW_TEXT_LIMIT // 100)
    return json.dumps(event)


def test_text_small_enough_is_shown_as_given(qtbot) -> None:
    panel = make_panel(qtbot)
    assert panel.input_state is InputState.EMPTY
    load_text(qtbot, panel, sample("booking_single_client.json"))
    assert panel.input_state is InputState.TEXT


def test_text_too_large_keeps_the_box_until_it_is_read_then_says_so(qtbot) -> None:
    panel = make_panel(qtbot)
    load_text(qtbot, panel, sample("booking_single_client.json"))
    with qtbot.waitSignal(panel.parsed, timeout=WAIT_MS):
        panel.load_text(large_text())
        assert panel.input_state is InputState.TEXT_TOO_LARGE
        assert panel.input.text() != ""  # the previous payload's text, until this one is read
    assert panel.input_state is InputState.SUMMARISED
    assert panel.input.text() == ""


def test_bytes_get_their_text_with_the_results(qtbot) -> None:
    panel = make_panel(qtbot)
    data = sample("booking_single_client.json").encode()
    with qtbot.waitSignal(panel.parsed, timeout=WAIT_MS):
        panel.load_bytes(data)
        assert panel.input_state is InputState.BYTES
    assert panel.input_state is InputState.TEXT
    assert panel.input.text() == data.decode()


def test_clearing_empties_the_state(qtbot) -> None:
    panel = make_panel(qtbot)
    load_text(qtbot, panel, sample("booking_single_client.json"))
    qtbot.mouseClick(panel.input.clear_button, Qt.MouseButton.LeftButton)
    assert panel.input_state is InputState.EMPTY

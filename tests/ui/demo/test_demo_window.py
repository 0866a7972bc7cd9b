"""Demo mode's "Simulate a booking": shown only in demo mode, delivered, never blocking."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolButton

from tests.sandbox.webhook_recorder import Recorder, recorder
from tests.ui.help.test_help_menu import menu_actions


@pytest.fixture
def hook(sandbox) -> Iterator[Recorder]:
    with recorder() as server:
        sandbox.register_webhook(server.url)
        yield server


def status(window) -> str:
    return window.statusBar().currentMessage()


def test_the_action_is_there_only_in_demo_mode(started) -> None:
    plain = started(demo=False)
    assert plain.findChild(QAction, "simulateBookingAction") is None
    assert plain.findChild(QToolButton, "simulateBookingButton") is None
    assert "Demo" not in [a.text().replace("&", "") for a in plain.menuBar().actions()]

    window = started()
    action = window.findChild(QAction, "simulateBookingAction")
    assert action is not None
    assert action in menu_actions(window)
    menus = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert menus.index("Demo") == menus.index("Help") - 1
    button = window.findChild(QToolButton, "simulateBookingButton")
    assert button.isVisible()
    assert button.accessibleName() == "Simulate a booking"
    assert button.toolTip()
    assert len(button.menu().actions()) == 5
    window.enable_simulation(lambda **options: None)  # type: ignore[arg-type,return-value]
    assert len(window.findChildren(QToolButton, "simulateBookingButton")) == 1
    assert [a.text() for a in window.menuBar().actions()].count("&Demo") == 1


def test_every_demo_entry_has_a_name_a_tooltip_and_no_shortcut_clash(started) -> None:
    window = started()
    entries = window.demo.menu.actions()
    assert len([a for a in entries if not a.isSeparator()]) == 5
    for action in entries:
        if not action.isSeparator():
            assert action.objectName().startswith("simulate")
            assert action.toolTip() not in ("", action.text().replace("&", ""))
    keys = [k.toString() for a in menu_actions(window) for k in a.shortcuts() if not k.isEmpty()]
    assert len(keys) == len(set(keys)), keys


def test_simulate_delivers_to_the_registered_endpoint(qtbot, started, sandbox, hook) -> None:
    window = started()
    window.demo.simulate_action.trigger()
    qtbot.waitUntil(lambda: "delivered" in status(window))
    (arrival,) = hook.snapshot()
    event = arrival.json()
    booking = event["eventContent"]["bookingId"]
    assert status(window) == f"Booking {booking} delivered to 1 endpoint."
    assert {link["clientId"] for link in event["eventContent"]["clientLinks"]} == {
        sandbox.demo_client_id
    }
    assert sandbox.demo_key not in str(arrival.headers) + arrival.body.decode()


def test_the_options_reach_the_sandbox(qtbot, started, hook) -> None:
    window = started()
    window.findChild(QAction, "simulateDuplicateAction").trigger()
    qtbot.waitUntil(lambda: "twice" in status(window))
    first, second = hook.snapshot()
    assert first.json()["eventId"] == second.json()["eventId"]
    window.findChild(QAction, "simulateGroupAction").trigger()
    qtbot.waitUntil(lambda: "Group booking" in status(window) and len(hook.snapshot()) == 3)
    assert len(hook.snapshot()[2].json()["eventContent"]["clients"]) == 3
    window.findChild(QAction, "simulateMalformedLinkAction").trigger()
    qtbot.waitUntil(lambda: "malformed link delivered" in status(window))


def test_the_window_stays_responsive_while_the_endpoint_holds_its_answer(
    qtbot, started, hook
) -> None:
    window = started()
    hook.release.clear()
    window.demo.simulate_action.trigger()
    # The trigger has returned while the endpoint has not answered (it may not even have
    # been reached yet): the window keeps processing events meanwhile.
    assert status(window) == "Simulating booking…"
    qtbot.waitUntil(lambda: len(hook.snapshot()) == 1)
    edit = window.load_bar.client_edit
    edit.clear()
    qtbot.keyClicks(edit, "42")
    assert edit.text() == "42"
    assert window.demo.running == 1
    assert status(window) == "Simulating booking…"
    hook.release.set()
    qtbot.waitUntil(lambda: "delivered to 1 endpoint" in status(window))
    assert window.demo.running == 0


def test_without_a_registered_endpoint_the_status_says_to_start_receiving(qtbot, started) -> None:
    window = started()
    window.demo.simulate_action.trigger()
    qtbot.waitUntil(lambda: "No webhook endpoint registered" in status(window))


def test_an_unreachable_endpoint_is_reported(qtbot, started, sandbox) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    sandbox.register_webhook(f"http://127.0.0.1:{port}/gone")
    window = started()
    window.demo.simulate_action.trigger()
    qtbot.waitUntil(lambda: "did not take it" in status(window))
    assert "connection refused" in status(window)

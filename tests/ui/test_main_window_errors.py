"""Each failure of a load or save ends in a message that says what to do; edits are kept."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from booxi_desktop.sandbox.seed import ACME_ONLY_KEY
from booxi_desktop.ui.keys.key_dialog import KeyDialog
from tests.ui.window_helpers import idle, load, server_rows


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def failed_load(qtbot, window) -> str:
    click(qtbot, window.load_bar.load_button)
    qtbot.waitUntil(lambda: window.banner.isVisible() and not window.session.busy)
    assert window.editor.loaded is None
    return window.banner.text


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        ("fail_500", "server failed (500)"),
        ("drop_connection", "Could not reach"),
        ("malformed_json", "not valid JSON"),
    ],
)
def test_load_failure_offers_retry_which_then_works(qtbot, make_window, sandbox, fault, expected):
    window = make_window()
    setattr(sandbox.faults, fault, 1)
    text = failed_load(qtbot, window)
    assert expected in text
    retry = window.banner.action_button
    assert retry.isVisible()
    assert retry.isEnabled()
    assert retry.text() == "Retry"
    click(qtbot, retry)
    qtbot.waitUntil(lambda: window.editor.loaded is not None)
    assert not window.banner.isVisible()
    assert window.editor.model.rows() == server_rows(sandbox)


def test_rate_limited_says_how_long_to_wait_and_retry_waits_too(qtbot, make_window, sandbox):
    window = make_window()
    sandbox.faults.fail_429 = 1
    text = failed_load(qtbot, window)
    assert "wait 2 seconds" in text
    retry = window.banner.action_button
    assert not retry.isEnabled()
    qtbot.waitUntil(retry.isEnabled, timeout=4000)
    click(qtbot, retry)
    qtbot.waitUntil(lambda: window.editor.loaded is not None)


def test_timeout_is_reported_with_retry(qtbot, make_window, sandbox):
    window = make_window(timeout=0.3)
    sandbox.faults.latency_s = 1.0
    text = failed_load(qtbot, window)
    assert "did not answer in time" in text
    assert window.banner.action_button.text() == "Retry"


def test_cancel_stops_a_slow_load(qtbot, make_window, sandbox):
    window = make_window()
    sandbox.faults.latency_s = 3.0
    click(qtbot, window.load_bar.load_button)
    cancel = window.findChild(object, "cancelButton")
    assert cancel.isEnabled()
    click(qtbot, cancel)
    qtbot.waitUntil(lambda: not window.session.busy, timeout=1000)
    assert "cancelled" in window.banner.text
    assert window.editor.loaded is None
    assert not cancel.isEnabled()
    assert window.load_bar.load_button.isEnabled()


def test_wrong_key_says_so_and_offers_the_key_dialog(qtbot, make_window):
    window = make_window(key="not-a-real-key")
    text = failed_load(qtbot, window)
    assert "401" in text
    assert "not-a-real-key" not in text
    button = window.banner.action_button
    assert button.text() == "Enter partner key…"
    click(qtbot, button)
    dialog = window.findChild(KeyDialog)
    assert dialog is not None
    assert dialog.isVisible()
    dialog.key_edit.setText(window_sandbox_key(window))
    click(qtbot, dialog.save_button)
    click(qtbot, window.load_bar.load_button)
    qtbot.waitUntil(lambda: window.editor.loaded is not None)


def window_sandbox_key(window) -> str:
    from booxi_desktop.sandbox.seed import DEMO_KEY

    return DEMO_KEY


def test_no_key_at_all_asks_for_one(qtbot, make_window, sandbox):
    window = make_window(key=None)
    qtbot.waitUntil(lambda: "No key" in window.region_bar.key_state.text())
    text = failed_load(qtbot, window)
    assert "No partner key" in text
    assert window.banner.action_button.text() == "Enter partner key…"
    assert sandbox.request_log == []


def test_key_without_the_module_is_forbidden(qtbot, make_window):
    window = make_window(key=ACME_ONLY_KEY)
    text = failed_load(qtbot, window)
    assert "403" in text
    assert "not authorised for this module" in text


def test_hostile_module_id_reaches_no_other_resource(qtbot, make_window, sandbox):
    window = make_window()
    before = {m: sandbox.get_link(sandbox.demo_client_id, m) for m in ("cegid_y2", "acme_crm")}
    window.load_bar.set_ids(sandbox.demo_client_id, "../x")
    text = failed_load(qtbot, window)
    assert "failed" in text
    paths = [entry[1] for entry in sandbox.request_log]
    assert paths == [f"/booking/v1/client/{sandbox.demo_client_id}/moduleLink/..%2Fx"]
    after = {m: sandbox.get_link(sandbox.demo_client_id, m) for m in ("cegid_y2", "acme_crm")}
    assert after == before


def edited(qtbot, make_window, **options):
    window = make_window(**options)
    load(qtbot, window)
    model = window.editor.model
    model.setData(model.index(0, 1), "mine")
    return window


def failed_save(qtbot, window) -> str:
    click(qtbot, window.editor.save_button)
    qtbot.waitUntil(lambda: window.banner.isVisible() and not window.session.busy)
    assert window.editor.model.rows()[0][1] == "mine"
    assert window.isWindowModified()
    return window.banner.text


def test_save_failure_keeps_the_edits_and_retry_saves(qtbot, make_window, sandbox):
    window = edited(qtbot, make_window)
    original = server_rows(sandbox)
    sandbox.faults.fail_500 = 1
    text = failed_save(qtbot, window)
    assert "Saving failed" in text
    assert "500" in text
    assert server_rows(sandbox) == original
    click(qtbot, window.banner.action_button)
    qtbot.waitUntil(lambda: server_rows(sandbox)[0][1] == "mine")
    idle(qtbot, window)
    assert not window.isWindowModified()


def test_save_with_a_refused_key_offers_the_key_dialog(qtbot, make_window, sandbox):
    window = edited(qtbot, make_window)
    window.session.set_key("sandbox", "revoked-key", session_only=True)
    text = failed_save(qtbot, window)
    assert "401" in text
    assert window.banner.action_button.text() == "Enter partner key…"
    assert server_rows(sandbox)[0][1] != "mine"


def test_save_after_someone_else_changed_the_link_sends_nothing(qtbot, make_window, sandbox):
    window = edited(qtbot, make_window)
    sandbox.put_link_direct(
        sandbox.demo_client_id, sandbox.demo_module_id, "other", {"theirs": "yes"}
    )
    text = failed_save(qtbot, window)
    assert "changed on the server" in text
    assert server_rows(sandbox) == [("theirs", "yes")]
    assert not [e for e in sandbox.request_log if e[0] == "PUT"]


def test_cancel_a_slow_save_keeps_the_edits(qtbot, make_window, sandbox):
    window = edited(qtbot, make_window)
    sandbox.faults.latency_s = 3.0
    click(qtbot, window.editor.save_button)
    assert window.session.busy
    click(qtbot, window.load_bar.cancel_button)
    qtbot.waitUntil(lambda: not window.session.busy, timeout=1000)
    assert "cancelled" in window.banner.text
    assert window.editor.model.rows()[0][1] == "mine"
    assert window.isWindowModified()

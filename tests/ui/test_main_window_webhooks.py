"""The webhook inspector tab acting on the editor, against a live sandbox."""

from __future__ import annotations

import json

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QWidget

from booxi_desktop.ui.inspector import controller as inspector_controller
from booxi_desktop.ui.inspector.receive.panel import ReceivePanel
from tests.ui.webhook_panel_helpers import WAIT_MS
from tests.ui.window_helpers import load


class PaintCounter(QObject):
    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def inspect(qtbot, window, payload: dict):
    panel = window.webhooks.show()
    with qtbot.waitSignal(panel.parsed, timeout=WAIT_MS):
        panel.load_text(json.dumps(payload))
    return panel


def click(button) -> None:
    # click(), not a synthetic mouse event: in the window the findings pane may be
    # scrolled so that a button's centre lies outside the viewport.
    assert button.isVisible(), button.objectName()
    assert button.isEnabled(), button.objectName()
    button.click()


def test_the_inspector_is_built_ahead_once_the_window_is_idle_and_receives_nothing(
    qtbot, make_window
):
    window = make_window()
    assert window.webhooks.panel_if_built is None  # not before the first paint
    qtbot.waitUntil(lambda: window.webhooks.panel_if_built is not None, timeout=5000)
    assert window.tabs.currentWidget() is window.link_page
    assert window.tabs.tabText(1) == "Webhook inspector"
    assert window.webhooks.receive.receiver is None
    window.tabs.setCurrentIndex(1)
    assert window.webhooks.panel_if_built.isVisible()


def test_the_inspector_opened_before_it_is_built_ahead_comes_in_two_painted_turns(
    qtbot, make_window, monkeypatch
):
    monkeypatch.setattr(inspector_controller, "QUIET_MS", 60_000)
    window = make_window()
    webhooks = window.webhooks
    window.tabs.setCurrentIndex(1)
    assert webhooks.panel_if_built is None
    receive_panel = window.findChild(ReceivePanel)
    assert receive_panel is not None
    paints = PaintCounter(receive_panel)
    painted_before_build = []
    build = webhooks.panel

    def panel():
        if webhooks.panel_if_built is None:
            painted_before_build.append(paints.count)
        return build()

    monkeypatch.setattr(webhooks, "panel", panel)
    with qtbot.waitSignal(webhooks.shown, timeout=WAIT_MS):
        pass
    assert len(painted_before_build) == 1
    assert painted_before_build[0] >= 1
    assert webhooks.panel_if_built is not None
    assert webhooks.panel_if_built.isVisible()
    # Shown again: the panel is there at once, and the signal comes with its paint.
    window.tabs.setCurrentIndex(0)
    with qtbot.waitSignal(webhooks.shown, timeout=WAIT_MS):
        window.tabs.setCurrentIndex(1)
    assert len(painted_before_build) == 1  # not built again


def test_leaving_the_inspector_before_its_second_turn_builds_it_once_shown_again(
    qtbot, make_window, monkeypatch
):
    monkeypatch.setattr(inspector_controller, "QUIET_MS", 60_000)
    window = make_window()
    webhooks = window.webhooks
    shown = []
    webhooks.shown.connect(lambda: shown.append(webhooks.panel_if_built))
    window.tabs.setCurrentIndex(1)
    window.tabs.setCurrentIndex(0)  # before the Receive half could paint
    qtbot.wait(100)
    assert webhooks.panel_if_built is None
    assert shown == []
    window.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=WAIT_MS)
    qtbot.wait(100)
    assert shown == [webhooks.panel_if_built]


def test_the_inspector_is_built_ahead_only_once_no_request_ran_for_a_while(
    qtbot, make_window, sandbox, monkeypatch
):
    monkeypatch.setattr(inspector_controller, "QUIET_MS", 200)
    window = make_window()
    sandbox.faults.latency_s = 0.6
    window.load_bar.load_button.click()
    assert window.session.busy
    window.webhooks.build_ahead()
    qtbot.wait(400)  # longer than the quiet time, but a request runs
    assert window.webhooks.panel_if_built is None
    qtbot.waitUntil(lambda: not window.session.busy, timeout=5000)
    assert window.webhooks.panel_if_built is None  # the quiet time starts over
    qtbot.waitUntil(lambda: window.webhooks.panel_if_built is not None, timeout=2000)
    assert window.tabs.currentWidget() is window.link_page


def test_the_module_id_of_the_window_picks_the_link(qtbot, make_window, sandbox):
    window = make_window()
    panel = inspect(qtbot, window, sandbox.sample_webhook_event())
    assert panel.module_id == sandbox.demo_module_id
    match = panel.findings.match
    assert match is not None
    assert match.module_id == sandbox.demo_module_id


def test_open_in_editor_loads_the_found_link(qtbot, make_window, sandbox):
    window = make_window()
    event = sandbox.sample_webhook_event()
    panel = inspect(qtbot, window, event)
    found = panel.findings.match
    click(panel.findings_view.link_box.open_button)
    qtbot.waitUntil(lambda: window.editor.loaded is not None and not window.session.busy)
    assert window.tabs.currentWidget() is window.link_page
    loaded = window.editor.loaded.link
    assert (loaded.client_id, loaded.module_id) == (found.client_id, found.module_id)


def test_a_new_customer_opens_with_the_external_id_focused(qtbot, make_window, sandbox):
    window = make_window()
    panel = inspect(qtbot, window, sandbox.sample_webhook_event())
    with qtbot.waitSignal(panel.parsed, timeout=WAIT_MS):
        panel.load_crm_ids_text("SOMEONE-ELSE\n")
    box = panel.findings_view.link_box
    assert "New customer" in box.crm_label.text()
    click(box.set_external_button)
    qtbot.waitUntil(lambda: window.editor.loaded is not None and not window.session.busy)
    qtbot.waitUntil(lambda: window.editor.external_edit.hasFocus())
    assert "set the externalId" in window.statusBar().currentMessage()


def test_use_metadata_replaces_the_editor_content_as_one_undo_step(qtbot, make_window, sandbox):
    window = make_window()
    event = sandbox.sample_webhook_event()
    found_links = event["eventContent"]["clientLinks"]
    link = next(x for x in found_links if x["moduleId"] == sandbox.demo_module_id)
    link["metadata"] = {"fromPayload": "yes", "loyaltyTier": "payload-tier"}
    link["externalId"] = "PAYLOAD-EXT"
    panel = inspect(qtbot, window, event)
    click(panel.findings_view.link_box.use_button)
    qtbot.waitUntil(lambda: window.editor.model.metadata() == link["metadata"])
    assert window.editor.external_id() == "PAYLOAD-EXT"
    assert window.isWindowModified()
    assert window.undo_stack.undoText() == "Use the webhook payload's metadata"
    window.undo_stack.undo()
    server = sandbox.get_link(link["clientId"], link["moduleId"])
    assert window.editor.model.metadata() == server["metadata"]


def test_compare_shows_the_live_records_differences(qtbot, make_window, sandbox):
    window = make_window()
    event = sandbox.sample_webhook_event()
    link = next(
        x for x in event["eventContent"]["clientLinks"] if x["moduleId"] == sandbox.demo_module_id
    )
    live = dict(link["metadata"]) | {"changedSince": "the booking"}
    sandbox.put_link_direct(link["clientId"], link["moduleId"], link["externalId"], live)
    panel = inspect(qtbot, window, event)
    click(panel.findings_view.link_box.compare_button)
    view = panel.findings_view
    qtbot.waitUntil(lambda: view.diff_view.diff is not None, timeout=WAIT_MS)
    assert view.diff_view.diff.added == {"changedSince": "the booking"}


def test_compare_failure_is_explained_in_the_panel(qtbot, make_window, sandbox):
    window = make_window()
    panel = inspect(qtbot, window, sandbox.sample_webhook_event())
    sandbox.faults.fail_500 = 1
    click(panel.findings_view.link_box.compare_button)
    view = panel.findings_view
    qtbot.waitUntil(lambda: "500" in view.diff_view.toPlainText(), timeout=WAIT_MS)


def test_undo_is_off_while_the_inspector_tab_is_shown(qtbot, make_window):
    window = make_window()
    load(qtbot, window)
    model = window.editor.model
    model.setData(model.index(0, 1), "edited", Qt.ItemDataRole.EditRole)
    assert window.window_actions.undo.isEnabled()
    window.webhooks.show()
    assert not window.window_actions.undo.isEnabled()
    window.window_actions.undo.trigger()
    assert model.rows()[0][1] == "edited"
    window.tabs.setCurrentWidget(window.link_page)
    assert window.window_actions.undo.isEnabled()

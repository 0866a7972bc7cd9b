"""Demo mode end to end: a simulated booking reaches the window's receiver, and its link is
opened, given a new externalId and saved, all against the local sandbox."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

WAIT_MS = 10_000
NEW_EXTERNAL_ID = "Y2-990001"


def test_a_simulated_booking_is_followed_through_to_a_saved_external_id(
    qtbot,
    started,
    sandbox,
) -> None:
    window = started(own_receiver=True)
    assert window.tabs.currentWidget() is window.link_page
    # Nothing listens before the first booking.
    assert sandbox.webhooks() == []

    window.demo.simulate_action.trigger()
    receiver = window.webhooks.receive.receiver
    assert receiver is not None
    assert [r.url for r in sandbox.webhooks()] == [receiver.url]
    model = window.webhooks.receive.panel.model
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=WAIT_MS)
    # Noticed on the inspector's tab, without leaving the tab the user is on.
    inspector = window.tabs.indexOf(window.webhooks.page)
    qtbot.waitUntil(lambda: "(1 new)" in window.tabs.tabText(inspector), timeout=WAIT_MS)
    assert window.tabs.currentWidget() is window.link_page

    delivery = model.delivery(0)
    assert delivery is not None
    assert delivery.summary is not None
    assert delivery.summary.client_ids == (sandbox.demo_client_id,)
    assert delivery.match_text == "match"
    assert delivery.summary.crm_status == "returning"

    window.tabs.setCurrentIndex(inspector)
    assert window.tabs.tabText(inspector) == "Webhook inspector"
    window.webhooks.receive.panel.table.selectRow(0)
    panel = window.webhooks.panel_if_built
    assert panel is not None
    qtbot.waitUntil(
        lambda: panel.findings is not None and panel.findings.match is not None, timeout=WAIT_MS
    )
    open_button = panel.findings_view.link_box.open_button
    assert open_button.isVisible()
    qtbot.mouseClick(open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: window.editor.loaded is not None and not window.session.busy, timeout=WAIT_MS
    )
    assert window.tabs.currentWidget() is window.link_page
    assert window.editor.loaded.link.client_id == sandbox.demo_client_id

    edit = window.editor.external_edit
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, NEW_EXTERNAL_ID)
    assert window.editor.is_modified()
    window.saves.save()
    qtbot.waitUntil(lambda: _review_button(window) is not None, timeout=WAIT_MS)
    qtbot.mouseClick(_review_button(window), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (
            sandbox.get_link(sandbox.demo_client_id, sandbox.demo_module_id)["externalId"]
            == NEW_EXTERNAL_ID
        ),
        timeout=WAIT_MS,
    )
    qtbot.waitUntil(lambda: not window.editor.is_modified(), timeout=WAIT_MS)


def _review_button(window) -> QPushButton | None:
    buttons = [b for b in window.findChildren(QPushButton, "reviewSaveButton") if b.isVisible()]
    return buttons[0] if buttons else None


def test_showing_the_inspector_in_demo_mode_starts_its_receiver_once(
    qtbot, started, sandbox
) -> None:
    window = started(own_receiver=True)
    window.tabs.setCurrentWidget(window.webhooks.page)
    # Started once the tab has painted.
    qtbot.waitUntil(lambda: window.webhooks.receive.receiver is not None)
    receiver = window.webhooks.receive.receiver
    assert receiver is not None
    assert [r.url for r in sandbox.webhooks()] == [receiver.url]
    # A receiver the user stops stays stopped, whatever tab is shown next.
    window.webhooks.receive.stop_receiving()
    window.tabs.setCurrentWidget(window.link_page)
    window.tabs.setCurrentWidget(window.webhooks.page)
    qtbot.wait(100)  # its paint, and whatever would follow it
    assert window.webhooks.receive.receiver is None

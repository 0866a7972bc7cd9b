"""Sample events in the window: offered on the empty inspector in demo mode and in the File menu."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from booxi_desktop.core.webhook.samples import SAMPLE_MODULE
from booxi_desktop.ui import app
from booxi_desktop.ui.inspector.sample_dialog import DEMO_NOTE, REAL_NOTE, SampleEventDialog
from tests.ui.webhook_panel_helpers import WAIT_MS

# name -> (eventId, problem codes shown, CRM status of the match or None without a match)
EXPECTED = {
    "single": ("evt_sample_single_booking", [], "returning"),
    "group": ("evt_sample_group_reservation", ["ambiguous_group"], None),
    "new_customer": ("evt_sample_new_customer", [], "new"),
    "problems": (
        "evt_sample_problems",
        ["non_string_metadata", "bad_date", "no_link_for_module"],
        None,
    ),
}


@pytest.fixture
def demo_window(make_window, sandbox):
    window = make_window()
    app.use_sandbox(window, sandbox)
    return window


def sample_dialog(qtbot) -> SampleEventDialog:
    found: list[SampleEventDialog] = []

    def shown() -> bool:
        found[:] = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, SampleEventDialog) and w.isVisible()
        ]
        return len(found) == 1

    qtbot.waitUntil(shown, timeout=WAIT_MS)
    return found[0]


def open_in_dialog(qtbot, name: str):
    dialog = sample_dialog(qtbot)
    dialog.choose(name)
    dialog.accept()


def wait_for_sample(qtbot, window, name: str, *, crm: bool = True):
    event_id, _codes, status = EXPECTED[name]
    panel = window.webhooks.panel()

    def read() -> bool:
        findings = panel.findings
        if findings is None or findings.event_fields.get("eventId") != event_id:
            return False
        # The sample CRM list is loaded off the UI thread: the findings follow it.
        return not crm or status is None or findings.match.crm_status == status

    qtbot.waitUntil(read, timeout=WAIT_MS)
    return panel


def file_menu_names(window) -> list[str]:
    return [a.objectName() for a in window.window_actions.file_menu.actions()]


def test_the_empty_inspector_offers_the_samples_in_demo_mode_only(qtbot, make_window, sandbox):
    plain = make_window()
    plain_panel = plain.webhooks.show()
    assert "sample" not in plain_panel.empty_label.text()
    window = make_window()
    app.use_sandbox(window, sandbox)
    assert window.webhooks.demo
    panel = window.webhooks.show()
    assert "Open a sample event" in panel.empty_label.text()
    assert panel.pages.currentWidget() is panel.empty_label


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_empty_page_link_opens_each_sample_with_its_findings(qtbot, demo_window, name):
    panel = demo_window.webhooks.show()
    panel.empty_label.linkActivated.emit("#samples")
    open_in_dialog(qtbot, name)
    wait_for_sample(qtbot, demo_window, name)

    _event_id, codes, status = EXPECTED[name]
    view = panel.findings_view
    assert [row.problem.code for row in view.problems.rows] == codes
    assert panel.module_id == SAMPLE_MODULE
    assert demo_window.tabs.currentWidget() is demo_window.webhooks.page
    if status is None:
        assert panel.findings.match is None
    else:
        assert view.selected_link() is panel.findings.match
        assert panel.findings.match.crm_status == status
        assert view.link_box.set_external_button.isVisible() == (status == "new")
    if name == "group":
        assert view.client_combo.isVisible()
        assert view.client_combo.count() >= 3
        entries = [view.client_combo.itemText(i) for i in range(view.client_combo.count())]
        assert "3104312 — Ava Chen" in entries


def test_the_demo_uses_the_sample_crm_ids_and_says_so_until_replaced(qtbot, demo_window, tmp_path):
    panel = demo_window.webhooks.show()
    view = panel.findings_view
    qtbot.waitUntil(lambda: "sample list" in view.crm_status.text(), timeout=WAIT_MS)
    assert view.crm_status.text() == "9 CRM ids from the demo's sample list."
    demo_window.webhooks.open_sample("single")
    wait_for_sample(qtbot, demo_window, "single")
    assert view.crm_status.isVisible()
    assert view.crm_button.isVisible()
    assert view.crm_clear.isVisible()

    mine = tmp_path / "my-crm.csv"
    mine.write_text("customerId;name\nSOMEONE-ELSE;Someone\n", encoding="utf-8")
    view.context.crm_chooser = lambda _parent: mine
    view.crm_button.click()
    qtbot.waitUntil(lambda: panel.findings.match.crm_status == "new", timeout=WAIT_MS)
    assert view.crm_status.text() == "1 CRM ids from my-crm.csv."


def test_file_menu_opens_a_sample_outside_demo_mode_and_says_the_ids_are_not_real(
    qtbot, make_window
):
    window = make_window()
    names = file_menu_names(window)
    assert names.index("sampleEventAction") < names.index("quitAction")
    action = window.webhooks.sample_action
    assert action.text().endswith("…")
    action.trigger()
    dialog = sample_dialog(qtbot)
    assert dialog.note.text() == REAL_NOTE
    assert dialog.count == 4
    dialog.choose("problems")
    dialog.accept()
    panel = wait_for_sample(qtbot, window, "problems", crm=False)
    assert panel.findings.match is None
    # No CRM list is assumed outside demo mode.
    assert panel.findings.links[0].crm_status is None


def test_the_dialog_in_demo_mode_speaks_of_the_sandbox_and_cancel_opens_nothing(qtbot, demo_window):
    demo_window.webhooks.sample_action.trigger()
    dialog = sample_dialog(qtbot)
    assert dialog.note.text() == DEMO_NOTE
    dialog.reject()
    assert demo_window.tabs.currentWidget() is demo_window.link_page


def test_a_link_found_in_a_sample_opens_that_client_from_the_sandbox(qtbot, demo_window, sandbox):
    demo_window.webhooks.open_sample("new_customer")
    panel = wait_for_sample(qtbot, demo_window, "new_customer")
    found = panel.findings.match
    button = panel.findings_view.link_box.set_external_button
    assert button.isVisible()
    button.click()
    qtbot.waitUntil(
        lambda: demo_window.editor.loaded is not None and not demo_window.session.busy,
        timeout=WAIT_MS,
    )
    loaded = demo_window.editor.loaded.link
    assert (loaded.client_id, loaded.module_id) == (found.client_id, SAMPLE_MODULE)
    assert loaded.external_id == sandbox.get_link(found.client_id, SAMPLE_MODULE)["externalId"]


def test_demo_mode_reaches_an_inspector_built_before_it(qtbot, make_window, sandbox):
    window = make_window()
    panel = window.webhooks.show()
    assert "sample" not in panel.empty_label.text()
    app.use_sandbox(window, sandbox)
    assert "Open a sample event" in panel.empty_label.text()
    window.webhooks.open_sample("single")
    wait_for_sample(qtbot, window, "single")
    assert panel.findings.match.crm_status == "returning"

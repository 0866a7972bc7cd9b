"""What the webhook panel asks of the window, the CRM check, the comparison, stale parses."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from booxi_desktop.core.jsondoc.decode import decode_json
from booxi_desktop.ui.inspector.findings.links_model import CRM_COLUMN
from tests.ui.webhook_panel_helpers import (
    MODULE,
    WAIT_MS,
    load_text,
    make_panel,
    sample,
    set_context,
    tree_rows,
)

pytestmark = pytest.mark.usefixtures("qloop")

GROUP = "booking_group_three_clients.json"


def click(qtbot, button) -> None:
    assert button.isVisible(), button.objectName()
    assert button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def group_panel(qtbot, client: int | None = None, **kwargs):
    panel = make_panel(qtbot, **kwargs)
    panel.set_context(MODULE, client)
    load_text(qtbot, panel, sample(GROUP))
    return panel


def crm_column(panel) -> list[str]:
    model = panel.findings_view.links_model
    return [model.index(row, CRM_COLUMN).data() for row in range(model.rowCount())]


def test_crm_ids_tell_returning_from_new_customers(qtbot) -> None:
    panel = group_panel(qtbot)
    view = panel.findings_view
    assert view.links_view.isColumnHidden(CRM_COLUMN)
    with qtbot.waitSignal(panel.parsed, timeout=WAIT_MS):
        panel.load_crm_ids_text("externalId\nY2-000418273\nACME-80211\n", source="crm.csv")
    assert not view.links_view.isColumnHidden(CRM_COLUMN)
    assert crm_column(panel) == [
        "Returning customer",
        "New — set the externalId",
        "New — set the externalId",
        "Returning customer",
    ]
    assert view.crm_status.text() == "2 CRM ids from crm.csv."
    view.select_link_row(0)
    assert "Returning customer" in view.link_box.crm_label.text()
    assert view.link_box.set_external_button.isHidden()
    # No client chosen in the group: no match, so no verdict on the match line.
    assert "customer" not in view.match_label.text()
    with qtbot.waitSignal(panel.parsed, timeout=WAIT_MS):
        panel.set_context(MODULE, 5120044)
    assert "Returning customer." in view.match_label.text()


def test_new_customer_action_opens_the_editor_on_the_external_id(qtbot) -> None:
    panel = group_panel(qtbot, client=5121330)
    with qtbot.waitSignal(panel.parsed, timeout=WAIT_MS):
        panel.load_crm_ids_text("Y2-000418273\n")
    box = panel.findings_view.link_box
    assert box.link.client_id == 5121330
    assert "New customer — set the externalId" in box.crm_label.text()
    assert "New customer — set the externalId" in panel.findings_view.match_label.text()
    with qtbot.waitSignal(panel.openLinkRequested, timeout=WAIT_MS) as opened:
        click(qtbot, box.set_external_button)
    assert opened.args == [5121330, MODULE, True]


def test_crm_ids_from_a_chosen_file_and_forgetting_them(qtbot, tmp_path) -> None:
    export = tmp_path / "customers.csv"
    export.write_text("sep=;\nName;CRM Id\nAmélie;Y2-000418273\nJonas;Y2-000502911\n")
    panel = group_panel(qtbot, crm_chooser=lambda parent: export)
    view = panel.findings_view
    with qtbot.waitSignal(panel.parsed, timeout=WAIT_MS):
        click(qtbot, view.crm_button)
    assert view.crm_status.text() == "2 CRM ids from customers.csv."
    assert crm_column(panel)[:3] == [
        "Returning customer",
        "Returning customer",
        "New — set the externalId",
    ]
    with qtbot.waitSignal(panel.parsed, timeout=WAIT_MS):
        click(qtbot, view.crm_clear)
    assert view.links_view.isColumnHidden(CRM_COLUMN)
    assert view.crm_status.text() == "No CRM ids loaded."


def test_a_crm_file_that_is_not_utf8_is_refused(qtbot, tmp_path) -> None:
    export = tmp_path / "latin1.csv"
    export.write_bytes("id\nAmélie-1\n".encode("latin-1"))
    panel = group_panel(qtbot, crm_chooser=lambda parent: export)
    view = panel.findings_view
    click(qtbot, view.crm_button)
    qtbot.waitUntil(lambda: "not loaded" in view.crm_status.text(), timeout=WAIT_MS)
    assert "latin1.csv cannot be used: it is not UTF-8 text" in view.crm_status.text()
    assert view.links_view.isColumnHidden(CRM_COLUMN)


def test_open_in_editor_carries_client_and_module(qtbot) -> None:
    panel = group_panel(qtbot, client=5120987)
    with qtbot.waitSignal(panel.openLinkRequested, timeout=WAIT_MS) as opened:
        click(qtbot, panel.findings_view.link_box.open_button)
    assert opened.args == [5120987, MODULE, False]


def test_use_metadata_carries_the_selected_link(qtbot) -> None:
    panel = group_panel(qtbot)
    panel.findings_view.select_link_row(1)
    with qtbot.waitSignal(panel.useMetadataRequested, timeout=WAIT_MS) as used:
        click(qtbot, panel.findings_view.link_box.use_button)
    (link,) = used.args
    assert (link.client_id, link.module_id, link.external_id) == (5120987, MODULE, "Y2-000502911")
    assert link.metadata == {"loyaltyTier": "gold", "storeCode": "MTL-014", "giftWrap": "yes"}


def test_compare_asks_for_the_live_record_and_shows_the_differences(qtbot) -> None:
    panel = group_panel(qtbot, client=5120044)
    view = panel.findings_view
    with qtbot.waitSignal(panel.compareRequested, timeout=WAIT_MS) as asked:
        click(qtbot, view.link_box.compare_button)
    (link,) = asked.args
    assert (link.client_id, link.path) == (5120044, "eventContent.clientLinks[0]")
    assert view.comparison.isVisible()
    assert "Fetching the live record" in view.diff_view.toPlainText()

    panel.show_comparison("Y2-000418273", {"loyaltyTier": "gold", "points": "120"})
    diff = view.diff_view.diff
    assert diff is not None
    assert diff.changed == {"loyaltyTier": ("member", "gold")}
    assert diff.removed == {"storeCode": "MTL-014"}
    assert diff.added == {"points": "120"}
    assert diff.external_id_change is None
    assert "Only in the live record" in view.diff_view.toPlainText()

    # Choosing another client keeps the comparison; another payload drops it.
    set_context(qtbot, panel, MODULE, 5120987)
    assert view.comparison.isVisible()
    load_text(qtbot, panel, sample("booking_single_client.json"))
    assert view.comparison.isHidden()


def test_comparison_message_when_there_is_no_live_record(qtbot) -> None:
    panel = group_panel(qtbot, client=5120044)
    click(qtbot, panel.findings_view.link_box.compare_button)
    panel.show_comparison_message("Booxi has no link for client 5120044 and module cegid_y2.")
    assert "has no link" in panel.findings_view.diff_view.toPlainText()


def test_a_stale_slow_parse_does_not_overwrite_a_newer_one(qtbot) -> None:
    gate = threading.Event()

    def decode(data):
        if "evt_slow" in data:
            gate.wait(WAIT_MS / 1000)
        return decode_json(data)

    panel = make_panel(qtbot, decode=decode)
    panel.set_context(MODULE, None)
    panel.load_text('{"eventId": "evt_slow", "eventContent": {"clientLinks": []}}')
    load_text(qtbot, panel, sample("booking_single_client.json"))
    assert panel.findings.match.external_id == "Y2-000418273"

    gate.set()
    qtbot.waitUntil(lambda: panel.loader.pending == 0, timeout=WAIT_MS)
    assert tree_rows(panel)[0] == "eventId"
    assert panel.tree.model.document()["eventId"] == "evt_01HX9QK3V7M2C8Z4T6R1N5P0AB"
    assert panel.findings.match.external_id == "Y2-000418273"
    assert panel.input.text() == sample("booking_single_client.json")


def test_a_stale_failure_does_not_hide_a_newer_payload(qtbot) -> None:
    gate = threading.Event()

    def decode(data):
        if data.startswith("{broken"):
            gate.wait(WAIT_MS / 1000)
        return decode_json(data)

    panel = make_panel(qtbot, decode=decode)
    failures: list[str] = []
    panel.failed.connect(failures.append)
    panel.load_text("{broken")
    load_text(qtbot, panel, sample("booking_single_client.json"))
    gate.set()
    qtbot.waitUntil(lambda: panel.loader.pending == 0, timeout=WAIT_MS)
    assert failures == []
    assert panel.pages.currentIndex() == 1
    assert len(panel.findings.links) == 2


def test_a_context_change_during_a_load_applies_to_it(qtbot) -> None:
    gate = threading.Event()

    def decode(data):
        gate.wait(WAIT_MS / 1000)
        return decode_json(data)

    panel = make_panel(qtbot, decode=decode)
    panel.load_text(sample(GROUP))
    panel.set_context(MODULE, 5121330)
    with qtbot.waitSignal(panel.parsed, timeout=WAIT_MS):
        gate.set()
    assert panel.findings.match.client_id == 5121330
    qtbot.waitUntil(lambda: panel.loader.pending == 0, timeout=WAIT_MS)
    assert panel.findings.client_id == 5121330


def test_links_model_passes_qt_model_checks_and_marks_the_match(qapp) -> None:
    from PySide6.QtTest import QAbstractItemModelTester

    from booxi_desktop.core.webhook.analysis import analyse
    from booxi_desktop.ui.inspector.findings.links_model import (
        CLIENT_COLUMN,
        ENTRY_COLUMN,
        EXTERNAL_COLUMN,
        LINK_ROLE,
        MODULE_COLUMN,
        FoundLinksModel,
    )

    model = FoundLinksModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    findings = analyse(decode_json(sample(GROUP)), MODULE, 5121330)
    model.set_findings(findings)
    assert model.rowCount() == 4
    assert [model.index(r, MODULE_COLUMN).data() for r in range(4)] == [
        "cegid_y2",
        "cegid_y2",
        "✓ cegid_y2",
        "acme_loyalty",
    ]
    assert model.index(2, EXTERNAL_COLUMN).data() == "(none)"
    assert model.index(3, CLIENT_COLUMN).data() == "5120987"
    assert model.index(2, 0).data(LINK_ROLE) is findings.match
    assert model.match_row() == 2
    assert model.index(3, ENTRY_COLUMN).data() == "[3]"
    model.set_findings(None)
    assert model.rowCount() == 0

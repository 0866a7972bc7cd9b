"""The payload tree of the webhook panel: search, selecting from findings, copy, expand."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from booxi_desktop.core.jsondoc.paths import parse_path
from booxi_desktop.ui.inspector.tree.view import ROW_BUDGET, plan_expansion
from tests.ui.webhook_panel_helpers import MODULE, WAIT_MS, big_event, load_text, make_panel, sample

pytestmark = pytest.mark.usefixtures("qloop")

GROUP = "booking_group_three_clients.json"


def search(qtbot, panel, text: str) -> int:
    with qtbot.waitSignal(panel.tree.searchFinished, timeout=WAIT_MS) as finished:
        qtbot.keyClicks(panel.tree.search_edit, text)
    return finished.args[0]


def press(qtbot, widget, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, key, modifier)


def test_search_expands_to_and_selects_a_deep_node(qtbot) -> None:
    panel = make_panel(qtbot)
    load_text(qtbot, panel, sample(GROUP))
    tree = panel.tree
    tree.collapse_all()
    assert search(qtbot, panel, "giftwrap") == 1
    assert tree.current_path() == "eventContent.clientLinks[1].metadata.giftWrap"
    current = tree.view.currentIndex()
    assert tree.view.isExpanded(current.parent())
    assert tree.view.isExpanded(current.parent().parent().parent())
    assert tree.view.selectionModel().isRowSelected(current.row(), current.parent())
    assert tree.count_label.text() == "1 of 1"


def test_enter_and_shift_enter_step_through_matches(qtbot) -> None:
    panel = make_panel(qtbot)
    load_text(qtbot, panel, sample(GROUP))
    tree = panel.tree
    assert search(qtbot, panel, "MTL-014") == 2
    first = tree.current_path()
    assert tree.count_label.text() == "1 of 2"
    press(qtbot, tree.search_edit, Qt.Key.Key_Return)
    assert tree.count_label.text() == "2 of 2"
    assert tree.current_path() != first
    press(qtbot, tree.search_edit, Qt.Key.Key_Return)
    assert (tree.count_label.text(), tree.current_path()) == ("1 of 2", first)
    press(qtbot, tree.search_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert tree.count_label.text() == "2 of 2"
    assert tree.model.matches == {(m.parts, m.column) for m in tree.matches}


def test_no_match_is_said(qtbot) -> None:
    panel = make_panel(qtbot)
    load_text(qtbot, panel, sample(GROUP))
    assert search(qtbot, panel, "no such thing") == 0
    assert panel.tree.count_label.text() == "No matches"


def test_a_newer_payload_runs_the_search_again(qtbot) -> None:
    panel = make_panel(qtbot)
    load_text(qtbot, panel, sample(GROUP))
    assert search(qtbot, panel, "acme_loyalty") == 1
    with qtbot.waitSignal(panel.tree.searchFinished, timeout=WAIT_MS) as finished:
        load_text(qtbot, panel, sample("booking_no_client_links.json"))
    assert finished.args == [0]
    assert panel.tree.count_label.text() == "No matches"


def test_search_in_a_100k_value_payload_reaches_the_last_link(qtbot) -> None:
    panel = make_panel(qtbot)
    load_text(qtbot, panel, big_event())
    assert search(qtbot, panel, "Y2-000007999") == 1
    assert panel.tree.current_path() == "eventContent.clientLinks[7999].externalId"


def test_a_group_of_thousands_lists_every_client_and_picks_the_last(qtbot) -> None:
    panel = make_panel(qtbot)
    panel.set_context(MODULE, None)
    load_text(qtbot, panel, big_event())
    view = panel.findings_view
    assert view.links_title.text() == "<b>Client links (8,000)</b>"
    assert view.client_combo.count() == 8001
    assert view.client_combo.itemText(8000) == "5007999"
    assert "8000 clients (5000000, 5000001," in view.problems.rows[0].problem.message

    with qtbot.waitSignal(panel.parsed, timeout=WAIT_MS):
        view.client_combo.setCurrentIndex(8000)
        view.client_combo.activated.emit(8000)
    assert panel.client_id == 5_007_999
    assert view.selected_link().external_id == "Y2-000007999"
    assert view.links_view.currentIndex().row() == 7999
    assert view.chosen_client() == 5_007_999


def test_copy_path_and_value_with_shortcuts(qtbot) -> None:
    panel = make_panel(qtbot)
    load_text(qtbot, panel, sample(GROUP))
    tree = panel.tree
    assert tree.select_path("eventContent.clientLinks[1].metadata.loyaltyTier")
    tree.view.setFocus()
    clipboard = QGuiApplication.clipboard()
    press(qtbot, tree.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard.text() == "gold"
    control_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    press(qtbot, tree.view, Qt.Key.Key_C, control_shift)
    assert clipboard.text() == "eventContent.clientLinks[1].metadata.loyaltyTier"
    assert panel.status.text() == (
        "Copied the path eventContent.clientLinks[1].metadata.loyaltyTier"
    )


def test_copying_a_container_gives_indented_json(qtbot) -> None:
    panel = make_panel(qtbot)
    load_text(qtbot, panel, sample(GROUP))
    tree = panel.tree
    tree.select_path("eventContent.clientLinks[1].metadata")
    QGuiApplication.clipboard().clear()
    tree.copy_value_action.trigger()
    expected = json.dumps(
        {"loyaltyTier": "gold", "storeCode": "MTL-014", "giftWrap": "yes"}, indent=2
    )
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == expected, timeout=WAIT_MS)


def test_context_menu_offers_both_copies(qtbot) -> None:
    panel = make_panel(qtbot)
    actions = panel.tree.view.actions()
    assert [a.text() for a in actions] == ["Copy path", "Copy value"]
    assert panel.tree.view.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu


def test_clicking_a_problem_selects_its_place_in_the_tree(qtbot) -> None:
    panel = make_panel(qtbot)
    panel.set_context(MODULE, None)
    load_text(qtbot, panel, sample(GROUP))
    rows = {row.problem.code: row for row in panel.findings_view.problems.rows}
    panel.tree.collapse_all()
    qtbot.mouseClick(rows["missing_external_id"], Qt.MouseButton.LeftButton)
    # The externalId is what is missing: its link is the nearest place that exists.
    assert panel.tree.current_path() == "eventContent.clientLinks[2]"
    qtbot.mouseClick(rows["ambiguous_group"], Qt.MouseButton.LeftButton)
    assert panel.tree.current_path() == "eventContent.clientLinks"


def test_clicking_a_link_row_selects_it_in_the_tree(qtbot) -> None:
    panel = make_panel(qtbot)
    load_text(qtbot, panel, sample(GROUP))
    table = panel.findings_view.links_view
    rect = table.visualRect(panel.findings_view.links_model.index(3, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.tree.current_path() == "eventContent.clientLinks[3]"
    assert panel.findings_view.selected_link().module_id == "acme_loyalty"


def test_link_table_columns_fit_their_texts(qtbot) -> None:
    from booxi_desktop.ui.inspector.findings.links_model import (
        ENTRY_COLUMN,
        EXTERNAL_COLUMN,
        MODULE_COLUMN,
    )

    panel = make_panel(qtbot)
    panel.set_context(MODULE, 5121330)
    load_text(qtbot, panel, sample(GROUP))
    table = panel.findings_view.links_view
    model = panel.findings_view.links_model
    metrics = table.fontMetrics()
    for column in (ENTRY_COLUMN, MODULE_COLUMN, EXTERNAL_COLUMN):
        for row in range(model.rowCount()):
            text = model.index(row, column).data()
            assert table.columnWidth(column) > metrics.horizontalAdvance(text), (row, text)


def test_clicking_an_other_field_selects_it(qtbot) -> None:
    panel = make_panel(qtbot)
    load_text(qtbot, panel, sample("booking_unknown_fields.json"))
    fields = panel.findings_view.fields
    texts = [fields.item(i).text() for i in range(fields.count())]
    assert 'apiVersion = "2024-04"' in texts
    assert "eventContent.clientLinks[0].syncedBy = {2 keys}" in texts
    item = fields.item(texts.index("eventContent.clientLinks[0].syncedBy = {2 keys}"))
    rect = fields.visualItemRect(item)
    qtbot.mouseClick(fields.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.tree.current_path() == "eventContent.clientLinks[0].syncedBy"


def test_expand_all_opens_a_small_payload_completely(qtbot) -> None:
    panel = make_panel(qtbot)
    load_text(qtbot, panel, sample(GROUP))
    tree = panel.tree
    tree.collapse_all()
    qtbot.mouseClick(tree.expand_button, Qt.MouseButton.LeftButton)
    deepest = tree.model.index_for_path(("eventContent", "clientLinks", 1, "metadata"))
    assert tree.view.isExpanded(deepest)
    assert tree.note.isHidden()


def test_expand_all_on_100k_values_stops_within_the_row_budget(qtbot) -> None:
    panel = make_panel(qtbot)
    load_text(qtbot, panel, big_event())
    tree = panel.tree
    qtbot.mouseClick(tree.expand_button, Qt.MouseButton.LeftButton)
    content = tree.model.index_for_path(("eventContent",))
    links = tree.model.index_for_path(("eventContent", "clientLinks"))
    assert tree.view.isExpanded(content)
    assert not tree.view.isExpanded(links)
    assert tree.note.isVisible()
    assert "8,000 more rows" in tree.note.text()
    qtbot.mouseClick(tree.collapse_button, Qt.MouseButton.LeftButton)
    assert not tree.view.isExpanded(content)
    assert tree.note.isHidden()


def test_plan_expansion_counts_rows_level_by_level() -> None:
    doc = {"a": {"b": [1, 2, {"c": {"d": 1}}]}, "e": 1}
    assert plan_expansion(doc, 100) == (3, 8, True, 0)
    assert plan_expansion(doc, 5) == (0, 3, False, 3)
    assert plan_expansion([list(range(ROW_BUDGET))], ROW_BUDGET) == (-1, 1, False, ROW_BUDGET)
    assert plan_expansion("scalar", 10) == (-1, 1, True, 0)


def test_a_match_deep_in_a_huge_array_is_not_opened_by_itself(qtbot) -> None:
    panel = make_panel(qtbot)
    panel.set_context(MODULE, 5_007_999)
    load_text(qtbot, panel, big_event())
    assert panel.findings.match.path == "eventContent.clientLinks[7999]"
    links = panel.tree.model.index_for_path(parse_path("eventContent.clientLinks"))
    assert not panel.tree.view.isExpanded(links)
    # Asked for by the user, it is opened.
    panel.findings_view.link_box.details.linkActivated.emit("eventContent.clientLinks[7999]")
    assert panel.tree.current_path() == "eventContent.clientLinks[7999]"

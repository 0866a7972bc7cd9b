from __future__ import annotations

import json
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester

from booxi_desktop.core.jsondoc.decode import decode_json
from booxi_desktop.ui.inspector.tree.model import (
    KEY_COLUMN,
    PATH_ROLE,
    TYPE_COLUMN,
    VALUE_COLUMN,
    JsonTreeModel,
)
from booxi_desktop.ui.widgets.theme import MARKER, ink
from tests import WEBHOOKS

LINK_1_TIER = ("eventContent", "clientLinks", 1, "metadata", "loyaltyTier")

pytestmark = pytest.mark.usefixtures("qapp")


def group_payload() -> Any:
    return decode_json((WEBHOOKS / "booking_group_three_clients.json").read_bytes())


def big_payload(links: int = 8000) -> dict[str, Any]:
    """About 100,000 values: a group event with a very long clientLinks array."""
    return {
        "eventId": "evt_big",
        "eventContent": {
            "clientLinks": [
                {
                    "moduleId": "cegid_y2",
                    "clientId": 5_000_000 + i,
                    "externalId": f"Y2-{i:09d}",
                    "metadata": {"loyaltyTier": "gold" if i % 7 == 0 else "member", "n": str(i)},
                    "createdOn": "2024-02-11T14:03:27Z",
                    "modifiedOn": "2024-05-02T09:41:00Z",
                }
                for i in range(links)
            ]
        },
    }


def created_nodes(model: JsonTreeModel) -> int:
    count, stack = 0, [model._root]
    while stack:
        node = stack.pop()
        for child in node.children or ():
            if child is not None:
                count += 1
                stack.append(child)
    return count


def texts(model: JsonTreeModel, parent: QModelIndex, column: int) -> list[str]:
    return [model.data(model.index(r, column, parent)) for r in range(model.rowCount(parent))]


def model_test_warnings(qtlog: Any) -> list[str]:
    return [r.message for r in qtlog.records if "FAIL" in r.message or "modeltest" in r.message]


# -- Qt's own consistency checks -----------------------------------------------------------


def test_qt_model_tester_finds_nothing_wrong(qtlog: Any) -> None:
    # pytest-qt also fails any test that logs a qt.modeltest warning (a model whose
    # parent() points at the wrong row was seen failing this way).
    model = JsonTreeModel(group_payload())
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
    model.set_document(decode_json((WEBHOOKS / "booking_wrong_types.json").read_bytes()))
    model.set_document(42)
    model.set_document([])
    assert tester is not None
    assert model_test_warnings(qtlog) == []


# -- what the view shows -------------------------------------------------------------------


def test_headers_and_top_level_rows_in_document_order() -> None:
    model = JsonTreeModel(group_payload())
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)]
    assert headers == ["Key", "Value", "Type"]
    assert model.columnCount() == 3
    root = QModelIndex()
    assert texts(model, root, KEY_COLUMN) == [
        "eventId",
        "eventType",
        "merchantId",
        "createdOn",
        "eventContent",
    ]
    assert texts(model, root, VALUE_COLUMN)[2] == "20417"
    assert texts(model, root, TYPE_COLUMN) == ["string", "string", "number", "string", "object"]


def test_containers_show_their_size_and_arrays_their_indexes() -> None:
    model = JsonTreeModel(group_payload())
    content = model.index_for_path(["eventContent"])
    assert model.data(content.siblingAtColumn(VALUE_COLUMN)) == "{8 keys}"
    links = model.index_for_path(["eventContent", "clientLinks"])
    assert model.data(links.siblingAtColumn(VALUE_COLUMN)) == "[4 items]"
    assert texts(model, links, KEY_COLUMN) == ["[0]", "[1]", "[2]", "[3]"]
    assert texts(model, links, TYPE_COLUMN) == ["object"] * 4
    empty = model.index_for_path(["eventContent", "clientLinks", 2, "metadata"])
    assert model.data(empty.siblingAtColumn(VALUE_COLUMN)) == "{0 keys}"
    assert model.rowCount(empty) == 0
    assert not model.hasChildren(empty)
    one = model.index_for_path(["eventContent", "clientLinks", 3, "metadata"])
    assert model.data(one.siblingAtColumn(VALUE_COLUMN)) == "{1 key}"


def test_scalars_are_shown_as_json_would_write_them() -> None:
    model = JsonTreeModel({"t": True, "f": False, "n": None, "x": 1.5, "s": "line1\nline2"})
    assert texts(model, QModelIndex(), VALUE_COLUMN) == [
        "true",
        "false",
        "null",
        "1.5",
        "line1↵ line2",
    ]
    assert texts(model, QModelIndex(), TYPE_COLUMN) == [
        "boolean",
        "boolean",
        "null",
        "number",
        "string",
    ]


def test_long_strings_are_cut_for_display_but_copied_whole() -> None:
    long = "x" * 5000
    model = JsonTreeModel({"note": long})
    index = model.index(0, VALUE_COLUMN)
    shown = model.data(index)
    assert len(shown) == 200
    assert shown.endswith("…")
    assert len(model.data(index, Qt.ItemDataRole.ToolTipRole)) == 2000
    assert model.value_text(index) == long


def test_model_is_read_only() -> None:
    model = JsonTreeModel(group_payload())
    flags = model.flags(model.index(0, VALUE_COLUMN))
    assert not flags & Qt.ItemFlag.ItemIsEditable
    assert flags & Qt.ItemFlag.ItemIsSelectable
    assert not model.setData(model.index(0, VALUE_COLUMN), "changed")


def test_a_scalar_document_gets_one_row() -> None:
    model = JsonTreeModel("just text")
    assert model.rowCount() == 1
    index = model.index(0, 0)
    assert [model.data(index.siblingAtColumn(c)) for c in range(3)] == [
        "(value)",
        "just text",
        "string",
    ]
    assert model.path_of(index) == ""
    assert model.index_for_path([]) == index
    assert model.value_text(index) == "just text"


# -- paths and copying ---------------------------------------------------------------------


def test_path_of_a_nested_metadata_key() -> None:
    model = JsonTreeModel(group_payload())
    index = model.index_for_path(LINK_1_TIER)
    assert index.isValid()
    assert model.path_of(index) == "eventContent.clientLinks[1].metadata.loyaltyTier"
    assert model.data(index, PATH_ROLE) == "eventContent.clientLinks[1].metadata.loyaltyTier"
    assert model.data(index.siblingAtColumn(VALUE_COLUMN)) == "gold"


def test_path_of_keys_that_are_not_identifiers() -> None:
    model = JsonTreeModel({"metadata": {"loyalty tier": {"2024": "x", "": "empty key"}}})
    inner = model.index_for_path(["metadata", "loyalty tier", ""])
    assert model.path_of(inner) == 'metadata["loyalty tier"][""]'
    assert model.data(inner) == '""'
    assert model.path_of(model.index_for_path(["metadata", "loyalty tier", "2024"])) == (
        'metadata["loyalty tier"]["2024"]'
    )


def test_paths_walked_down_through_index_match_index_for_path() -> None:
    model = JsonTreeModel(group_payload())
    index = QModelIndex()
    for row in (4, 7, 1, 3, 0):  # eventContent, clientLinks, [1], metadata, loyaltyTier
        index = model.index(row, 0, index)
    assert model.path_parts(index) == LINK_1_TIER
    assert index == model.index_for_path(LINK_1_TIER)
    assert model.parent(index) == model.index_for_path(LINK_1_TIER[:-1])


def test_index_for_path_that_does_not_exist() -> None:
    model = JsonTreeModel(group_payload())
    for parts in (
        ["nope"],
        ["eventContent", "clientLinks", 9],
        ["eventContent", "clientLinks", "0"],  # a key where an index is needed
        ["eventId", "deeper"],
    ):
        assert not model.index_for_path(parts).isValid()


def test_value_text_gives_json_for_containers() -> None:
    payload = group_payload()
    model = JsonTreeModel(payload)
    link = model.index_for_path(["eventContent", "clientLinks", 1])
    text = model.value_text(link)
    assert json.loads(text) == payload["eventContent"]["clientLinks"][1]
    assert "\n  " in text  # indented for reading
    assert model.value_text(model.index_for_path(["merchantId"])) == "20417"
    assert model.value_text(model.index_for_path(["eventType"])) == "booking.created"
    persistent = QPersistentModelIndex(link)
    assert model.value_text(persistent) == text


# -- laziness and search -------------------------------------------------------------------


def test_nodes_are_created_only_for_rows_that_were_asked_for() -> None:
    model = JsonTreeModel(big_payload())
    assert created_nodes(model) == 0
    assert model.rowCount() == 2
    links = model.index_for_path(["eventContent", "clientLinks"])
    assert model.rowCount(links) == 8000
    for row in range(50):
        model.data(model.index(row, VALUE_COLUMN, links))
    assert created_nodes(model) == 2 + 50
    assert model.data(model.index(7999, KEY_COLUMN, links)) == "[7999]"
    assert created_nodes(model) == 53


def test_find_walks_the_document_not_the_nodes() -> None:
    model = JsonTreeModel(big_payload())
    found = model.find("Y2-00000012")  # Y2-000000120 .. Y2-000000129
    assert [m.path for m in found] == [
        f"eventContent.clientLinks[{i}].externalId" for i in range(120, 130)
    ]
    assert all(m.column == VALUE_COLUMN for m in found)
    assert created_nodes(model) == 0
    index = model.index_for_match(found[3])
    assert model.data(index) == "Y2-000000123"
    assert index.column() == VALUE_COLUMN
    assert created_nodes(model) == 4  # eventContent, clientLinks, [123], externalId


def test_find_matches_keys_case_insensitively_in_document_order() -> None:
    model = JsonTreeModel(group_payload())
    found = model.find("LOYALTYTIER")
    assert [m.path for m in found] == [
        "eventContent.clientLinks[0].metadata.loyaltyTier",
        "eventContent.clientLinks[1].metadata.loyaltyTier",
    ]
    assert [m.column for m in found] == [KEY_COLUMN, KEY_COLUMN]
    assert model.data(model.index_for_match(found[1])) == "loyaltyTier"


def test_find_in_pre_order_across_nesting() -> None:
    model = JsonTreeModel({"a": {"deep": {"x": "hit"}}, "b": "hit", "c": ["hit", {"hit": 1}]})
    assert [m.path for m in model.find("hit")] == ["a.deep.x", "b", "c[0]", "c[1].hit"]


def test_find_numbers_booleans_and_limit() -> None:
    model = JsonTreeModel(group_payload())
    assert [m.path for m in model.find("20417")] == ["merchantId"]
    assert model.find("") == []
    assert len(model.find("e", limit=3)) == 3
    assert JsonTreeModel({"vip": True}).find("TRUE")[0].path == "vip"


def test_set_document_resets_the_model() -> None:
    model = JsonTreeModel(group_payload())
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.index_for_path(LINK_1_TIER)
    model.set_document({"only": 1})
    assert resets == [True]
    assert model.rowCount() == 1
    assert created_nodes(model) == 0
    assert model.document() == {"only": 1}


def test_matches_are_painted_by_the_model_until_the_next_search_or_document() -> None:
    model = JsonTreeModel(group_payload())
    QAbstractItemModelTester(model)
    changes: list[list[int]] = []
    model.dataChanged.connect(lambda _top, _bottom, roles: changes.append(list(roles)))
    found = model.find("LOYALTYTIER")
    model.set_matches(found)
    model.set_matches(found)  # the same cells: nothing to repaint
    background = Qt.ItemDataRole.BackgroundRole
    assert changes == [[background]]
    hit = model.index_for_match(found[1])
    assert model.data(hit, background).color().name() == ink(MARKER)
    assert model.data(hit.siblingAtColumn(VALUE_COLUMN), background) is None
    assert model.data(model.index(0, KEY_COLUMN), background) is None
    model.set_matches([])
    assert model.data(hit, background) is None
    model.set_matches(found)
    model.set_document(group_payload())
    assert model.matches == frozenset()
    assert model.data(model.index_for_match(found[1]), background) is None

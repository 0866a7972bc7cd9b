"""What a save changes on the server, judged as the PUT sends it (order and JSON types count)."""

from __future__ import annotations

import pytest

from booxi_desktop.core.link.diff import LinkDiff, describe, diff_links, readable_key, unified_lines


def test_added_removed_changed_and_unchanged() -> None:
    diff = diff_links(
        "Y2-1",
        {"a": "1", "b": "2", "c": "3", "d": "4"},
        "Y2-2",
        {"a": "1", "c": "30", "d": "4", "e": "5"},
    )
    assert diff.added == {"e": "5"}
    assert diff.removed == {"b": "2"}
    assert diff.changed == {"c": ("3", "30")}
    assert diff.external_id_change == ("Y2-1", "Y2-2")
    assert diff.unchanged_count == 2
    assert not diff.order_changed
    assert not diff.is_empty
    assert diff.change_count == 4


def test_identical_links_have_an_empty_diff() -> None:
    diff = diff_links("x", {"a": "1", "b": "2"}, "x", {"a": "1", "b": "2"})
    assert diff.is_empty
    assert diff == LinkDiff(unchanged_count=2)
    assert describe(diff) == ["No changes: the server already has exactly this."]


def test_order_alone_is_a_change() -> None:
    diff = diff_links("x", {"a": "1", "b": "2"}, "x", {"b": "2", "a": "1"})
    assert diff.order_changed
    assert not diff.is_empty
    assert (diff.added, diff.removed, diff.changed) == ({}, {}, {})
    assert any("order" in line for line in describe(diff))


def test_order_of_kept_keys_ignores_added_and_removed_ones() -> None:
    diff = diff_links("x", {"a": "1", "gone": "", "b": "2"}, "x", {"new": "", "a": "1", "b": "2"})
    assert not diff.order_changed


@pytest.mark.parametrize(
    ("old", "new"), [("1", 1), (1, True), (1, 1.0), (0, False), ("", None), (None, "null")]
)
def test_values_compare_as_sent(old: object, new: object) -> None:
    diff = diff_links("x", {"k": old}, "x", {"k": new})  # type: ignore[dict-item]
    assert diff.changed == {"k": (old, new)}


def test_nan_equals_itself() -> None:
    assert diff_links("x", {"k": float("nan")}, "x", {"k": float("nan")}).is_empty


def test_describe_in_plain_language() -> None:
    diff = diff_links(
        "Y2-1", {"a": "1", "b": "2", "": "x", "k": "old"}, "", {"k": "new", "z": "", "y": "9"}
    )
    lines = describe(diff)
    assert lines[0] == 'These keys will be deleted on the server: a, b, ""'
    assert 'The external ID will change from "Y2-1" to (empty).' in lines
    assert "These keys will get a new value: k" in lines
    assert '  k: "old" → "new"' in lines
    assert "These keys will be added: z, y" in lines
    assert not any("stay" in line for line in lines)


def test_describe_counts_unchanged_keys() -> None:
    lines = describe(diff_links("x", {"a": "1", "b": "2"}, "x", {"a": "1", "b": "3"}))
    assert lines[-1] == "1 other key(s) stay as they are."


def test_keys_that_could_mislead_are_quoted() -> None:
    lines = describe(diff_links("x", {" pad": "1", "a,b": "2", "tab\t": "3"}, "x", {}))
    assert lines == ['These keys will be deleted on the server: " pad", "a,b", "tab⟨U+0009⟩"']


def test_unified_lines_show_the_bodies() -> None:
    lines = unified_lines("x", {"a": "1", "b": "2"}, "x", {"a": "1", "b": "3"})
    assert lines[0] == "--- server"
    assert lines[1] == "+++ to send"
    assert '-    "b": "2"' in lines
    assert '+    "b": "3"' in lines
    assert unified_lines("x", {"a": "1"}, "x", {"a": "1"}) == []


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        ("tier", "tier"),
        ("", '""'),
        (" tier", '" tier"'),
        ("a, b", '"a, b"'),
        ("a\tb", '"a⟨U+0009⟩b"'),
    ],
)
def test_keys_a_reader_could_misjudge_are_quoted(key: str, shown: str) -> None:
    assert readable_key(key) == shown

from __future__ import annotations

from booxi_desktop.core.link.validation import Severity, validate


def _codes(issues):  # (severity, row, column) triples make failures easy to read
    return {(i.severity, i.row, i.column) for i in issues}


def test_clean_metadata_has_no_issues() -> None:
    assert validate("CRM-1", [("loyaltyTier", "gold"), ("store", "042")]) == []


def test_empty_duplicate_and_spaced_keys_are_errors() -> None:
    issues = validate("x", [("", "a"), ("k", "1"), ("k", "2"), (" k2", "3")])
    assert _codes(issues) == {
        (Severity.ERROR, 0, "key"),
        (Severity.ERROR, 2, "key"),
        (Severity.ERROR, 3, "key"),
    }
    duplicate = next(i for i in issues if i.row == 2)
    assert "row 2" in duplicate.message


def test_non_string_values_are_errors() -> None:
    issues = validate("x", [("n", 42), ("b", True), ("z", None)])
    assert all(i.is_error and i.column == "value" for i in issues)
    assert [i.row for i in issues] == [0, 1, 2]
    assert "a number" in issues[0].message


def test_limits_are_warnings_only() -> None:
    rows = [(f"k{i}", "v") for i in range(51)] + [("x" * 41, "y" * 501)]
    issues = validate("x", rows)
    assert issues
    assert not any(i.is_error for i in issues)
    assert {i.column for i in issues} == {"key", "value", ""}

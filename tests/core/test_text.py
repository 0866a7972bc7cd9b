"""The text helpers every part of the app writes counts, cut values and sizes with."""

from __future__ import annotations

import pytest

from booxi_desktop.core.text import (
    container_summary,
    elide,
    megabytes,
    plural,
    utf8_size,
    value_summary,
)


def test_elide_keeps_text_that_fits_and_cuts_the_rest_to_the_limit() -> None:
    assert elide("abcde", 5) == "abcde"
    assert elide("abcdef", 5) == "abcd…"
    assert len(elide("x" * 1000, 80)) == 80


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 backups"), (1, "1 backup"), (2, "2 backups"), (1500, "1500 backups")],
)
def test_plural_adds_an_s_except_for_one(count: int, expected: str) -> None:
    assert plural(count, "backup") == expected


def test_plural_takes_an_irregular_form_and_groups_thousands_when_asked() -> None:
    assert plural(1, "entry", "entries") == "1 entry"
    assert plural(1500, "entry", "entries", grouped=True) == "1,500 entries"
    assert plural(2, "key was", "keys were") == "2 keys were"


def test_containers_are_summarised_by_their_size() -> None:
    assert container_summary({}) == "{0 keys}"
    assert container_summary({"a": 1}) == "{1 key}"
    assert container_summary([1, 2, 3]) == "[3 items]"
    assert container_summary([1]) == "[1 item]"


def test_a_value_as_sent_is_json_and_cut() -> None:
    assert value_summary("é", 80) == '"é"'
    assert value_summary(None, 80) == "null"
    assert value_summary({"a": 1}, 80) == "{1 key}"
    assert value_summary("x" * 100, 10) == '"xxxxxxxx…'


def test_a_value_in_a_tree_cell_is_its_text_on_one_line() -> None:
    assert value_summary("a\r\nb\nc", 200, quoted=False) == "a↵ b↵ c"
    assert value_summary(True, 200, quoted=False) == "true"
    assert value_summary([], 200, quoted=False) == "[0 items]"
    assert value_summary("y" * 10_000, 5, quoted=False) == "yyyy…"


def test_small_containers_are_written_out_when_asked() -> None:
    assert value_summary([1, 2], 60, inline_items=5) == "[1, 2]"
    assert value_summary(list(range(6)), 60, inline_items=5) == "[6 items]"


def test_a_container_too_deep_for_json_is_summarised_not_raised() -> None:
    deep: list[object] = []
    for _ in range(100_000):
        deep = [deep]
    assert value_summary(deep, 60, inline_items=5) == "[1 item]"


def test_utf8_size_counts_bytes_exactly_or_characters_when_told_it_may() -> None:
    assert utf8_size(b"\xc3\xa9") == 2
    assert utf8_size("abc") == 3
    assert utf8_size("éé") == 4
    assert utf8_size("éé", exact=False) == 2


def test_megabytes_never_shows_a_size_over_the_limit_as_equal_to_it() -> None:
    assert megabytes(60_000_000, 50_000_000) == ("60", "50")
    assert megabytes(50_000_001, 50_000_000) == ("50.000001", "50")

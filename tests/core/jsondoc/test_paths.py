"""Paths written by format_path read back into the parts they were written from."""

from __future__ import annotations

import pytest

from booxi_desktop.core.jsondoc.decode import format_path
from booxi_desktop.core.jsondoc.paths import parse_path

ROUND_TRIPS = [
    (),
    ("eventContent", "clientLinks", 1, "metadata", "loyaltyTier"),
    ("eventContent", "clientLinks", "cegid_y2"),
    (0, "a"),
    ("", "loyalty tier", "12", 'quote " and \\ back', "a.b", "[x]"),
    ("$ref", "_x1"),
    ("é", "emoji 😀"),
]


@pytest.mark.parametrize("parts", ROUND_TRIPS)
def test_round_trip(parts) -> None:
    assert parse_path(format_path(parts)) == parts


@pytest.mark.parametrize(
    "text",
    [".a", "a..b", "a b", "a[", "a[-1]", "a[x]", 'a["unterminated]', "a.1", "[1]b", 'a["\\q"]'],
)
def test_text_that_is_not_a_path_gives_none(text) -> None:
    assert parse_path(text) is None

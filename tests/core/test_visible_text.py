"""Hidden and bidi characters shown as markers wherever keys and values are reviewed."""

from __future__ import annotations

import json

import pytest

from booxi_desktop.core.link.diff import describe, diff_links, readable_key, unified_lines
from booxi_desktop.core.link.validation import Severity, validate
from booxi_desktop.core.visible_text import (
    hidden_characters,
    json_text_safe,
    quoted,
    visible,
)

HIDDEN = [
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u200e",
    "\u200f",
    "\u061c",
    "\u00ad",
    "\u0000",
    "\u001b",
    "\u007f",
    "\u0085",
    "\u00a0",
    "\u2028",
    "\u3164",
    "\ufe0f",
    "\U000e0041",
    "\ud800",
]


@pytest.mark.parametrize("char", HIDDEN)
def test_every_hidden_character_becomes_a_marker(char: str) -> None:
    shown = visible(f"a{char}b")
    assert shown == f"a⟨U+{ord(char):04X}⟩b"
    assert shown.isprintable()


def test_a_reversed_iban_reads_as_it_is_stored() -> None:
    assert visible("\u202e9876 NABI") == "⟨U+202E⟩9876 NABI"


def test_look_alike_keys_look_different() -> None:
    assert visible("loyaltyTier") != visible("loyaltyTier\u200b")
    assert readable_key("loyaltyTier\u200b") == '"loyaltyTier⟨U+200B⟩"'


def test_a_value_cannot_fake_a_marker() -> None:
    # The marker's bracket is escaped too, so two different texts never look the same.
    faked = "loyaltyTier⟨U+200B⟩"
    assert visible(faked) != visible("loyaltyTier\u200b")
    assert visible(faked) == "loyaltyTier⟨U+27E8⟩U+200B⟩"


def test_ordinary_text_is_left_alone() -> None:
    for text in ("tier gold", "Éloïse 東京 🎉", "a-b_c.d", ""):
        assert visible(text) == text


def test_quoted_escapes_quotes_and_backslashes_like_json() -> None:
    assert quoted('a"b\\c\u200b') == '"a\\"b\\\\c⟨U+200B⟩"'


def test_hidden_characters_are_named_but_ordinary_whitespace_is_not_reported() -> None:
    assert hidden_characters("x\u202ey\u202e") == ["U+202E RIGHT-TO-LEFT OVERRIDE"]
    assert hidden_characters("line 1\nline 2\tend\r") == []
    assert hidden_characters("\u001b") == ["U+001B control character"]


def test_json_text_keeps_the_data_but_escapes_hidden_characters() -> None:
    data = {"k\u202e": "v\u200b\U000e0041\ud800", "ok": "Éloïse 東京 ⟨", "n": "a\nb"}
    text = json_text_safe(json.dumps(data, ensure_ascii=False, indent=2))
    assert json.loads(text) == data
    assert all(c.isprintable() or c == "\n" for c in text)
    assert "\\u202e" in text
    assert "Éloïse 東京 ⟨" in text  # only hidden characters are escaped


def test_describe_shows_hidden_characters_in_keys_and_values() -> None:
    diff = diff_links(
        "x",
        {"loyaltyTier": "gold", "iban": "IBAN 6789"},
        "x\u200e",
        {
            "loyaltyTier\u200b": "gold",
            "iban": "\u202e9876 NABI",
        },
    )
    text = "\n".join(describe(diff))
    assert "⟨U+202E⟩9876 NABI" in text
    assert '"loyaltyTier⟨U+200B⟩"' in text
    assert '"x⟨U+200E⟩"' in text
    assert not set(text) & set(HIDDEN)


def test_unified_lines_show_hidden_characters() -> None:
    lines = unified_lines("x", {"k": "IBAN 6789"}, "x", {"k": "\u202e9876 NABI"})
    assert '+    "k": "⟨U+202E⟩9876 NABI"' in lines


def test_validation_warns_about_hidden_characters_without_blocking() -> None:
    issues = validate("C-1\u200b", [("loyaltyTier\u200b", "gold"), ("iban", "\u202e9876")])
    hidden = [i for i in issues if "invisible or text-direction" in i.message]
    assert [(i.row, i.column) for i in hidden] == [(None, "externalId"), (0, "key"), (1, "value")]
    assert all(i.severity is Severity.WARNING for i in hidden)
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in hidden[2].message


def test_validation_does_not_warn_about_ordinary_text() -> None:
    assert validate("C-1", [("address", "1 rue Saint-Denis\nMontréal")]) == []

"""Duplicate keys and NaN/Infinity in a payload: found, located, and made problems."""

from __future__ import annotations

import json
import math

from booxi_desktop.core.jsondoc.notes import (
    DUPLICATE_KEY,
    NON_STANDARD_NUMBER,
    find_json_notes,
    strict_json_value,
)
from booxi_desktop.core.webhook.analysis import analyse

EVENT = (
    '{"eventContent": {"clientLinks": [\n'
    '  {"moduleId": "m", "clientId": 1, "externalId": "REAL", "externalId": "FAKE",\n'
    '   "metadata": {"a\\u200b": "x", "a\\u200b": "y", "n": "NaN, Infinity: not numbers"}}\n'
    '], "total": -Infinity, "avg": NaN}}'
)


def test_a_clean_payload_has_no_notes() -> None:
    assert find_json_notes('{"a": {"b": [1, "NaN", {"a": 2}]}, "b": "a"}') == []


def test_duplicate_keys_are_named_with_path_line_and_column() -> None:
    notes = [n for n in find_json_notes(EVENT) if n.code == DUPLICATE_KEY]
    assert [(n.path, n.line, n.column) for n in notes] == [
        ("eventContent.clientLinks[0].externalId", 2, 58),
        ('eventContent.clientLinks[0].metadata["a\u200b"]', 3, 33),
    ]
    assert "last value" in notes[0].message
    # The key in the message is shown, never its hidden character.
    assert '"a⟨U+200B⟩"' in notes[1].message


def test_constants_are_named_but_not_when_inside_strings() -> None:
    notes = [n for n in find_json_notes(EVENT) if n.code == NON_STANDARD_NUMBER]
    assert [(n.path, n.message.split()[0]) for n in notes] == [
        ("eventContent.total", "-Infinity"),
        ("eventContent.avg", "NaN"),
    ]


def test_array_positions_and_top_level_values_are_named() -> None:
    notes = find_json_notes("[1, [NaN, 2, Infinity]]")
    assert [n.path for n in notes] == ["[1][0]", "[1][2]"]
    assert [n.where for n in find_json_notes("NaN")] == ["the top level (line 1, column 1)"]


def test_notes_are_capped() -> None:
    text = "[" + ", ".join(["NaN"] * 500) + "]"
    assert len(find_json_notes(text, limit=20)) == 20


def test_analyse_makes_notes_problems_first() -> None:
    findings = analyse(json.loads(EVENT), "m", None, None, find_json_notes(EVENT))
    assert findings.problem_codes[:4] == [
        DUPLICATE_KEY,
        DUPLICATE_KEY,
        NON_STANDARD_NUMBER,
        NON_STANDARD_NUMBER,
    ]
    assert findings.problems[0].path == "eventContent.clientLinks[0].externalId"
    assert "line 2, column 58" in findings.problems[0].message
    # Without the notes, Python's json lets the last duplicate win unnoticed.
    assert DUPLICATE_KEY not in analyse(json.loads(EVENT), "m").problem_codes


def test_strict_json_value_writes_non_finite_numbers_as_strings() -> None:
    value = {"a": [math.nan, 1.5, {"b": -math.inf}], "c": math.inf, "d": "x"}
    strict, replaced = strict_json_value(value)
    assert strict == {"a": ["NaN", 1.5, {"b": "-Infinity"}], "c": "Infinity", "d": "x"}
    assert replaced == ["a[0]", "a[2].b", "c"]
    json.dumps(strict, allow_nan=False)
    clean = {"a": [1, 2]}
    assert strict_json_value(clean) == (clean, [])
    assert strict_json_value(clean)[0] is clean


def test_where_shows_hidden_characters_of_the_path() -> None:
    note = find_json_notes('{"a\\u202e": 1, "a\\u202e": 2}')[0]
    assert note.path == '["a\u202e"]'
    assert note.where == '["a⟨U+202E⟩"] (line 1, column 16)'

from __future__ import annotations

import json
import random
import sys
import time

import pytest

from booxi_desktop.core.jsondoc import decode
from booxi_desktop.core.jsondoc.decode import (
    JsonInputError,
    check_nesting,
    decode_json,
    format_path,
    json_type_name,
    parse_json,
)
from tests import WEBHOOKS


def refusal(data: bytes | str, **limits: int) -> JsonInputError:
    with pytest.raises(JsonInputError) as caught:
        decode_json(data, **limits)
    return caught.value


def caret_column(excerpt: str) -> int:
    """0-based position of the caret on the excerpt's second line."""
    _shown, caret = excerpt.split("\n")
    assert caret.strip() == "^"
    return caret.index("^")


# -- valid input ---------------------------------------------------------------------


def test_parses_a_payload_file_keeping_key_order() -> None:
    doc = decode_json((WEBHOOKS / "booking_single_client.json").read_bytes())
    assert list(doc) == ["eventId", "eventType", "merchantId", "createdOn", "eventContent"]
    assert doc["eventContent"]["clients"][0]["firstName"] == "Amélie"


def test_bom_and_crlf_file_reads_the_same_as_the_plain_one() -> None:
    plain = decode_json((WEBHOOKS / "booking_single_client.json").read_bytes())
    with_bom = (WEBHOOKS / "booking_bom_crlf.json").read_bytes()
    assert with_bom.startswith(b"\xef\xbb\xbf")
    assert decode_json(with_bom) == plain


@pytest.mark.parametrize(
    "data",
    [
        '\ufeff {"a": [1, "é"]}\n',
        b'\xef\xbb\xbf\r\n\t{"a": [1, "\xc3\xa9"]}  \n',
        ' {"a": [1, "é"]}',
    ],
)
def test_bom_and_surrounding_whitespace_are_stripped(data: bytes | str) -> None:
    assert decode_json(data) == {"a": [1, "é"]}


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    deep_text = "[" * 1000 + "{" * 1000
    assert decode_json(f'["{deep_text}"]', max_depth=5) == [deep_text]


def test_escaped_quotes_and_backslashes_do_not_confuse_the_depth_scan() -> None:
    text = r'["\\", "\"[[[[[[", {"k": "]]]]]]\\"}, "\\\"[[[["]'
    assert decode_json(text, max_depth=2) == ["\\", '"[[[[[[', {"k": "]]]]]]\\"}, '\\"[[[[']


def test_nesting_exactly_at_the_limit_is_accepted() -> None:
    assert decode_json("[" * 200 + "]" * 200) is not None
    assert decode_json('{"k":' * 200 + "1" + "}" * 200) is not None


def nesting(value: object) -> int:
    if isinstance(value, dict):
        return 1 + max(map(nesting, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(nesting, value), default=0)
    return 0


def random_document(rng: random.Random, depth: int) -> object:
    if depth == 0 or rng.random() < 0.25:
        return rng.choice(["text", 1, 2.5, None, True, {}, [], {"leaf": "only atoms"}])
    items = [random_document(rng, depth - 1) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.5:
        return items
    return {f"k{i}": item for i, item in enumerate(items)}


@pytest.mark.parametrize("seed", range(40))
def test_depth_limit_agrees_with_the_nesting_of_random_documents(seed: int) -> None:
    # Parsed from text, as users' payloads are: the walk relies on how parsed objects
    # are tracked, so they must be built the way json builds them.
    rng = random.Random(seed)
    text = json.dumps(random_document(rng, rng.randint(1, 12)))
    depth = nesting(json.loads(text))
    for limit in range(max(depth - 2, 1), depth + 2):
        if depth <= limit:
            assert decode_json(text, max_depth=limit) == json.loads(text)
        else:
            refusal(text, max_depth=limit)


@pytest.mark.parametrize(
    ("leaf", "depth"), [('{"a": 1}', 5), ("{}", 5), ("[]", 5), ('["a"]', 5), ("1", 4)]
)
def test_a_leaf_at_the_limit_is_accepted_and_one_level_more_refused(leaf: str, depth: int) -> None:
    text = '{"k": [' * 2 + leaf + "]}" * 2
    assert decode_json(text, max_depth=depth) is not None
    refusal(text, max_depth=depth - 1)


# -- refusals ------------------------------------------------------------------------


def test_invalid_json_reports_line_column_and_caret_under_the_fault() -> None:
    err = refusal((WEBHOOKS / "invalid_missing_comma.json").read_bytes())
    assert (err.line, err.column) == (29, 11)
    assert err.message == "Expecting ',' delimiter"
    assert str(err).startswith("Invalid JSON at line 29, column 11: Expecting ',' delimiter\n")
    shown = err.excerpt.split("\n")[0]
    assert shown.strip() == '"storeCode": "MTL-014",'
    assert shown[caret_column(err.excerpt)] == '"'
    assert err.excerpt in str(err)


def test_excerpt_of_a_long_line_is_trimmed_around_the_fault() -> None:
    text = '{"note": "' + "x" * 500 + '" "next": 1, "tail": "' + "y" * 500 + '"}'
    err = refusal(text)
    assert (err.line, err.column) == (1, 513)
    shown = err.excerpt.split("\n")[0]
    assert len(shown) <= 82
    assert shown.startswith("…")
    assert shown.endswith("…")
    assert shown[caret_column(err.excerpt)] == '"'
    assert shown[caret_column(err.excerpt) :].startswith('"next"')


def test_bytes_that_are_not_utf8_are_refused_with_their_offset() -> None:
    data = '{\n  "city": "Montréal"\n}'.encode("latin-1")
    err = refusal(data)
    assert "byte 0xE9 at byte offset 18" in err.message
    assert (err.line, err.column) == (2, 17)
    assert str(err).startswith("Not UTF-8 at line 2, column 17:")
    shown = err.excerpt.split("\n")[0]
    assert shown[caret_column(err.excerpt)] == "\ufffd"


def test_utf16_is_refused_not_guessed() -> None:
    err = refusal('{"a": 1}'.encode("utf-16"))
    assert "UTF-16" in err.message


def test_deep_nesting_bomb_is_refused_fast_without_recursion_error() -> None:
    bomb = "[" * 100_000 + "]" * 100_000
    started = time.perf_counter()
    err = refusal(bomb)
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0
    assert "more than 200 levels" in err.message
    assert (err.line, err.column) == (1, 201)
    assert str(err).startswith("Nesting too deep at line 1, column 201:")


@pytest.mark.parametrize("encode", [str, lambda text: ("\ufeff" + text).encode()])
def test_parse_then_check_nesting_is_decode_json_in_two_steps(encode) -> None:
    # What parses but nests too deep: the shown-first path parses it, then refuses it.
    text = '{"a":' * 300 + "1" + "}" * 300
    value = parse_json(encode(text))
    assert value == json.loads(text)
    with pytest.raises(JsonInputError) as caught:
        check_nesting(value, encode(text))
    assert str(caught.value) == str(refusal(encode(text)))
    assert (caught.value.line, caught.value.column) == (1, 5 * 200 + 1)
    check_nesting(json.loads('{"a": [1]}'), '{"a": [1]}')  # within the limit: no error
    # Beyond what json itself parses, parse_json refuses at once.
    with pytest.raises(JsonInputError, match="more than 200 levels"):
        parse_json("[" * 10**5)


def test_unclosed_nesting_bomb_is_refused_too() -> None:
    err = refusal(b"[" * 100_000)
    assert "more than 200 levels" in err.message


def test_one_level_over_the_limit_is_refused() -> None:
    err = refusal('{"a":' * 11 + "1" + "}" * 11, max_depth=10)
    assert err.column == 5 * 10 + 1


def test_recursion_error_is_a_last_resort_refusal() -> None:
    depth = sys.getrecursionlimit() * 20
    err = refusal("[" * depth + "]" * depth, max_depth=depth)
    assert "levels" in err.message
    assert err.line is None


def test_over_the_size_limit_is_refused_before_decoding() -> None:
    err = refusal(b"\xff" * 60_000_000)  # not UTF-8 either: the size must be checked first
    assert err.message == "The payload is 60 MB, the limit is 50 MB."
    assert str(err) == err.message


def test_size_limit_counts_utf8_bytes_of_text() -> None:
    err = refusal('"' + "é" * 600 + '"', max_bytes=1000)
    assert err.message == "The payload is 0.0012 MB, the limit is 0.001 MB."
    assert decode_json('"' + "e" * 600 + '"', max_bytes=1000) == "e" * 600


def test_just_over_the_limit_does_not_read_as_equal() -> None:
    err = refusal(b" " * 1001, max_bytes=1000)
    assert err.message == "The payload is 0.001001 MB, the limit is 0.001 MB."


@pytest.mark.parametrize("data", [b"", "", "  \n\t ", b"\xef\xbb\xbf", "\ufeff \r\n"])
def test_empty_input_says_so(data: bytes | str) -> None:
    err = refusal(data)
    assert err.message == "The payload is empty: there is no JSON to read."
    assert err.line is None


def test_unreadable_number_is_a_json_input_error() -> None:
    err = refusal("[" + "9" * 5000 + "]")
    assert "cannot be read" in err.message


def test_error_is_a_value_error() -> None:
    assert issubclass(JsonInputError, ValueError)


# -- helpers -------------------------------------------------------------------------


def test_format_path_quotes_keys_that_are_not_identifiers() -> None:
    parts = ["eventContent", "clientLinks", 1, "metadata", "loyalty tier", "ok_1", 'a"b', "1x"]
    assert (
        format_path(parts)
        == 'eventContent.clientLinks[1].metadata["loyalty tier"].ok_1["a\\"b"]["1x"]'
    )
    assert format_path([]) == ""
    assert format_path([0, "id"]) == "[0].id"


@pytest.mark.parametrize(
    ("value", "name"),
    [
        (None, "null"),
        (True, "boolean"),
        (3, "number"),
        (1.5, "number"),
        ("s", "string"),
        ({}, "object"),
        ([], "array"),
    ],
)
def test_json_type_names(value: object, name: str) -> None:
    assert json_type_name(value) == name


def test_parsing_runs_python_code_for_every_object(monkeypatch) -> None:
    # What lets a thread parsing a large payload hand the interpreter lock over.
    seen: list[dict] = []

    def count(obj: dict) -> dict:
        seen.append(obj)
        return obj

    monkeypatch.setattr(decode, "_yield_point", count)
    value = decode.decode_json('{"a": [{"b": 1}, {"c": {"d": null}}], "e": []}')
    assert value == {"a": [{"b": 1}, {"c": {"d": None}}], "e": []}
    assert len(seen) == 4
    assert seen[-1] is value

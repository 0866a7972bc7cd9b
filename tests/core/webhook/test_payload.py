"""Reading a webhook payload with no Qt: every check before anything is handed back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from booxi_desktop.core.jsondoc.decode import parse_json
from booxi_desktop.core.webhook.payload import (
    MAX_PAYLOAD_BYTES,
    SHOW_TEXT_LIMIT,
    AnalysisContext,
    decode_payload,
    read_crm_ids,
    reason,
)
from tests import WEBHOOKS

CONTEXT = AnalysisContext("cegid_y2")


def test_a_payload_is_decoded_and_analysed_in_one_step() -> None:
    data = (WEBHOOKS / "booking_single_client.json").read_bytes()
    decoded = decode_payload(data, "event.json", CONTEXT)
    assert decoded.error is None
    assert decoded.document == json.loads(data)
    assert decoded.size == len(data)
    assert decoded.text == data.decode("utf-8-sig")
    assert decoded.data == data
    assert decoded.analysis is not None
    assert decoded.analysis.findings.match is not None


@pytest.mark.parametrize("levels", [201, 990])
def test_a_payload_nested_too_deep_comes_back_with_its_refusal_only(levels: int) -> None:
    text = "[" * levels + "]" * levels
    decoded = decode_payload(text, "pasted text", CONTEXT)
    assert decoded.error is not None
    assert decoded.error.heading == "Nesting too deep"
    assert (decoded.error.line, decoded.error.column) == (1, 201)
    assert decoded.document is None
    assert decoded.analysis is None


def test_a_decoder_that_skips_the_nesting_check_is_the_callers_choice() -> None:
    decoded = decode_payload("[" * 300 + "]" * 300, "pasted text", CONTEXT, parse_json)
    assert decoded.error is None


def test_a_large_text_is_sized_without_being_shown() -> None:
    text = json.dumps({"eventContent": {"history": ["é" * 100] * (SHOW_TEXT_LIMIT // 100)}})
    decoded = decode_payload(text, "pasted text", CONTEXT)
    assert decoded.error is None
    assert decoded.text is None
    assert decoded.size == len(text)  # characters past the shown limit: a slight undercount


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.json"
    with huge.open("wb") as f:
        f.truncate(MAX_PAYLOAD_BYTES + 1)
    decoded = decode_payload(huge, huge.name, CONTEXT)
    assert decoded.error is not None
    assert decoded.error.heading == "Payload too large"
    assert decoded.error.message == "The file huge.json is 50.000001 MB, the limit is 50 MB."


def test_a_missing_file_says_so(tmp_path: Path) -> None:
    decoded = decode_payload(tmp_path / "gone.json", "gone.json", CONTEXT)
    assert decoded.error is not None
    assert decoded.error.message == "The file gone.json was not found."


def test_a_fault_while_decoding_is_a_refusal_not_an_exception() -> None:
    def broken(data: bytes | str) -> object:
        raise KeyError("boom")

    decoded = decode_payload("{}", "pasted text", CONTEXT, broken)
    assert decoded.error is not None
    assert decoded.error.heading == "The payload could not be read"
    assert str(decoded.error) == "KeyError: 'boom'"


def test_crm_ids_are_read_from_text_or_a_utf8_file(tmp_path: Path) -> None:
    export = tmp_path / "crm.csv"
    export.write_bytes("\ufeffid\nY2-1\nY2-é\n".encode())
    assert read_crm_ids(export) == frozenset({"Y2-1", "Y2-é"})
    assert read_crm_ids("Y2-1\nY2-2\n") == frozenset({"Y2-1", "Y2-2"})
    latin = tmp_path / "latin.csv"
    latin.write_bytes("id\nY2-\xe9\n".encode("latin-1"))
    with pytest.raises(ValueError, match="not UTF-8"):
        read_crm_ids(latin)


def test_reasons_end_a_sentence_about_the_file() -> None:
    assert reason(FileNotFoundError(), "crm.csv") == "crm.csv was not found."
    assert reason(IsADirectoryError(), "exports") == "exports is a folder, not a file."
    assert reason(ValueError("no id column"), "crm.csv") == "crm.csv cannot be used: no id column."

"""The command line shows hidden characters instead of sending them to the terminal,
keeps JSON output exact and strict, and flags duplicate keys and NaN in payloads."""

from __future__ import annotations

import json

from booxi_desktop.cli.main import main
from tests.cli.support import ids

TWIN = "loyaltyTier\u200b"
REVERSED = "\u202e9876 NABI"
BIDI = set("\u200b\u202e\u200e")


def test_get_keeps_the_exact_data_without_raw_bidi_characters(cli, sandbox) -> None:
    metadata = {"loyaltyTier": "gold", TWIN: "silver", "iban": REVERSED}
    sandbox.put_link_direct(sandbox.demo_client_id, sandbox.demo_module_id, "C\u200e1", metadata)
    code, out, _ = cli("get", *ids(sandbox))
    assert code == 0
    assert not BIDI & set(out)
    assert "\\u202e9876 NABI" in out
    printed = json.loads(out)["link"]
    assert printed["metadata"] == metadata
    assert printed["externalId"] == "C\u200e1"


def test_put_dry_run_describes_with_markers(cli, sandbox, tmp_path) -> None:
    sandbox.put_link_direct(
        sandbox.demo_client_id, sandbox.demo_module_id, "C-1", {"loyaltyTier": "gold"}
    )
    body = tmp_path / "b.json"
    body.write_text(json.dumps({"externalId": "C-1", "metadata": {TWIN: "gold"}}))
    code, _, err = cli("put", *ids(sandbox), "--file", str(body), "--dry-run")
    assert code == 0
    assert not BIDI & set(err)
    assert 'These keys will be added: "loyaltyTier⟨U+200B⟩"' in err
    assert "These keys will be deleted on the server: loyaltyTier" in err


def payload_file(tmp_path, text: str):
    path = tmp_path / "event.json"
    path.write_text(text, encoding="utf-8")
    return path


def test_inspect_text_shows_markers(tmp_path, capsys) -> None:
    link = {"moduleId": "m", "clientId": 1, "externalId": REVERSED, "metadata": {TWIN: "x"}}
    path = payload_file(tmp_path, json.dumps({"eventContent": {"clientLinks": [link]}}))
    main(["inspect", str(path), "--module", "m"])
    out = capsys.readouterr().out
    assert not BIDI & set(out)
    assert "⟨U+202E⟩9876 NABI" in out


DUPLICATED = """{
  "eventContent": {
    "clientLinks": [
      {"moduleId": "m", "clientId": 1, "externalId": "REAL",
       "metadata": {"tier": "gold"}, "externalId": "FAKE"}
    ],
    "total": NaN,
    "limits": [Infinity, -Infinity]
  }
}"""


def test_inspect_flags_a_duplicate_key_and_where_it_is(tmp_path, capsys) -> None:
    path = payload_file(tmp_path, DUPLICATED)
    assert main(["inspect", str(path), "--module", "m"]) == 20
    out = capsys.readouterr().out
    assert "[duplicate_key]" in out
    assert "eventContent.clientLinks[0].externalId (line 5, column 38)" in out


def test_inspect_json_is_strict_and_names_non_standard_numbers(tmp_path, capsys) -> None:
    path = payload_file(tmp_path, DUPLICATED)
    assert main(["inspect", str(path), "--module", "m", "--json"]) == 20
    captured = capsys.readouterr()
    assert "NaN" not in captured.out.replace('"NaN"', "").replace("NaN is", "")

    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in --json output")

    findings = json.loads(captured.out, parse_constant=refuse)
    assert findings["contentFields"]["total"] == "NaN"
    assert findings["contentFields"]["limits"] == ["Infinity", "-Infinity"]
    problems = {(p["code"], p["path"]) for p in findings["problems"]}
    assert ("duplicate_key", "eventContent.clientLinks[0].externalId") in problems
    assert ("non_standard_number", "eventContent.total") in problems
    assert ("non_standard_number", "eventContent.limits[0]") in problems
    assert ("non_standard_number", "eventContent.limits[1]") in problems
    assert 'written as strings ("NaN", "Infinity", "-Infinity")' in captured.err


def test_inspect_of_a_clean_payload_has_no_json_problems(data_dir, capsys) -> None:
    payload = data_dir / "webhooks" / "booking_single_client.json"
    main(["inspect", str(payload), "--module", "cegid_y2", "--json"])
    codes = [p["code"] for p in json.loads(capsys.readouterr().out)["problems"]]
    assert "duplicate_key" not in codes
    assert "non_standard_number" not in codes

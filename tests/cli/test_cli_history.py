"""``booxi-link history``: what ``put`` and ``backups restore`` recorded, filtered."""

from __future__ import annotations

import json
from pathlib import Path

from booxi_desktop.cli.main import main
from booxi_desktop.core.history.journal import HistoryJournal
from tests.cli.support import ids


def _put(cli, sandbox, tmp_path: Path, external_id: str, metadata: dict) -> None:
    body = tmp_path / "link.json"
    body.write_text(json.dumps({"externalId": external_id, "metadata": metadata}))
    code, _, err = cli("put", *ids(sandbox), "--file", str(body))
    assert code == 0, err


def _history(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["history", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_put_and_restore_are_recorded_and_listed(cli, sandbox, tmp_path, capsys) -> None:
    _put(cli, sandbox, tmp_path, "CRM-77", {"tier": "gold"})
    code, out, _ = _history(capsys, "--json")
    assert code == 0
    [record] = json.loads(out)
    assert record["version"] == 1
    assert record["outcome"] == "sent"
    assert record["source"] == "cli-put"
    assert record["clientId"] == sandbox.demo_client_id
    assert record["change"]["added"] == {"tier": "gold"}
    assert record["change"]["externalId"][1] == "CRM-77"
    backup = record["backup"]
    assert Path(backup).exists()

    code, _, err = cli("backups", "restore", backup)
    assert code == 0, err
    code, out, _ = _history(capsys)
    lines = [line for line in out.splitlines() if not line.startswith("    ")]
    assert len(lines) == 2
    assert "[cli-restore]" in lines[0]  # newest first
    assert "[cli-put]" in lines[1]
    assert "Sent" in lines[0]


def test_filters_by_client_module_and_region(cli, sandbox, tmp_path, capsys) -> None:
    _put(cli, sandbox, tmp_path, "CRM-1", {"a": "1"})
    assert len(json.loads(_history(capsys, "--json", "--region", "sandbox")[1])) == 1
    assert json.loads(_history(capsys, "--json", "--region", "eu")[1]) == []
    client = str(sandbox.demo_client_id)
    assert len(json.loads(_history(capsys, "--json", "--client", client)[1])) == 1
    assert json.loads(_history(capsys, "--json", "--client", "1")[1]) == []
    assert json.loads(_history(capsys, "--json", "--module", "other")[1]) == []
    code, out, err = _history(capsys, "--module", "other")
    assert (code, out) == (0, "")
    assert "No saves match." in err


def test_a_refused_put_is_recorded_with_its_status(cli, sandbox, tmp_path, capsys) -> None:
    body = tmp_path / "link.json"
    # Another client of the module already holds this externalId: the server refuses.
    body.write_text(json.dumps({"externalId": "Y2-000517", "metadata": {}}))
    code, _, _ = cli("put", *ids(sandbox), "--file", str(body), "--allow-empty")
    assert code != 0
    [record] = json.loads(_history(capsys, "--json")[1])
    assert (record["outcome"], record["status"]) == ("refused", 400)


def test_damaged_and_newer_records_are_counted_not_fatal(cli, sandbox, tmp_path, capsys):
    _put(cli, sandbox, tmp_path, "CRM-1", {"a": "1"})
    journal = HistoryJournal()
    good = journal.path.read_bytes()
    future = json.loads(good) | {"version": 7}
    journal.path.write_bytes(good + json.dumps(future).encode() + b"\n" + good[:40])
    code, out, err = _history(capsys, "--json")
    assert code == 0
    assert len(json.loads(out)) == 1
    assert "1 record could not be read" in err
    assert "written by a newer version" in err
    assert journal.path.read_bytes().startswith(good)


def test_an_unreadable_journal_says_so_with_its_own_exit_code(capsys) -> None:
    journal = HistoryJournal()
    journal.path.mkdir(parents=True)  # a folder where the file should be
    code, _, err = _history(capsys)
    assert code == 17
    assert "cannot be read" in err


def test_hostile_ids_in_the_journal_are_shown_not_obeyed(capsys) -> None:
    from datetime import UTC, datetime

    from booxi_desktop.core.history.record import HistoryRecord, Outcome

    HistoryJournal().append(
        HistoryRecord(
            at=datetime(2026, 1, 1, tzinfo=UTC),
            region="na\u202e",
            client_id=1,
            module_id="../evil\u202egnp.exe",
            outcome=Outcome.SENT,
            message="line\nbreak",
        )
    )
    code, out, _ = _history(capsys)
    assert code == 0
    assert "\u202e" not in out
    assert "U+202E" in out
    assert "../evil" in out
    [record] = json.loads(_history(capsys, "--json")[1])
    assert record["moduleId"] == "../evil\u202egnp.exe"  # kept exact in the data

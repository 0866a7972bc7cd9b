"""``booxi-link`` end to end against the sandbox over loopback."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from booxi_desktop.cli.main import main
from booxi_desktop.sandbox import seed
from tests.cli.support import ids


def test_get_prints_the_link_as_json(cli, sandbox) -> None:
    code, out, _ = cli("get", *ids(sandbox))
    assert code == 0
    printed = json.loads(out)
    assert printed["link"] == sandbox.get_link(sandbox.demo_client_id, sandbox.demo_module_id)
    assert printed["client"]["id"] == sandbox.demo_client_id


def test_put_backs_up_the_server_copy_then_overwrites(cli, sandbox, tmp_path) -> None:
    sandbox.get_link(sandbox.demo_client_id, sandbox.demo_module_id)
    body = tmp_path / "link.json"
    body.write_text(json.dumps({"externalId": "CRM-77", "metadata": {"tier": "gold"}}))
    code, out, err = cli("put", *ids(sandbox), "--file", str(body))
    assert code == 0, err
    after = sandbox.get_link(sandbox.demo_client_id, sandbox.demo_module_id)
    assert after["externalId"] == "CRM-77"
    assert after["metadata"] == {"tier": "gold"}
    assert json.loads(out)["link"]["externalId"] == "CRM-77"
    assert "Backup of the previous copy:" in err
    methods = [m for m, _, _ in sandbox.request_log]
    assert methods[-2:] == ["GET", "PUT"]


def test_put_dry_run_sends_nothing(cli, sandbox, tmp_path) -> None:
    body = tmp_path / "b.json"
    body.write_text(json.dumps({"externalId": "Z", "metadata": {}}))
    code, _, err = cli("put", *ids(sandbox), "--file", str(body), "--dry-run")
    assert code == 0
    assert "deleted" in err
    assert [m for m, _, _ in sandbox.request_log] == ["GET"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"externalId": "x",\n "metadata": {"a": "1",}}', "line 2, column"),
        ('{"externalId": "x", "metadata": {"a": 1}}', "must be text"),
        ('{"externalId": "x", "metadata": {}, "moduleId": "y"}', "unexpected fields"),
        ('{"externalId": "x", "metadata": {"a": "1", "a": "2"}}', "appears twice"),
        ('{"metadata": {"a": "1"}}', "missing externalId"),
        ('{"externalId": "x", "metadata": {"n": ' + "9" * 5000 + "}}", "cannot be read"),
        ('{"externalId": "x", "metadata": {"prefs": {"sms": true}}}', "JSON object"),
        ("[" * 100_000, "Nesting too deep"),
    ],
)
def test_bad_put_files_are_refused_before_any_request(cli, sandbox, tmp_path, content, expected):
    body = tmp_path / "bad.json"
    body.write_text(content)
    code, _, err = cli("put", *ids(sandbox), "--file", str(body))
    assert code == 2
    assert expected in err
    assert sandbox.request_log == []


@pytest.mark.parametrize(
    ("setup", "code"),
    [
        (lambda s, mp: mp.setenv("BOOXI_PARTNER_KEY", "wrong-key"), 3),
        (lambda s, mp: mp.setenv("BOOXI_PARTNER_KEY", seed.ACME_ONLY_KEY), 4),
        (lambda s, mp: setattr(s.faults, "fail_500", 1), 8),
        (lambda s, mp: setattr(s.faults, "fail_429", 1), 7),
        (lambda s, mp: setattr(s.faults, "drop_connection", 1), 9),
        (lambda s, mp: setattr(s.faults, "non_json", 1), 10),
    ],
)
def test_errors_have_distinct_exit_codes(cli, sandbox, monkeypatch, setup, code) -> None:
    setup(sandbox, monkeypatch)
    got, out, err = cli("get", *ids(sandbox))
    assert got == code
    assert out == ""
    assert err.startswith("booxi-link: ")
    assert err.count("\n") == 1


def test_unknown_client_is_not_found(cli, sandbox) -> None:
    code, _, err = cli("get", "--client", "987654", "--module", "cegid_y2")
    assert code == 5
    assert "404" in err


def test_non_loopback_base_url_is_refused_without_a_request(sandbox, monkeypatch, capsys) -> None:
    monkeypatch.setenv("BOOXI_PARTNER_KEY", "k")
    code = main(["get", "--client", "1", "--module", "m", "--base-url", "https://evil.example"])
    assert code == 2
    assert "loopback" in capsys.readouterr().err


def test_missing_key_says_where_to_put_it(sandbox, monkeypatch, capsys) -> None:
    import keyring
    from keyring.backends.fail import Keyring as FailKeyring

    monkeypatch.setattr(keyring, "get_keyring", lambda: FailKeyring())
    code = main(["get", *ids(sandbox), "--base-url", sandbox.base_url])
    assert code == 3
    assert "BOOXI_PARTNER_KEY" in capsys.readouterr().err
    assert sandbox.request_log == []


def test_backups_list_show_and_restore(cli, sandbox, tmp_path, capsys) -> None:
    original = sandbox.get_link(sandbox.demo_client_id, sandbox.demo_module_id)
    body = tmp_path / "link.json"
    body.write_text(json.dumps({"externalId": "CHANGED", "metadata": {"k": "v"}}))
    assert cli("put", *ids(sandbox), "--file", str(body))[0] == 0

    assert main(["backups", "list"]) == 0
    listing = capsys.readouterr().out.strip().splitlines()
    assert len(listing) == 1
    backup_file = listing[0].split()[-1]

    assert main(["backups", "show", backup_file]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["link"]["metadata"] == original["metadata"]

    code, _, err = cli("backups", "restore", backup_file)
    assert code == 0, err
    restored = sandbox.get_link(sandbox.demo_client_id, sandbox.demo_module_id)
    assert restored["externalId"] == original["externalId"]
    assert restored["metadata"] == original["metadata"]
    assert main(["backups", "list"]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 2


def test_the_installed_command_reads_stdin(sandbox) -> None:
    env = dict(os.environ, BOOXI_PARTNER_KEY=sandbox.demo_key)
    body = json.dumps({"externalId": "FROM-STDIN", "metadata": {"a": "b"}})
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "booxi_desktop.cli.main",
            "put",
            *ids(sandbox),
            "--file",
            "-",
            "--base-url",
            sandbox.base_url,
        ],
        input=body,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert sandbox.get_link(sandbox.demo_client_id, sandbox.demo_module_id)["externalId"] == (
        "FROM-STDIN"
    )
    assert sandbox.demo_key not in result.stdout + result.stderr


def test_inspect_reports_the_link_of_the_module(data_dir, capsys) -> None:
    payload = data_dir / "webhooks" / "booking_single_client.json"
    assert main(["inspect", str(payload), "--module", "cegid_y2"]) == 0
    out = capsys.readouterr().out
    assert "Link for module cegid_y2, client 5120044: eventContent.clientLinks[0]" in out
    assert "No problems found." in out


def test_inspect_exit_code_says_problems_were_found(data_dir, capsys) -> None:
    payload = data_dir / "webhooks" / "booking_group_three_clients.json"
    assert main(["inspect", str(payload), "--module", "cegid_y2", "--json"]) == 20
    findings = json.loads(capsys.readouterr().out)
    assert "ambiguous_group" in [p["code"] for p in findings["problems"]]
    args = ["inspect", str(payload), "--module", "cegid_y2", "--client", "5120987", "--json"]
    main(args)
    chosen = json.loads(capsys.readouterr().out)
    assert chosen["match"]["clientId"] == 5120987
    assert "ambiguous_group" not in [p["code"] for p in chosen["problems"]]


def test_inspect_with_crm_ids_says_returning_or_new(data_dir, tmp_path, capsys) -> None:
    crm = tmp_path / "crm.csv"
    crm.write_text("customerId,name\nY2-000418273,Amélie\n", encoding="utf-8")
    payload = data_dir / "webhooks" / "booking_single_client.json"
    code = main(["inspect", str(payload), "--module", "cegid_y2", "--crm-ids", str(crm), "--json"])
    assert code == 0
    links = json.loads(capsys.readouterr().out)["links"]
    assert [link["crmStatus"] for link in links] == ["returning", "new"]


def test_inspect_invalid_json_gives_line_and_column(data_dir, capsys) -> None:
    payload = data_dir / "webhooks" / "invalid_missing_comma.json"
    assert main(["inspect", str(payload)]) == 2
    err = capsys.readouterr().err
    assert "line 29, column 11" in err
    assert "^" in err


def test_inspect_reads_stdin(data_dir, monkeypatch, capsys) -> None:
    import io

    raw = (data_dir / "webhooks" / "booking_bom_crlf.json").read_bytes()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(raw)))
    assert main(["inspect", "-", "--module", "cegid_y2"]) in (0, 20)
    assert "eventContent.clientLinks" in capsys.readouterr().out


def test_restore_dry_run_shows_the_changes_and_sends_nothing(cli, sandbox, tmp_path, capsys):
    body = tmp_path / "link.json"
    body.write_text(json.dumps({"externalId": "CHANGED", "metadata": {"k": "v"}}))
    assert cli("put", *ids(sandbox), "--file", str(body))[0] == 0
    assert main(["backups", "list"]) == 0
    backup_file = capsys.readouterr().out.strip().split()[-1]
    sandbox.clear_request_log()
    code, _, err = cli("backups", "restore", backup_file, "--dry-run")
    assert code == 0
    assert "will be deleted on the server: k" in err
    assert [m for m, _, _ in sandbox.request_log] == ["GET"]


def test_inspect_prints_half_an_emoji_escaped(tmp_path, capsys) -> None:
    payload = tmp_path / "cut.json"
    payload.write_text('{"eventContent": {"clientLinks": [], "note": "\\ud83d"}}')
    assert main(["inspect", str(payload), "--json"]) == 20
    assert "note" in capsys.readouterr().out


def test_inspect_with_a_file_that_is_no_id_list_says_so(data_dir, tmp_path, capsys) -> None:
    crm = tmp_path / "crm.csv"
    crm.write_text('"' + "x" * 200_000 + '"\n')
    payload = data_dir / "webhooks" / "booking_single_client.json"
    assert main(["inspect", str(payload), "--crm-ids", str(crm)]) == 2
    assert "not a list of ids" in capsys.readouterr().err


def test_inspect_shows_control_characters_instead_of_sending_them(tmp_path, capsys) -> None:
    payload = tmp_path / "escape.json"
    link = {"moduleId": "m", "clientId": 1, "externalId": "A\u001b[2JB", "metadata": {}}
    payload.write_text(json.dumps({"eventContent": {"clientLinks": [link]}}))
    main(["inspect", str(payload), "--module", "m"])
    out = capsys.readouterr().out
    assert "\u001b" not in out
    assert "A⟨U+001B⟩[2JB" in out

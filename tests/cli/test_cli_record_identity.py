"""``booxi-link`` refuses another record's link, and is honest about a PUT with no answer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from booxi_desktop.cli import link_commands
from booxi_desktop.cli.main import main
from booxi_desktop.core.storage.backups import BackupStore
from booxi_desktop.sandbox import seed
from tests.cli.support import ids

BAD_ANSWER = 10
OTHER = 3104188


def puts(sandbox) -> int:
    return sum(1 for method, _, _ in sandbox.request_log if method == "PUT")


def body_file(tmp_path: Path) -> str:
    body = tmp_path / "link.json"
    body.write_text(json.dumps({"externalId": "CRM-77", "metadata": {"tier": "gold"}}))
    return str(body)


@pytest.mark.parametrize("fault", ["wrong_client", "wrong_module"])
def test_get_refuses_another_records_link(cli, sandbox, fault) -> None:
    setattr(sandbox.faults, fault, 1)
    code, out, err = cli("get", *ids(sandbox))
    assert code == BAD_ANSWER
    assert out == ""
    assert f"Asked for client {sandbox.demo_client_id}" in err
    assert "nothing was saved, backed up or sent" in err


def test_put_sends_nothing_and_backs_up_nothing_for_a_foreign_read(cli, sandbox, tmp_path) -> None:
    mine = sandbox.get_link(sandbox.demo_client_id, sandbox.demo_module_id)
    theirs = sandbox.get_link(OTHER, sandbox.demo_module_id)
    sandbox.faults.wrong_client = 1
    code, out, err = cli("put", *ids(sandbox), "--file", body_file(tmp_path))
    assert code == BAD_ANSWER
    assert out == ""
    assert f"client {OTHER}" in err
    assert puts(sandbox) == 0
    assert BackupStore().list_all().entries == []
    assert sandbox.get_link(sandbox.demo_client_id, sandbox.demo_module_id) == mine
    assert sandbox.get_link(OTHER, sandbox.demo_module_id) == theirs


def test_restore_of_a_backup_refuses_a_foreign_read(cli, sandbox, tmp_path, capsys) -> None:
    assert cli("put", *ids(sandbox), "--file", body_file(tmp_path))[0] == 0
    assert main(["backups", "list"]) == 0
    backup_file = capsys.readouterr().out.strip().split()[-1]
    sandbox.clear_request_log()
    sandbox.faults.wrong_module = 1
    code, _, err = cli("backups", "restore", backup_file)
    assert code == BAD_ANSWER
    assert f"module “{seed.ACME_CRM}”" in err
    assert puts(sandbox) == 0
    assert len(BackupStore().list_all().entries) == 1


def test_a_put_answered_with_another_record_says_it_was_sent(cli, sandbox, tmp_path) -> None:
    monkey = SlowAfterBackup(sandbox, wrong_client=1)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(link_commands, "BackupStore", monkey.store)
        code, out, err = cli("put", *ids(sandbox), "--file", body_file(tmp_path))
    assert code == BAD_ANSWER
    assert out == ""
    assert puts(sandbox) == 1
    assert "The edits were sent to" in err
    assert "booxi-link get --client" in err


def test_a_put_that_timed_out_names_the_command_to_check_and_never_says_retry(
    cli, sandbox, tmp_path
) -> None:
    monkey = SlowAfterBackup(sandbox, latency_s=1.5)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(link_commands, "BackupStore", monkey.store)
        code, _, err = cli("put", *ids(sandbox), "--file", body_file(tmp_path), "--timeout", "0.4")
    assert puts(sandbox) == 1
    assert code != 0
    assert "may have applied" in err
    assert "retry" not in err.lower()
    expected = (
        f"booxi-link get --client {sandbox.demo_client_id} --module {sandbox.demo_module_id} "
        f"--base-url {sandbox.base_url}"
    )
    assert expected in err


def test_a_get_that_timed_out_before_the_put_says_nothing_was_sent(cli, sandbox, tmp_path) -> None:
    sandbox.faults.latency_s = 1.0
    code, _, err = cli("put", *ids(sandbox), "--file", body_file(tmp_path), "--timeout", "0.3")
    assert code == 9
    assert puts(sandbox) == 0
    assert "may have applied" not in err


class SlowAfterBackup:
    """A real BackupStore that, once the backup is written, sets sandbox faults for the PUT."""

    def __init__(self, sandbox, **faults: float) -> None:
        self.sandbox = sandbox
        self.faults = faults

    def store(self) -> BackupStore:
        outer = self

        class Store(BackupStore):
            def write(self, *args, **kw):  # type: ignore[override]
                path = super().write(*args, **kw)
                for name, value in outer.faults.items():
                    setattr(outer.sandbox.faults, name, value)
                return path

        return Store()

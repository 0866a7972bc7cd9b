"""``booxi-link curl``: the printed command runs in a shell against the sandbox."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from tests.cli.support import ids

VALUES = {"quote": 'it\'s "x"', "dollar": "$HOME `id` $(id)", "lines": "a\nb", "emoji": "🎉é"}


def run_in_shell(command: str, key: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BOOXI_PARTNER_KEY": key}
    return subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, env=env, timeout=30, check=False
    )


def test_get_prints_the_command_without_the_key(cli, sandbox) -> None:
    code, out, _err = cli("curl", "get", *ids(sandbox))
    assert code == 0
    assert "--request GET" in out
    assert "$BOOXI_PARTNER_KEY" in out.replace("${BOOXI_PARTNER_KEY:?", "$BOOXI_PARTNER_KEY")
    assert sandbox.request_log == []


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_the_printed_put_stores_what_the_file_says(cli, sandbox, tmp_path) -> None:
    body = tmp_path / "body.json"
    body.write_text(json.dumps({"externalId": "Y2-'x'", "metadata": VALUES}), encoding="utf-8")
    code, out, _err = cli("curl", "put", *ids(sandbox), "--file", str(body))
    assert code == 0
    assert sandbox.request_log == []
    result = run_in_shell(out, sandbox.demo_key)
    assert result.returncode == 0, result.stderr
    stored = sandbox.get_link(sandbox.demo_client_id, sandbox.demo_module_id)
    assert stored["metadata"] == VALUES
    assert stored["externalId"] == "Y2-'x'"


def test_put_without_a_file_and_get_with_one_are_refused(cli, sandbox, tmp_path) -> None:
    code, out, err = cli("curl", "put", *ids(sandbox))
    assert code != 0
    assert "--file" in err
    assert out == ""
    code, out, err = cli("curl", "get", *ids(sandbox), "--file", str(tmp_path / "x.json"))
    assert code != 0
    assert "GET sends no body" in err


def test_a_bad_file_prints_no_command(cli, sandbox, tmp_path) -> None:
    body = tmp_path / "body.json"
    body.write_text('{"externalId": 1, "metadata": {}', encoding="utf-8")
    code, out, err = cli("curl", "put", *ids(sandbox), "--file", str(body))
    assert code != 0
    assert out == ""
    assert "body.json" in err


def test_a_region_prints_its_host(cli, sandbox) -> None:
    code, out, _err = cli("curl", "get", *ids(sandbox), "--region", "eu", target=False)
    assert code == 0
    assert " https://api.booxi.eu/booking/v1/client/" in out

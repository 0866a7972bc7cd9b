"""The cURL command: run through a real shell and curl against the sandbox."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess

import pytest

from booxi_desktop.core import errors
from booxi_desktop.core.regions import NORTH_AMERICA, sandbox_region
from booxi_desktop.core.remote.client import put_body
from booxi_desktop.core.remote.curl import KEY_VARIABLE, curl_command
from booxi_desktop.sandbox import seed

needs_curl = pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")

HOSTILE = {
    "single": "it's 'quoted'",
    "double": 'say "hi"',
    "home": "$HOME and ${HOME}",
    "backticks": "`id`",
    "subshell": "$(echo pwned) $((1+1))",
    "newlines": "line one\nline two\r\n",
    "escape": "a\\b\\'c",
    "bang": "!! !$",
    "unicode": "Montréal — 東京",
    "emoji": "🎉👩‍💻",
    "breakout": "'; touch /tmp/booxi-pwned; echo '",
}


def shell(command: str, key: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != KEY_VARIABLE}
    if key is not None:
        env[KEY_VARIABLE] = key
    return subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, env=env, timeout=30, check=False
    )


@needs_curl
def test_a_put_with_hostile_values_arrives_exactly_as_meant(sandbox) -> None:
    region = sandbox_region(sandbox.base_url)
    cid, mid = sandbox.demo_client_id, sandbox.demo_module_id
    external_id = "Y2-'$(whoami)`x`\"é"
    command = curl_command(region, "PUT", cid, mid, (external_id, HOSTILE))
    result = shell(command, sandbox.demo_key)
    assert result.returncode == 0, result.stderr
    stored = sandbox.get_link(cid, mid)
    assert stored["metadata"] == HOSTILE
    assert stored["externalId"] == external_id
    assert json.loads(result.stdout)["link"]["metadata"] == HOSTILE
    assert not os.path.exists("/tmp/booxi-pwned")


@needs_curl
def test_the_get_prints_the_stored_link(sandbox) -> None:
    region = sandbox_region(sandbox.base_url)
    cid, mid = sandbox.demo_client_id, sandbox.demo_module_id
    result = shell(curl_command(region, "GET", cid, mid), sandbox.demo_key)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["link"] == sandbox.get_link(cid, mid)
    method, _path, headers = sandbox.request_log[-1]
    assert method == "GET"
    assert {k.lower(): v for k, v in headers.items()}["booxi-partnerkey"] == sandbox.demo_key


@needs_curl
def test_without_the_variable_the_shell_stops_and_nothing_is_sent(sandbox) -> None:
    region = sandbox_region(sandbox.base_url)
    command = curl_command(region, "GET", sandbox.demo_client_id, sandbox.demo_module_id)
    result = shell(command, None)
    assert result.returncode != 0
    assert KEY_VARIABLE in result.stderr
    assert sandbox.request_log == []


@needs_curl
def test_a_hostile_module_id_stays_in_its_path_segment(sandbox) -> None:
    region = sandbox_region(sandbox.base_url)
    command = curl_command(region, "GET", sandbox.demo_client_id, "../x?y=1#z $(id)")
    result = shell(command, sandbox.demo_key)
    assert result.returncode == 0, result.stderr
    _method, path, _headers = sandbox.request_log[-1]
    assert path.endswith("/moduleLink/..%2Fx%3Fy%3D1%23z%20%24%28id%29")
    assert "not authorized" in json.loads(result.stdout)["message"]


def test_the_body_is_the_clients_put_body_and_no_key_is_written() -> None:
    body = ("EXT-1", {"k": "v'\n$x", "n": "é"})
    command = curl_command(NORTH_AMERICA, "PUT", 3104187, "cegid_y2", body)
    words = shlex.split(command)
    assert words[words.index("--data-binary") + 1] == put_body(*body).decode()
    assert words[words.index("--request") + 1] == "PUT"
    assert "https://api.booxi.com/booking/v1/client/3104187/moduleLink/cegid_y2" in words
    assert f'"Booxi-PartnerKey: ${{{KEY_VARIABLE}:?' in command
    assert seed.DEMO_KEY not in command
    assert command.isascii()


def test_a_get_has_no_body_and_a_put_needs_one() -> None:
    get = curl_command(NORTH_AMERICA, "GET", 1, "m")
    assert "--data-binary" not in get
    assert "Content-Type" not in get
    with pytest.raises(errors.InvalidInputError):
        curl_command(NORTH_AMERICA, "PUT", 1, "m")
    with pytest.raises(errors.InvalidInputError):
        curl_command(NORTH_AMERICA, "GET", 1, "m", ("x", {}))
    with pytest.raises(errors.InvalidInputError):
        curl_command(NORTH_AMERICA, "GET", 0, "m")

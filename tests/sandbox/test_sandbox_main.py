from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.sandbox.sandbox_helpers import link_path

pytestmark = pytest.mark.subprocess


def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "booxi_desktop.sandbox", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )


def read_banner(proc: subprocess.Popen[str]) -> dict[str, str]:
    assert proc.stdout is not None
    lines = [proc.stdout.readline().rstrip("\n") for _ in range(4)]
    assert [line.split("=", 1)[0] for line in lines] == [
        "BASE_URL",
        "PARTNER_KEY",
        "CLIENT_ID",
        "MODULE_ID",
    ]
    return dict(line.split("=", 1) for line in lines)


@pytest.fixture
def proc() -> Iterator[subprocess.Popen[str]]:
    p = start("--no-rate-limit")
    yield p
    if p.poll() is None:
        p.kill()
        p.wait(timeout=10)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_prints_banner_serves_and_stops_cleanly(sig: signal.Signals) -> None:
    p = start()
    try:
        info = read_banner(p)
        assert info["BASE_URL"].startswith("http://127.0.0.1:")
        assert info["MODULE_ID"] == "cegid_y2"
        r = httpx.get(
            info["BASE_URL"] + link_path(info["CLIENT_ID"], info["MODULE_ID"]),
            headers={"Booxi-PartnerKey": info["PARTNER_KEY"]},
        )
        assert r.status_code == 200
        assert r.json()["link"]["clientId"] == int(info["CLIENT_ID"])
        p.send_signal(sig)
        out, err = p.communicate(timeout=10)
    finally:
        if p.poll() is None:
            p.kill()
    assert p.returncode == 0
    assert "Traceback" not in err
    assert out == ""
    assert info["PARTNER_KEY"] not in err


def test_fault_options(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    p = start("--fail-500", "1", "--fail-429", "1", "--state", str(state), "--no-rate-limit")
    try:
        info = read_banner(p)
        url = info["BASE_URL"] + link_path(info["CLIENT_ID"], info["MODULE_ID"])
        headers = {"Booxi-PartnerKey": info["PARTNER_KEY"]}
        codes = [httpx.get(url, headers=headers).status_code for _ in range(3)]
        assert codes == [500, 429, 200]
        r = httpx.put(url, headers=headers, json={"externalId": "cli", "metadata": {}})
        assert r.status_code == 200
        p.send_signal(signal.SIGTERM)
        p.communicate(timeout=10)
    finally:
        if p.poll() is None:
            p.kill()
    assert p.returncode == 0
    assert '"cli"' in state.read_text(encoding="utf-8")


def test_fixed_port_in_use(proc: subprocess.Popen[str]) -> None:
    port = read_banner(proc)["BASE_URL"].split(":")[2].split("/")[0]
    other = start("--port", port)
    out, err = other.communicate(timeout=10)
    assert other.returncode == 1
    assert "cannot listen" in err
    assert out == ""


def test_help_lists_options() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "booxi_desktop.sandbox", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for option in ("--port", "--state", "--latency", "--fail-500", "--fail-429", "--drop"):
        assert option in out
    assert "--malformed" in out
    assert "--no-rate-limit" in out


def test_sandbox_never_imports_qt() -> None:
    code = (
        "import sys, booxi_desktop.sandbox.server, booxi_desktop.sandbox.__main__;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'qasync')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_webhook_options_and_the_simulate_command() -> None:
    from tests.sandbox.webhook_recorder import recorder

    with recorder() as hook:
        p = start("--no-rate-limit", "--webhook", hook.url, "--webhook-method", "put")
        try:
            info = read_banner(p)
            port = info["BASE_URL"].split(":")[2].split("/")[0]
            command = [sys.executable, "-m", "booxi_desktop.sandbox", "simulate", "--port"]
            done = subprocess.run(
                [*command, port, "--duplicate", "--problem", "missing_link"],
                capture_output=True,
                text=True,
                timeout=60,
                cwd=Path(__file__).resolve().parents[2],
            )
            p.send_signal(signal.SIGTERM)
            _, err = p.communicate(timeout=10)
        finally:
            if p.poll() is None:
                p.kill()
        arrivals = hook.snapshot()
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("booking ")
    assert lines[1:] == [
        f"PUT {hook.url}: HTTP 200" + lines[1].rpartition("HTTP 200")[2],
        f"PUT {hook.url} (duplicate): HTTP 200" + lines[2].rpartition("HTTP 200")[2],
    ]
    assert [a.method for a in arrivals] == ["PUT", "PUT"]
    assert arrivals[0].json()["eventId"] == arrivals[1].json()["eventId"]
    assert arrivals[0].json()["eventId"] in lines[0]
    assert f"PUT {hook.url}" in err


def test_a_remote_webhook_is_refused_at_start() -> None:
    p = start("--webhook", "http://example.com/hook")
    _, err = p.communicate(timeout=30)
    assert p.returncode == 2
    assert "loopback" in err


def test_simulate_without_a_registration_or_a_sandbox_fails_clearly(
    proc: subprocess.Popen[str],
) -> None:
    port = read_banner(proc)["BASE_URL"].split(":")[2].split("/")[0]
    command = [sys.executable, "-m", "booxi_desktop.sandbox", "simulate", "--port"]
    refused = subprocess.run([*command, port], capture_output=True, text=True, timeout=60)
    assert refused.returncode == 1
    assert "no webhook is registered" in refused.stderr
    proc.kill()
    proc.wait(timeout=10)
    gone = subprocess.run([*command, port], capture_output=True, text=True, timeout=60)
    assert gone.returncode == 1
    assert "no sandbox answers" in gone.stderr

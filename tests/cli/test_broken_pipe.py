"""``booxi-link ... | head``: a reader that stops early ends the command quietly."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from booxi_desktop.cli.main import EXIT_BROKEN_PIPE

pytestmark = pytest.mark.subprocess


def big_payload(count: int) -> dict[str, object]:
    # Far more output than a pipe holds, so the writer meets the closed end.
    links = [
        {"moduleId": "cegid_y2", "clientId": 1000 + i, "externalId": f"Y2-{i:08d}", "metadata": {}}
        for i in range(count)
    ]
    return {"eventContent": {"clientLinks": links}}


def test_a_closed_pipe_ends_the_command_without_a_traceback(tmp_path):
    payload = tmp_path / "big.json"
    payload.write_text(json.dumps(big_payload(4000)), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "booxi_desktop.cli.main", "inspect", str(payload), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None
    assert proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # what `head -1` does once it has its line
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == EXIT_BROKEN_PIPE, err
    assert first.strip()
    assert err == ""


def test_a_reader_that_takes_everything_sees_exit_code_zero(tmp_path):
    payload = tmp_path / "big.json"
    payload.write_text(json.dumps(big_payload(4000)), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-m", "booxi_desktop.cli.main", "inspect", str(payload), "--json"],
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)

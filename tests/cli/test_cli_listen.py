"""``booxi-link listen`` in a real process, and ``replay`` of its exports, over loopback."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import httpx
import pytest

from booxi_desktop.cli.main import main
from booxi_desktop.core.webhook.receiver.export import Request, http_bytes

EVENT = {
    "eventId": "evt-9",
    "eventContent": {"clientLinks": [{"moduleId": "cegid_y2", "clientId": 3, "externalId": "X"}]},
}


def test_listen_prints_the_url_first_then_a_line_per_delivery_and_exits_0_on_sigterm() -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "booxi_desktop.cli.main", "listen", "--module", "cegid_y2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("RECEIVER_URL=http://127.0.0.1:")
        url = first.strip().split("=", 1)[1]
        with httpx.Client(trust_env=False) as client:
            client.post(url, content=json.dumps(EVENT))
            client.put(url + "again", content=json.dumps(EVENT))
            client.post(url, content=b"not json")
        lines = [process.stdout.readline() for _ in range(3)]
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=20)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert "POST  evt-9  match  problems=0" in lines[0]
    assert "PUT  evt-9  duplicate of #1  match" in lines[1]
    assert "problems=1" in lines[2]
    assert "not JSON" in lines[2]
    assert "Stopped: 3 received" in err


class Recorder(BaseHTTPRequestHandler):
    seen: ClassVar[list[tuple[str, str, bytes]]] = []

    def _record(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.seen.append((self.command, self.headers.get("X-Hook", ""), body))
        self.send_response(204)
        self.end_headers()

    do_POST = do_PUT = _record

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def handler_url() -> Iterator[str]:
    Recorder.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_replay_sends_an_http_export_again(
    handler_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "d.http"
    body = json.dumps(EVENT).encode()
    export.write_bytes(http_bytes(Request("PUT", "/x", (("X-Hook", "7"),), body)))
    assert main(["replay", str(export), "--to", handler_url]) == 0
    assert Recorder.seen == [("PUT", "7", body)]
    assert capsys.readouterr().out.startswith("204 in ")


def test_replay_of_a_json_body_posts_it(handler_url: str, tmp_path: Path) -> None:
    export = tmp_path / "d.json"
    export.write_bytes(b'{"a": 1}')
    assert main(["replay", str(export), "--to", handler_url]) == 0
    assert Recorder.seen == [("POST", "", b'{"a": 1}')]


def test_replay_refuses_a_file_that_is_no_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "d.txt"
    export.write_bytes(b"hello")
    assert main(["replay", str(export), "--to", "http://127.0.0.1:9/"]) != 0
    assert "neither a .http export nor JSON" in capsys.readouterr().err

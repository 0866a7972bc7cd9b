from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from booxi_desktop.core.webhook.receiver.export import Request, http_bytes, parse_http
from booxi_desktop.core.webhook.replay import needs_confirmation, replay


class Recorder(BaseHTTPRequestHandler):
    disable_nagle_algorithm = True
    seen: ClassVar[list[tuple[str, str, list[tuple[str, str]], bytes]]] = []

    def _record(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        self.seen.append((self.command, self.path, list(self.headers.items()), body))
        self.send_response(202)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    do_POST = do_PUT = _record

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def handler_url() -> Iterator[str]:
    Recorder.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/mine"
    server.shutdown()
    server.server_close()


def test_replay_sends_method_headers_and_body_byte_for_byte(
    handler_url: str, run: Callable[[object], object]
) -> None:
    body = b'{"eventId": "e\xc3\xa9", "x": [1, 2]}\n'
    request = Request(
        "PUT",
        "/hook",
        (
            ("Host", "abc.example"),
            ("Content-Type", "application/json; charset=utf-8"),
            ("X-Booxi-Event", "reservation"),
            ("Content-Length", "999"),
            ("Connection", "keep-alive"),
            ("Booxi-PartnerKey", "must-not-go"),
        ),
        body,
    )
    result = run(replay(request, handler_url))
    assert result.status == 202  # type: ignore[attr-defined]
    assert result.elapsed_ms >= 0  # type: ignore[attr-defined]
    ((method, path, headers, received),) = Recorder.seen
    assert method == "PUT"
    assert path == "/mine"
    assert received == body
    names = {k.lower(): v for k, v in headers}
    assert names["content-type"] == "application/json; charset=utf-8"
    assert names["x-booxi-event"] == "reservation"
    assert names["content-length"] == str(len(body))
    assert names["host"].startswith("127.0.0.1")
    assert "booxi-partnerkey" not in names
    assert "user-agent" not in names
    assert "accept" not in names


def test_an_unreachable_handler_is_a_result_not_an_exception(
    run: Callable[[object], object],
) -> None:
    result = run(replay(Request("POST", "/", (), b"{}"), "http://127.0.0.1:9/"))
    assert result.status is None  # type: ignore[attr-defined]
    assert result.error  # type: ignore[attr-defined]


def test_loopback_needs_no_confirmation_and_other_hosts_do() -> None:
    assert not needs_confirmation("http://127.0.0.1:8000/x")
    assert not needs_confirmation("http://localhost/x")
    assert needs_confirmation("https://handler.example.com/hook")
    with pytest.raises(ValueError, match="not an http"):
        needs_confirmation("ftp://x/")


def test_http_export_round_trips() -> None:
    request = Request(
        "POST", "/a?b=1", (("Content-Type", "application/json"), ("X-A", "1")), b"\r\n\r\n{}"
    )
    assert parse_http(http_bytes(request)) == request
    with pytest.raises(ValueError, match="request line"):
        parse_http(b"hello\r\n\r\n")

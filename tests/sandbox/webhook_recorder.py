"""A loopback HTTP endpoint that records what arrives, for the sandbox's webhook deliveries."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Arrival:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class Recorder(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, status: int = 200) -> None:
        self.status = status
        self.arrivals: list[Arrival] = []
        self.lock = threading.Lock()
        # Cleared by a test to hold answers back; every handler waits on it.
        self.release = threading.Event()
        self.release.set()
        super().__init__(("127.0.0.1", 0), _Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hooks/booxi"

    def snapshot(self) -> list[Arrival]:
        with self.lock:
            return list(self.arrivals)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def _record(self) -> None:
        server = self.server
        assert isinstance(server, Recorder)
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with server.lock:
            server.arrivals.append(
                Arrival(
                    self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body
                )
            )
        server.release.wait(30)
        self.send_response(server.status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    do_POST = do_PUT = _record

    def log_message(self, format: str, *args: Any) -> None:
        return


@contextmanager
def recorder(status: int = 200) -> Iterator[Recorder]:
    server = Recorder(status)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    try:
        yield server
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

"""HTTP plumbing: read a request, apply injected faults, hand it to the API, write the answer."""

from __future__ import annotations

import contextlib
import logging
import socket
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, cast

from booxi_desktop.sandbox.api import PARTNER_KEY_HEADER, SandboxApi
from booxi_desktop.sandbox.control import SandboxControl
from booxi_desktop.sandbox.faults import Fault, Faults, fault_response, wrong_record_response
from booxi_desktop.sandbox.responses import Response, error_response

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 1024 * 1024
# Bodies up to this size are read and thrown away after a 413 so that the client reads the
# answer instead of a connection reset; beyond it the connection is simply closed.
_DRAIN_LIMIT = 64 * 1024 * 1024
_CHUNK = 64 * 1024
REQUEST_LOG_SIZE = 1000
_KEY_HEADER = PARTNER_KEY_HEADER.lower()


class Headers(dict[str, str]):
    """Request headers with case-insensitive lookup, as HTTP defines them."""

    def __init__(self, message: Message) -> None:
        super().__init__((k.lower(), v) for k, v in message.items())

    def __getitem__(self, key: str) -> str:
        return super().__getitem__(key.lower())

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and super().__contains__(key.lower())

    def get(self, key: str, default: Any = None) -> Any:
        return super().get(key.lower(), default)

    def __repr__(self) -> str:
        # Test failures print the request log; the partner key must not end up in their output.
        shown = {k: ("***" if k == _KEY_HEADER else v) for k, v in self.items()}
        return f"Headers({shown!r})"


RequestLogEntry = tuple[str, str, Headers]


class RequestLog:
    """The last requests received, for tests to check what a client really sent."""

    def __init__(self, size: int = REQUEST_LOG_SIZE) -> None:
        self._entries: deque[RequestLogEntry] = deque(maxlen=size)
        self._lock = threading.Lock()

    def append(self, entry: RequestLogEntry) -> None:
        with self._lock:
            self._entries.append(entry)

    def snapshot(self) -> list[RequestLogEntry]:
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


@dataclass
class Context:
    api: SandboxApi
    faults: Faults
    request_log: RequestLog = field(default_factory=RequestLog)
    verbose: bool = False
    control: SandboxControl | None = None


class SandboxHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], context: Context) -> None:
        self.context = context
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(address, SandboxHandler)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        sock = cast(socket.socket, request)
        with self._open_lock:
            self._open.add(sock)
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._open_lock:
                self._open.discard(sock)

    def close_open_connections(self) -> None:
        """End keep-alive connections too, so a stopped sandbox answers nobody."""
        with self._open_lock:
            open_sockets = list(self._open)
        for sock in open_sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that hang up (dropped-connection tests, timeouts) are routine, not errors.
        exc = sys.exc_info()[1]
        if isinstance(exc, OSError):
            return
        log.error("sandbox connection failed", exc_info=exc)


class SandboxHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "BooxiSandbox/1.0"
    sys_version = ""
    # Without it, Nagle and delayed ACK add ~40 ms to every loopback answer.
    disable_nagle_algorithm = True
    # An idle keep-alive connection must not hold its thread forever.
    timeout = 120

    def do_GET(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PATCH(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: Any) -> None:
        # Quiet: the standard log line would go to stderr for every request.
        return

    @property
    def _context(self) -> Context:
        return cast(SandboxHTTPServer, self.server).context

    def _serve(self) -> None:
        ctx = self._context
        headers = Headers(self.headers)
        ctx.request_log.append((self.command, self.path, headers))
        if ctx.control is not None and ctx.control.owns(self.path):
            self._serve_control(ctx.control)
            return
        latency, fault, size = ctx.faults.take()
        body, refusal = self._read_body()
        if latency:
            time.sleep(latency)
        if fault is Fault.DROP_CONNECTION:
            self.close_connection = True
            self._note("dropped")
            return
        if fault is not None:
            response = fault_response(fault, size)
        elif refusal is not None:
            response = refusal
        else:
            response = self._misdirected(ctx, self._answer(ctx, headers, body))
        self._send(response)
        self._note(str(response.status))

    def _serve_control(self, control: SandboxControl) -> None:
        # Faults are for the Booxi API: driving the sandbox must neither suffer nor use them.
        body, refusal = self._read_body()
        if refusal is None:
            try:
                refusal = control.handle(self.command, self.path, body)
            except Exception:
                log.exception("sandbox failed to answer %s %s", self.command, self.path)
                refusal = error_response(500, "internal sandbox error")
        self._send(refusal)
        self._note(str(refusal.status))

    def _answer(self, ctx: Context, headers: Headers, body: bytes) -> Response:
        try:
            return ctx.api.handle(self.command, self.path, headers.get(PARTNER_KEY_HEADER), body)
        except Exception:
            log.exception("sandbox failed to answer %s %s", self.command, self.path)
            return error_response(500, "internal sandbox error")

    def _misdirected(self, ctx: Context, response: Response) -> Response:
        if response.status != 200 or "/moduleLink/" not in self.path:
            return response
        fault = ctx.faults.take_wrong_record()
        if fault is None:
            return response
        return wrong_record_response(response, fault, ctx.api.store)

    def _read_body(self) -> tuple[bytes, Response | None]:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.close_connection = True
            return b"", error_response(411, "send the body with a Content-Length")
        raw_length = self.headers.get("Content-Length")
        if raw_length is None:
            return b"", None
        try:
            length = int(raw_length)
        except ValueError:
            length = -1
        if length < 0:
            self.close_connection = True
            return b"", error_response(400, "invalid Content-Length")
        if length > MAX_BODY_BYTES:
            if length <= _DRAIN_LIMIT:
                self._discard(length)
            else:
                self.close_connection = True
            return b"", error_response(
                413, f"the body is larger than {MAX_BODY_BYTES} bytes ({length} bytes)"
            )
        body = self.rfile.read(length)
        if len(body) < length:
            self.close_connection = True
        return body, None

    def _discard(self, length: int) -> None:
        while length > 0:
            chunk = self.rfile.read(min(length, _CHUNK))
            if not chunk:
                self.close_connection = True
                return
            length -= len(chunk)

    def _send(self, response: Response) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers:
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        try:
            self.wfile.write(response.body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _note(self, outcome: str) -> None:
        # Method, path and outcome only: headers carry the partner key and are never logged.
        if self._context.verbose:
            log.info("%s %s -> %s", self.command, self.path, outcome)

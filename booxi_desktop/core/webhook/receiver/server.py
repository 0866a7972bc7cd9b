"""The receiver: an HTTP/1.1 endpoint on loopback that keeps every delivery in a ring.

It runs asyncio streams on its own thread and event loop, so a flood of connections or a
large body is parsed there and never on the window's thread; ``h11`` does the HTTP parsing
(chunked bodies included). ``http.server.ThreadingHTTPServer`` was not used: it spends one
thread per connection with no bound, so 200 idle connections would be 200 threads.

Every request is answered before its body is analysed, so Booxi sees a quick ``200``.
Nothing is written to disk.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import h11

from booxi_desktop.core.jsondoc.decode import MAX_PAYLOAD_BYTES
from booxi_desktop.core.webhook.payload import AnalysisContext
from booxi_desktop.core.webhook.receiver.delivery import Delivery, Summary, read_body
from booxi_desktop.core.webhook.receiver.ring import DeliveryRing

MAX_HEADER_BYTES = 64 * 1024
MAX_CONNECTIONS = 256
# Body bytes being read at once, all connections together: beyond it, 503 (chunked
# bodies declare no length, so what has arrived is counted).
MAX_IN_FLIGHT_BYTES = 2 * MAX_PAYLOAD_BYTES
READ_TIMEOUT = 10.0
# A sender trickling a byte now and then is cut off after this long all the same.
REQUEST_TIMEOUT = 60.0
ACCEPTED_METHODS = (b"POST", b"PUT")
BACKLOG = 512
_READ_SIZE = 65536

DeliveryCallback = Callable[[Delivery], None]


@dataclass
class ReceiverCounts:
    """What did not become a kept delivery, or went: read from any thread."""

    refused: int = 0
    """Requests answered with an error (too large, bad HTTP, wrong method)."""
    too_large: int = 0
    rejected_connections: int = 0
    """Closed at once because too many were open."""
    timed_out: int = 0
    open_connections: int = 0
    by_status: dict[int, int] = field(default_factory=dict)


class Receiver:
    def __init__(
        self,
        context: AnalysisContext | None = None,
        *,
        ring: DeliveryRing | None = None,
        on_delivery: DeliveryCallback | None = None,
        forward: DeliveryCallback | None = None,
        max_body_bytes: int = MAX_PAYLOAD_BYTES,
        max_header_bytes: int = MAX_HEADER_BYTES,
        max_connections: int = MAX_CONNECTIONS,
        read_timeout: float = READ_TIMEOUT,
        request_timeout: float = REQUEST_TIMEOUT,
        max_in_flight_bytes: int = MAX_IN_FLIGHT_BYTES,
    ) -> None:
        self.context = context or AnalysisContext()
        self.ring = ring if ring is not None else DeliveryRing()
        self.on_delivery = on_delivery
        """Called on the receiver's thread after each delivery is kept; must not block."""
        self.forward = forward
        """When set, each delivery goes there (unnumbered) instead of into :attr:`ring`."""
        self.max_body_bytes = max_body_bytes
        self.max_header_bytes = max_header_bytes
        self.max_connections = max_connections
        self.read_timeout = read_timeout
        self.request_timeout = request_timeout
        self.max_in_flight_bytes = max_in_flight_bytes
        self.counts = ReceiverCounts()
        self._in_flight = 0
        self._port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.Server | None = None
        self._thread: threading.Thread | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    # -- life ---------------------------------------------------------------------------

    def start(self, port: int = 0, *, sock: socket.socket | None = None) -> str:
        """Listen on ``127.0.0.1:port`` (0: any free one), or on ``sock`` already bound there.

        The URL to register; ``OSError`` when the port is taken.
        """
        if self._thread is not None:
            return self.url
        ready = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            try:
                if sock is not None:
                    listening = asyncio.start_server(self._serve, sock=sock, limit=_READ_SIZE)
                else:
                    listening = asyncio.start_server(
                        self._serve, "127.0.0.1", port, limit=_READ_SIZE, backlog=BACKLOG
                    )
                self._server = loop.run_until_complete(listening)
                self._port = self._server.sockets[0].getsockname()[1]
            except BaseException as exc:
                failure.append(exc)
                ready.set()
                loop.close()
                return
            ready.set()
            try:
                loop.run_forever()
            finally:
                loop.run_until_complete(self._shutdown())
                loop.close()

        self._thread = threading.Thread(target=run, name="webhook-receiver", daemon=True)
        self._thread.start()
        ready.wait()
        if failure:
            self._thread = None
            raise failure[0]
        return self.url

    def stop(self) -> None:
        thread, loop = self._thread, self._loop
        if thread is None or loop is None:
            return
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        self._thread = None
        self._loop = None

    @property
    def running(self) -> bool:
        return self._thread is not None

    @property
    def port(self) -> int:
        return self._port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._port}/"

    def __enter__(self) -> Receiver:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    async def _shutdown(self) -> None:
        if self._server is not None:
            self._server.close()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()

    # -- one connection -----------------------------------------------------------------

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        counts = self.counts
        if counts.open_connections >= self.max_connections:
            counts.rejected_connections += 1
            writer.transport.abort()
            return
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        counts.open_connections += 1
        try:
            await self._conversation(reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        except TimeoutError:
            counts.timed_out += 1
        finally:
            counts.open_connections -= 1
            self._tasks.discard(task)
            writer.transport.abort()

    async def _conversation(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        conn = h11.Connection(h11.SERVER, max_incomplete_event_size=self.max_header_bytes)
        while True:
            request, received_at = None, None
            body = bytearray()
            reserved = 0
            deadline = asyncio.get_running_loop().time() + self.request_timeout
            try:
                while True:
                    event = conn.next_event()
                    if event is h11.NEED_DATA:
                        left = deadline - asyncio.get_running_loop().time()
                        data = await asyncio.wait_for(
                            reader.read(_READ_SIZE), max(0.0, min(self.read_timeout, left))
                        )
                        if received_at is None:
                            received_at = datetime.now(UTC)
                        conn.receive_data(data)
                        continue
                    if isinstance(event, h11.Request):
                        request = event
                        # h11 bounds only a head that arrives in pieces; one that came
                        # whole in a single read is measured here.
                        refusal = self._head_refusal(event) or self._refusal(event)
                        if refusal is not None:
                            await self._refuse(conn, writer, event, received_at, *refusal)
                            return
                    elif isinstance(event, h11.Data):
                        body += event.data
                        reserved += len(event.data)
                        self._in_flight += len(event.data)
                        if self._in_flight > self.max_in_flight_bytes:
                            reason = "Too many large bodies arriving at once; retry later."
                            await self._refuse(conn, writer, request, received_at, 503, reason)
                            return
                        if len(body) > self.max_body_bytes:
                            await self._refuse(
                                conn,
                                writer,
                                request,
                                received_at,
                                413,
                                _too_large(self.max_body_bytes),
                            )
                            return
                    elif isinstance(event, h11.EndOfMessage):
                        break
                    elif isinstance(event, h11.ConnectionClosed):
                        return
                    else:
                        return
            except h11.RemoteProtocolError as exc:
                status = exc.error_status_hint
                if conn.our_state in (h11.IDLE, h11.SEND_RESPONSE) and (received_at is not None):
                    reason = _protocol_reason(str(exc), status, self.max_header_bytes)
                    await self._refuse(conn, writer, request, received_at, status, reason)
                return
            finally:
                self._in_flight -= reserved
            assert request is not None
            await _answer(conn, writer, 200, b'{"received": true}', keep_alive=True)
            self._keep(request, bytes(body), received_at or datetime.now(UTC), 200, None)
            if conn.our_state is not h11.DONE or conn.their_state is not h11.DONE:
                return
            conn.start_next_cycle()

    def _head_refusal(self, request: h11.Request) -> tuple[int, str] | None:
        size = len(request.method) + len(request.target) + 12
        size += sum(len(k) + len(v) + 4 for k, v in request.headers.raw_items())
        if size > self.max_header_bytes:
            return 431, _protocol_reason("", 431, self.max_header_bytes)
        return None

    def _refusal(self, request: h11.Request) -> tuple[int, str] | None:
        if request.method not in ACCEPTED_METHODS:
            return (
                405,
                f"{request.method.decode('ascii', 'replace')} is not a delivery: "
                "only POST and PUT are.",
            )
        length = _declared_length(request)
        if length is not None and length > self.max_body_bytes:
            return 413, _too_large(self.max_body_bytes, length)
        if length is not None and self._in_flight + length > self.max_in_flight_bytes:
            return 503, "Too many large bodies arriving at once; retry later."
        return None

    async def _refuse(
        self,
        conn: h11.Connection,
        writer: asyncio.StreamWriter,
        request: h11.Request | None,
        received_at: datetime | None,
        status: int,
        reason: str,
    ) -> None:
        self.counts.refused += 1
        if status == 413:
            self.counts.too_large += 1
        self.counts.by_status[status] = self.counts.by_status.get(status, 0) + 1
        if conn.our_state in (h11.IDLE, h11.SEND_RESPONSE):
            with contextlib.suppress(h11.LocalProtocolError, ConnectionError):
                await _answer(conn, writer, status, reason.encode(), keep_alive=False)
        if request is not None:
            self._keep(request, b"", received_at or datetime.now(UTC), status, reason)
        else:
            self._keep_unparsed(received_at or datetime.now(UTC), status, reason)

    # -- keeping ------------------------------------------------------------------------

    def _keep(
        self, request: h11.Request, body: bytes, when: datetime, status: int, error: str | None
    ) -> None:
        headers = tuple(
            (k.decode("latin-1"), v.decode("latin-1")) for k, v in request.headers.raw_items()
        )
        target = request.target.decode("latin-1")
        method = request.method.decode("latin-1")
        if error is None:
            reading = read_body(body, headers, self.context)
            delivery = Delivery(
                0,
                when,
                method,
                target,
                headers,
                body,
                status,
                reading.error,
                reading.event_id,
                None if reading.findings is None else Summary.of(reading.findings),
            )
        else:
            delivery = Delivery(0, when, method, target, headers, b"", status, error)
        self._publish(delivery)

    def _keep_unparsed(self, when: datetime, status: int, error: str) -> None:
        self._publish(Delivery(0, when, "—", "—", (), b"", status, error))

    def _publish(self, delivery: Delivery) -> None:
        if self.forward is not None:
            self.forward(delivery)
            return
        kept = self.ring.add(delivery)
        if self.on_delivery is not None:
            self.on_delivery(kept)


async def _answer(
    conn: h11.Connection,
    writer: asyncio.StreamWriter,
    status: int,
    body: bytes,
    *,
    keep_alive: bool,
) -> None:
    headers = [
        (b"content-type", b"application/json" if status == 200 else b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
    ]
    if not keep_alive:
        headers.append((b"connection", b"close"))
    data = conn.send(h11.Response(status_code=status, headers=headers))
    data = (
        (data or b"")
        + (conn.send(h11.Data(data=body)) or b"")
        + (conn.send(h11.EndOfMessage()) or b"")
    )
    writer.write(data)
    await writer.drain()


def _declared_length(request: h11.Request) -> int | None:
    for name, value in request.headers:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _too_large(limit: int, size: int | None = None) -> str:
    said = f" ({size / 1_000_000:.1f} MB)" if size is not None else ""
    return f"The body{said} is over the {limit / 1_000_000:g} MB limit; refused with 413."


def _protocol_reason(message: str, status: int, header_limit: int) -> str:
    if status == 431 or "exceeded" in message.lower() or "too long" in message.lower():
        return f"The request's headers are over {header_limit // 1024} KB; refused with 431."
    return f"Malformed HTTP request ({message}); refused with {status}."

"""The receiver run in a child process, for a front end whose own thread must stay free.

Reading HTTP and analysing each body is pure Python; on a thread of the window's process it
holds the interpreter lock most of the time under a flood, and every Python call the window
makes (a table cell, a paint) then waits for it. In a child process it costs the window
nothing: the child sends what it received in small batches and this side only unpickles
them into the :class:`DeliveryRing`, numbering and spotting duplicates as the in-process
receiver does.

The listening socket is bound here, so the URL (or the port being taken) is known at once;
connections wait in its backlog while the child starts. The child ends when told to, and
also when this process goes away (its end of the control pipe closes).
"""

from __future__ import annotations

import contextlib
import dataclasses
import multiprocessing
import socket
import sys
import threading
from collections import deque
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, Protocol

from booxi_desktop.core.webhook.payload import AnalysisContext
from booxi_desktop.core.webhook.receiver.delivery import Delivery
from booxi_desktop.core.webhook.receiver.ring import DeliveryRing
from booxi_desktop.core.webhook.receiver.server import (
    BACKLOG,
    DeliveryCallback,
    Receiver,
    ReceiverCounts,
)

# How long the child gathers deliveries before sending them on: one wake-up of this side's
# reading thread per batch, rather than one per delivery.
BATCH_SECONDS = 0.02
STOP_SECONDS = 5.0


class Closeable(Protocol):
    def close(self) -> None: ...


Batch = tuple[list[Delivery], int, ReceiverCounts]
"""Deliveries in arrival order, how many older ones the child dropped unsent, its counts."""


class ReceiverProcess:
    """What :class:`Receiver` offers (ring, counts, context, URL), served by a child process."""

    def __init__(
        self,
        context: AnalysisContext | None = None,
        *,
        ring: DeliveryRing | None = None,
        on_delivery: DeliveryCallback | None = None,
        on_exit: Callable[[int | None], None] | None = None,
        **limits: Any,
    ) -> None:
        self._context = context or AnalysisContext()
        self.ring = ring if ring is not None else DeliveryRing()
        self.on_delivery = on_delivery
        """Called on this side's reading thread after each delivery is kept; must not block."""
        self.counts = ReceiverCounts()
        self._limits = limits
        self._port = 0
        self._process: BaseProcess | None = None
        self._control: Connection | None = None
        self._reader: threading.Thread | None = None
        self.on_exit = on_exit
        """Called on the reading thread when the child ended without :meth:`stop`, with
        its exit code: it failed, or was killed."""

    # -- life ---------------------------------------------------------------------------

    def start(self, port: int = 0) -> str:
        """Listen on ``127.0.0.1:port`` (0: any free one); the URL to register.

        ``OSError`` when the port is taken. Returns before the child is ready: what arrives
        meanwhile waits in the socket's backlog.
        """
        if self._process is not None:
            return self.url
        sock = socket.create_server(("127.0.0.1", port), backlog=BACKLOG)
        self._port = sock.getsockname()[1]
        # Spawned, never forked: a fork of a process running Qt and other threads can
        # inherit locks held by threads that do not exist in the child.
        spawn = multiprocessing.get_context("spawn")
        deliveries_in, deliveries_out = spawn.Pipe(duplex=False)
        control_in, control_out = spawn.Pipe(duplex=False)
        bound = (self.ring.max_count, self.ring.max_bytes)
        process = spawn.Process(
            target=serve_in_child,
            args=(sock, deliveries_out, control_in, self._context, bound, self._limits),
            name="webhook-receiver",
            daemon=True,
        )
        self._process, self._control = process, control_out
        self._reader = threading.Thread(
            target=self._run,
            args=(process, deliveries_in, (sock, deliveries_out, control_in)),
            name="webhook-receiver-reader",
            daemon=True,
        )
        self._reader.start()
        return self.url

    def stop(self, *, wait: bool = False) -> None:
        """Tell the child to stop; it closes its socket and ends on its own.

        Not waited for (the caller may be a window's thread) unless ``wait``; the reading
        thread reaps the child once it has gone.
        """
        process, control, reader = self._process, self._control, self._reader
        if process is None or control is None:
            return
        self._process = self._control = self._reader = None
        with contextlib.suppress(OSError):  # the child may be gone already
            control.send(None)
        control.close()
        if wait and reader is not None:
            reader.join()

    @property
    def running(self) -> bool:
        return self._process is not None

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    @property
    def port(self) -> int:
        return self._port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._port}/"

    @property
    def context(self) -> AnalysisContext:
        return self._context

    @context.setter
    def context(self, context: AnalysisContext) -> None:
        """Deliveries that arrive from now on are read for this module, client and CRM ids."""
        self._context = context
        if self._control is not None:
            with contextlib.suppress(OSError):  # the child is gone: nothing is received
                self._control.send(context)

    def __enter__(self) -> ReceiverProcess:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- this side ----------------------------------------------------------------------

    def _run(
        self, process: BaseProcess, deliveries: Connection, childs: tuple[Closeable, ...]
    ) -> None:
        """Start the child, then read what it sends until it ends.

        Started here rather than on the caller's thread: spawning takes a few milliseconds
        (more the first time), which a window's thread has better uses for.
        """
        try:
            process.start()
        except Exception as exc:  # reported, as a child that died would be
            print(f"Cannot start the webhook receiver's process: {exc}", file=sys.stderr)
            deliveries.close()
            self._ended(process)
            return
        finally:
            for end in childs:  # the child has its copies now
                end.close()
        self._read(deliveries, process)

    def _read(self, deliveries: Connection, process: BaseProcess) -> None:
        with deliveries:
            while True:
                try:
                    batch: Batch = deliveries.recv()
                except (EOFError, OSError):
                    break
                received, dropped, counts = batch
                self.ring.count_evicted(dropped)
                for delivery in received:
                    kept = self.ring.add(delivery)
                    if self.on_delivery is not None:
                        self.on_delivery(kept)
                self.counts = counts
        process.join(STOP_SECONDS)
        if process.is_alive():
            process.kill()
            process.join()
        self._ended(process)

    def _ended(self, process: BaseProcess) -> None:
        if self._process is process:  # it ended without stop(): it failed, or was killed
            self._process = self._control = self._reader = None
            if self.on_exit is not None:
                self.on_exit(process.exitcode)


def serve_in_child(
    sock: socket.socket,
    deliveries: Connection,
    control: Connection,
    context: AnalysisContext,
    bound: tuple[int, int],
    limits: dict[str, Any],
) -> None:
    """The child's whole life: receive on ``sock``, send batches, obey ``control``.

    Told to stop, it stops receiving and sends what had arrived before it ends.
    """
    outbox = Outbox(*bound)
    receiver = Receiver(context, forward=outbox.put, **limits)
    receiver.start(sock=sock)
    sent = ReceiverCounts()
    try:
        receiving = True
        while receiving:
            if control.poll(BATCH_SECONDS):
                message = control.recv()
                if message is None:
                    receiver.stop()
                    receiving = False
                else:
                    receiver.context = message
            batch, dropped = outbox.take()
            counts = _snapshot(receiver.counts)
            if batch or dropped or counts != sent:
                deliveries.send((batch, dropped, counts))
                sent = counts
    except (EOFError, OSError):
        return  # the window's process went away, or closed its ends
    finally:
        receiver.stop()
        deliveries.close()


class Outbox:
    """Deliveries waiting to be sent, held to the ring's bound: a window too busy to read
    costs the child no more memory than its ring would hold, and the oldest are dropped
    (and counted) as the ring would evict them."""

    def __init__(self, max_count: int, max_bytes: int) -> None:
        self.max_count = max_count
        self.max_bytes = max_bytes
        self._waiting: deque[Delivery] = deque()
        self._bytes = 0
        self._dropped = 0
        self._lock = threading.Lock()

    def put(self, delivery: Delivery) -> None:
        with self._lock:
            self._waiting.append(delivery)
            self._bytes += delivery.size
            while len(self._waiting) > self.max_count or self._bytes > self.max_bytes:
                self._bytes -= self._waiting.popleft().size
                self._dropped += 1

    def take(self) -> tuple[list[Delivery], int]:
        """What waits, oldest first, and how many were dropped since the last take."""
        with self._lock:
            batch, dropped = list(self._waiting), self._dropped
            self._waiting.clear()
            self._bytes = self._dropped = 0
        return batch, dropped


def _snapshot(counts: ReceiverCounts) -> ReceiverCounts:
    return dataclasses.replace(counts, by_status=dict(counts.by_status))

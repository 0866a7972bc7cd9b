from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Callable, Iterator

import pytest

from booxi_desktop.core.webhook.payload import AnalysisContext
from booxi_desktop.core.webhook.receiver.server import Receiver


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver(AnalysisContext(module_id="cegid_y2"), read_timeout=5.0) as server:
        yield server


def wait_until(check: Callable[[], bool], timeout: float = 10.0) -> None:
    """Polls ``check``: the receiver works on its own thread."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.01)


def raw_request(port: int, data: bytes, *, read: bool = True) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(data)
        if not read:
            return b""
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
                if (
                    b"\r\n\r\n" in b"".join(chunks)
                    and b"connection: close" not in b"".join(chunks).lower()
                ):
                    break
        except ConnectionResetError:
            pass
        return b"".join(chunks)

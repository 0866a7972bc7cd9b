"""A delivery written out for the user (the body as JSON, or a ``.http`` request) and read back.

The ``.http`` form is the request line, the headers as received, a blank line and the body
bytes unchanged: what :mod:`~booxi_desktop.core.webhook.replay` sends again.
"""

from __future__ import annotations

from dataclasses import dataclass

from booxi_desktop.core.webhook.receiver.delivery import Delivery


@dataclass(frozen=True)
class Request:
    method: str
    target: str
    headers: tuple[tuple[str, str], ...]
    body: bytes


def as_request(delivery: Delivery) -> Request:
    return Request(delivery.method, delivery.target, delivery.headers, delivery.body)


def http_bytes(request: Request) -> bytes:
    head = [f"{request.method} {request.target} HTTP/1.1"]
    head += [f"{name}: {value}" for name, value in request.headers]
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + request.body


def parse_http(data: bytes) -> Request:
    """A ``.http`` export read back; ``ValueError`` when it is not one."""
    for separator in (b"\r\n\r\n", b"\n\n"):
        head, found, body = data.partition(separator)
        if found:
            break
    else:
        raise ValueError("no blank line between the headers and the body")
    lines = head.decode("latin-1").splitlines()
    if not lines:
        raise ValueError("no request line")
    parts = lines[0].split()
    if len(parts) < 2 or not parts[0].isalpha():
        raise ValueError(f"the first line is not a request line: {lines[0][:80]!r}")
    headers: list[tuple[str, str]] = []
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        if not colon or not name.strip():
            raise ValueError(f"not a header line: {line[:80]!r}")
        headers.append((name.strip(), value.strip()))
    return Request(parts[0].upper(), parts[1], tuple(headers), body)


def json_request(body: bytes) -> Request:
    """A JSON body export replayed as Booxi would send it: a POST of JSON."""
    return Request("POST", "/", (("Content-Type", "application/json"),), body)

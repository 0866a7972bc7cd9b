"""Faults a test (or the command line) can inject into the sandbox's next answers."""

from __future__ import annotations

import enum
import json
import threading
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from booxi_desktop.sandbox.responses import JSON_TYPE, Response, error_response, json_response

if TYPE_CHECKING:
    from booxi_desktop.sandbox.store import Store


class Fault(enum.Enum):
    DROP_CONNECTION = "drop_connection"
    FAIL_500 = "fail_500"
    FAIL_429 = "fail_429"
    MALFORMED_JSON = "malformed_json"
    NON_JSON = "non_json"
    HUGE_BODY = "huge_body_bytes"
    WRONG_CLIENT = "wrong_client"
    WRONG_MODULE = "wrong_module"


# One request consumes at most one fault, taken in this order, so that a test setting
# several counters gets a predictable sequence of answers.
_ORDER = (
    Fault.DROP_CONNECTION,
    Fault.FAIL_500,
    Fault.FAIL_429,
    Fault.MALFORMED_JSON,
    Fault.NON_JSON,
)


@dataclass
class Faults:
    """Counters of faults still to serve; safe to change from any thread at any time.

    Each counter is the number of coming requests that get that fault; it goes down by one
    per request served with it. ``huge_body_bytes`` is a size, not a count: the next request
    gets a valid JSON body of that many bytes, then it goes back to 0. ``latency_s`` delays
    every answer until it is changed.

    A faulted request never reaches the API: nothing is stored and it does not count
    toward the rate limits. ``wrong_client`` and ``wrong_module`` are the exception: they
    count successful module link answers only, the request is served as usual (a PUT is
    stored on the record it names), and the answer is then replaced by another record's
    link, as a misrouting proxy or a server bug would.
    """

    latency_s: float = 0.0
    fail_500: int = 0
    fail_429: int = 0
    drop_connection: int = 0
    malformed_json: int = 0
    non_json: int = 0
    huge_body_bytes: int = 0
    wrong_client: int = 0
    wrong_module: int = 0
    # Re-entrant because take() assigns counters through the locked __setattr__.
    _lock: threading.RLock = field(
        default_factory=threading.RLock, init=False, repr=False, compare=False
    )

    def __setattr__(self, name: str, value: object) -> None:
        # A test may set a counter while a server thread is decrementing it; the lock keeps
        # either write from being lost.
        lock = self.__dict__.get("_lock")
        if lock is None:
            object.__setattr__(self, name, value)
            return
        with lock:
            object.__setattr__(self, name, value)

    def reset(self) -> None:
        with self._lock:
            for f in fields(self):
                if f.init:
                    setattr(self, f.name, f.default)

    def take(self) -> tuple[float, Fault | None, int]:
        """Latency to apply, the fault for this request (if any) and, for a huge body, its size."""
        with self._lock:
            latency = max(0.0, float(self.latency_s))
            for fault in _ORDER:
                remaining = int(getattr(self, fault.value))
                if remaining > 0:
                    setattr(self, fault.value, remaining - 1)
                    return latency, fault, 0
            size = int(self.huge_body_bytes)
            if size > 0:
                self.huge_body_bytes = 0
                return latency, Fault.HUGE_BODY, size
            return latency, None, 0

    def take_wrong_record(self) -> Fault | None:
        """For a successful module link answer: whether it is to name another record."""
        with self._lock:
            for fault in (Fault.WRONG_CLIENT, Fault.WRONG_MODULE):
                remaining = int(getattr(self, fault.value))
                if remaining > 0:
                    setattr(self, fault.value, remaining - 1)
                    return fault
            return None


_TRUNCATED = b'{"link":{"moduleId":"cegid_y2","clientId":3104187,"externalId":"Y2-00'
# What a captive portal or a misrouted proxy answers: 200, but not the API.
_HTML = (
    b"<!DOCTYPE html><html><head><title>Sign in to the network</title></head>"
    b"<body><h1>Sign in</h1><p>Please accept the terms to continue.</p></body></html>"
)
_PAD_HEAD, _PAD_TAIL = b'{"padding":"', b'"}'


def fault_response(fault: Fault, size: int = 0) -> Response:
    """The answer for a fault other than a dropped connection (that one sends nothing)."""
    match fault:
        case Fault.FAIL_500:
            return error_response(500, "internal server error")
        case Fault.FAIL_429:
            return error_response(
                429, "rate limit exceeded; retry in 2 s", headers=(("Retry-After", "2"),)
            )
        case Fault.MALFORMED_JSON:
            return Response(200, _TRUNCATED, JSON_TYPE)
        case Fault.NON_JSON:
            return Response(200, _HTML, "text/html; charset=utf-8")
        case Fault.HUGE_BODY:
            return Response(200, json_of_size(size), JSON_TYPE)
        case Fault.DROP_CONNECTION:
            raise ValueError("a dropped connection has no response")
        case Fault.WRONG_CLIENT | Fault.WRONG_MODULE:
            raise ValueError("a wrong record is made from the real answer: wrong_record_response")


def wrong_record_response(response: Response, fault: Fault, store: Store) -> Response:
    """``response`` (a module link answer) replaced by the answer for another record.

    The store's own other record when there is one (another client's link in the same
    module, or the same client's link in another module), else the same link renamed.
    """
    doc: Any = json.loads(response.body)
    link = doc["link"]
    client_id, module_id = int(link["clientId"]), str(link["moduleId"])
    for other in (
        store.links_of(client_id) if fault is Fault.WRONG_MODULE else _in_module(store, module_id)
    ):
        if (other.client_id, other.module_id) != (client_id, module_id):
            owner = store.client(other.client_id)
            if owner is not None:
                return json_response(200, {"link": other.to_json(), "client": owner.to_json()})
    renamed = dict(link)
    if fault is Fault.WRONG_MODULE:
        renamed["moduleId"] = f"{module_id}_other"
    else:
        renamed["clientId"] = client_id + 1
    return json_response(200, {**doc, "link": renamed})


def _in_module(store: Store, module_id: str) -> list[Any]:
    return [link for client in store.clients() for link in store.links_of(client.id, [module_id])]


def json_of_size(size: int) -> bytes:
    """A valid JSON document of exactly ``size`` bytes."""
    overhead = len(_PAD_HEAD) + len(_PAD_TAIL)
    if size >= overhead:
        return _PAD_HEAD + b"x" * (size - overhead) + _PAD_TAIL
    if size >= 2:
        return b"{}" + b" " * (size - 2)
    return b"0" * max(size, 1)

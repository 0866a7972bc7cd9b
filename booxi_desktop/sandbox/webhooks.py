"""Webhook registrations and deliveries: the sandbox sends events as Booxi does.

Booxi's Event API guide says a handler endpoint is registered with a URL and POST or PUT,
that every event has a unique id, and that one event may arrive twice with the same id.
Its signature scheme is not public, so the sandbox signs nothing and invents no header.

Targets must be on this machine (loopback) unless the sandbox is told otherwise: it is a
demo tool, and a typo must not send sample data to a host on the network.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections import deque
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from booxi_desktop import __version__
from booxi_desktop.core.link.model import format_datetime
from booxi_desktop.core.regions import is_loopback_host

METHODS = ("POST", "PUT")
USER_AGENT = f"BooxiSandbox/{__version__} (booxi-desktop local sandbox; webhook simulator)"
MAX_REGISTRATIONS = 20
MAX_URL_LENGTH = 2000
DELIVERY_LOG_SIZE = 200
DEFAULT_TIMEOUT_S = 5.0
# Only the start of an answer is kept: the log is for reading, not for storing bodies.
_ANSWER_EXCERPT = 200


class WebhookError(ValueError):
    """A registration the sandbox refuses; the message says why."""


@dataclass(frozen=True)
class Registration:
    id: str
    url: str
    method: str = "POST"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class DeliveryResult:
    """One attempt to deliver one event to one registration.

    ``status`` is the HTTP status answered, None when no answer came (``error`` says why).
    ``attempt`` is 2 for the repeated delivery of a duplicate.
    """

    event_id: str
    booking_id: int | None
    registration_id: str
    url: str
    method: str
    attempt: int
    problem: str | None
    status: int | None
    elapsed_s: float
    error: str | None
    answer: str
    sent_on: str

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    def to_json(self) -> dict[str, Any]:
        return asdict(self) | {"ok": self.ok}


def check_target(url: str, method: str, *, allow_remote: bool) -> tuple[str, str]:
    """The URL and method as registered, or a WebhookError."""
    method = method.upper()
    if method not in METHODS:
        raise WebhookError(f"method must be POST or PUT, not {method!r}")
    if not isinstance(url, str) or not url:
        raise WebhookError("url is required")
    if len(url) > MAX_URL_LENGTH:
        raise WebhookError(f"url is longer than {MAX_URL_LENGTH} characters")
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        raise WebhookError("url must not contain spaces or control characters")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise WebhookError(f"url must start with http:// or https://: {url!r}")
    if parts.username is not None or parts.password is not None:
        raise WebhookError("url must not carry credentials")
    if parts.fragment:
        raise WebhookError("url must not have a fragment")
    try:
        parts.port  # noqa: B018  (raises on a port that is not a number in range)
    except ValueError:
        raise WebhookError(f"url has an invalid port: {url!r}") from None
    host = parts.hostname or ""
    if not host:
        raise WebhookError(f"url has no host: {url!r}")
    if not allow_remote and not is_loopback_host(host):
        raise WebhookError(
            f"webhook targets must be on this machine (loopback), not {host!r}; "
            "start the sandbox with --allow-remote-webhooks to send elsewhere"
        )
    return url, method


class Webhooks:
    """Thread-safe registrations and the bounded log of deliveries, oldest first."""

    def __init__(self, log_size: int = DELIVERY_LOG_SIZE) -> None:
        self._lock = threading.Lock()
        self._registrations: dict[str, Registration] = {}
        self._next_id = 1
        self._log: deque[DeliveryResult] = deque(maxlen=log_size)

    def register(self, url: str, method: str) -> Registration:
        """A new registration, or the existing one for the same URL and method."""
        with self._lock:
            for known in self._registrations.values():
                if (known.url, known.method) == (url, method):
                    return known
            if len(self._registrations) >= MAX_REGISTRATIONS:
                raise WebhookError(f"at most {MAX_REGISTRATIONS} webhooks can be registered")
            registration = Registration(f"wh{self._next_id}", url, method)
            self._next_id += 1
            self._registrations[registration.id] = registration
            return registration

    def unregister(self, registration_id: str) -> bool:
        with self._lock:
            return self._registrations.pop(registration_id, None) is not None

    def registrations(self) -> list[Registration]:
        with self._lock:
            return list(self._registrations.values())

    def record(self, result: DeliveryResult) -> None:
        with self._lock:
            self._log.append(result)

    def deliveries(self) -> list[DeliveryResult]:
        with self._lock:
            return list(self._log)


def deliver(
    registration: Registration,
    event: dict[str, Any],
    *,
    attempt: int = 1,
    problem: str | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
) -> DeliveryResult:
    """Send ``event`` once; never raises for what the target does (the result says it).

    http.client rather than a higher-level client: it follows no redirect, so a target
    cannot bounce the event to a host that was never registered.
    """
    body = json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    parts = urlsplit(registration.url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    host = parts.hostname or ""
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(host, parts.port, timeout=timeout)
    status: int | None = None
    error: str | None = None
    answer = ""
    started = time.monotonic()
    sent_on = format_datetime(datetime.now(UTC))
    try:
        connection.request(
            registration.method,
            path,
            body=body,
            headers={
                "Content-Type": "application/json",
                "User-Agent": USER_AGENT,
                "Accept": "*/*",
            },
        )
        response = connection.getresponse()
        status = response.status
        answer = response.read(_ANSWER_EXCERPT).decode("utf-8", "replace")
    except ConnectionRefusedError:
        error = "connection refused (nothing listens there)"
    except TimeoutError:
        error = f"no answer within {timeout:g} s"
    except (OSError, http.client.HTTPException) as exc:
        error = f"{type(exc).__name__}: {exc}"
    finally:
        connection.close()
    content = event.get("eventContent")
    booking_id = content.get("bookingId") if isinstance(content, dict) else None
    return DeliveryResult(
        event_id=str(event.get("eventId", "")),
        booking_id=booking_id if isinstance(booking_id, int) else None,
        registration_id=registration.id,
        url=registration.url,
        method=registration.method,
        attempt=attempt,
        problem=problem,
        status=status,
        elapsed_s=round(time.monotonic() - started, 4),
        error=error,
        answer=answer,
        sent_on=sent_on,
    )

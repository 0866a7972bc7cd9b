"""SandboxServer: the sandbox on a free loopback port, served from a daemon thread."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from concurrent.futures import Future
from types import TracebackType
from typing import Any

from booxi_desktop.core.regions import API_PATH
from booxi_desktop.sandbox import seed
from booxi_desktop.sandbox.api import SandboxApi
from booxi_desktop.sandbox.control import SandboxControl
from booxi_desktop.sandbox.events import sample_new_booking_event
from booxi_desktop.sandbox.faults import Faults
from booxi_desktop.sandbox.handler import Context, RequestLogEntry, SandboxHTTPServer
from booxi_desktop.sandbox.ratelimit import DEFAULT_WINDOWS, RateLimiter
from booxi_desktop.sandbox.sender import EventSender
from booxi_desktop.sandbox.store import Store
from booxi_desktop.sandbox.webhooks import DEFAULT_TIMEOUT_S, DeliveryResult, Registration

# Never anything else: the sandbox must not be reachable from the network.
HOST = "127.0.0.1"


class SandboxServer:
    """A Booxi-compatible API on ``http://127.0.0.1:PORT/booking/v1``.

    ``rate_windows`` is ``(requests allowed, window seconds)`` pairs, Booxi's 5/s and 300/min
    by default; tests shorten them.

    It also sends webhook events as Booxi does (see :mod:`booxi_desktop.sandbox.webhooks`):
    register a URL with :meth:`register_webhook`, then :meth:`simulate_booking`. Targets
    off this machine are refused unless ``allow_remote_webhooks`` is set.
    """

    def __init__(
        self,
        port: int = 0,
        state_file: str | os.PathLike[str] | None = None,
        rate_limit: bool = True,
        *,
        rate_windows: Sequence[tuple[int, float]] = DEFAULT_WINDOWS,
        verbose: bool = False,
        allow_remote_webhooks: bool = False,
        delivery_timeout: float = DEFAULT_TIMEOUT_S,
    ) -> None:
        self.port = port
        self.demo_key = seed.DEMO_KEY
        self.demo_client_id = seed.DEMO_CLIENT_ID
        self.demo_module_id = seed.CEGID_Y2
        self.keys: dict[str, frozenset[str]] = dict(seed.DEMO_KEYS)
        self.faults = Faults()
        self.store = Store(state_file)
        self.limiter = RateLimiter(rate_windows) if rate_limit else None
        api = SandboxApi(self.store, self.keys, self.limiter)
        self._sender = EventSender(
            self.store,
            self.demo_module_id,
            lambda: self.keys.get(self.demo_key, frozenset()),
            lambda: self.port,
            allow_remote=allow_remote_webhooks,
            timeout=delivery_timeout,
        )
        self._context = Context(
            api, self.faults, verbose=verbose, control=SandboxControl(self._sender)
        )
        self._httpd: SandboxHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        """Bind and listen (the socket accepts from here on), then serve in a daemon thread."""
        if self._httpd is not None:
            raise RuntimeError("the sandbox is already started")
        httpd = SandboxHTTPServer((HOST, self.port), self._context)
        self._httpd = httpd
        self.port = httpd.server_address[1]
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.02},
            name=f"booxi-sandbox-{self.port}",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        httpd.shutdown()
        httpd.server_close()
        httpd.close_open_connections()
        self._sender.close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> SandboxServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("the sandbox is not started")
        return f"http://{HOST}:{self.port}{API_PATH}"

    # -- webhooks ------------------------------------------------------------------------

    def register_webhook(self, url: str, method: str = "POST") -> Registration:
        """Send events to ``url`` with ``method`` (POST or PUT); raises WebhookError if refused.

        Registering the same URL and method again returns the first registration.
        """
        return self._sender.register(url, method)

    def unregister_webhook(self, registration_id: str) -> bool:
        """Whether there was such a registration."""
        return self._sender.webhooks.unregister(registration_id)

    def webhooks(self) -> list[Registration]:
        return self._sender.webhooks.registrations()

    def simulate_booking(
        self, *, group: bool = False, duplicate: bool = False, problem: str | None = None
    ) -> list[DeliveryResult]:
        """Book (a group or one client), deliver the event to every registration, wait.

        ``duplicate`` delivers the same event (same id) twice to each; ``problem`` is
        ``"missing_link"`` or ``"malformed_link"`` (see ``events.booking_event``).
        """
        return self._sender.simulate(group=group, duplicate=duplicate, problem=problem)

    def start_simulation(
        self, *, group: bool = False, duplicate: bool = False, problem: str | None = None
    ) -> Future[list[DeliveryResult]]:
        """As :meth:`simulate_booking`, returning at once; the future ends with the results."""
        return self._sender.start(group=group, duplicate=duplicate, problem=problem)

    def deliveries(self) -> list[DeliveryResult]:
        """The last deliveries (bounded), oldest first."""
        return self._sender.webhooks.deliveries()

    # -- for tests -------------------------------------------------------------------------

    @property
    def request_log(self) -> list[RequestLogEntry]:
        """(method, raw path with query, headers) of the last 1000 requests, oldest first."""
        return self._context.request_log.snapshot()

    def clear_request_log(self) -> None:
        self._context.request_log.clear()

    def get_link(self, client_id: int, module_id: str) -> dict[str, Any] | None:
        link = self.store.link(client_id, module_id)
        return link.to_json() if link is not None else None

    def put_link_direct(
        self, client_id: int, module_id: str, external_id: str, metadata: dict[str, str]
    ) -> dict[str, Any]:
        """Change a link as another user of the API would, bypassing HTTP and faults."""
        return self.store.put_link(client_id, module_id, external_id, dict(metadata)).to_json()

    def set_link_dates(
        self,
        client_id: int,
        module_id: str,
        *,
        created_on: str | None = None,
        modified_on: str | None = None,
    ) -> dict[str, Any]:
        """Serve a link's dates as this exact text, e.g. dates no client can show."""
        given = {"createdOn": created_on, "modifiedOn": modified_on}
        text = {k: v for k, v in given.items() if v is not None}
        return self.store.set_date_text(client_id, module_id, text).to_json()

    def sample_webhook_event(
        self, module_id: str | None = None, group: bool = False
    ) -> dict[str, Any]:
        return sample_new_booking_event(
            self.store,
            module_id or self.demo_module_id,
            self.keys.get(self.demo_key, frozenset()),
            group=group,
        )

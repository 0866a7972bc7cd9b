"""EventSender: registrations, simulated bookings and their delivery in worker threads."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from urllib.parse import urlsplit

from booxi_desktop.core.regions import is_loopback_host
from booxi_desktop.sandbox.events import booking_event
from booxi_desktop.sandbox.store import Store
from booxi_desktop.sandbox.webhooks import (
    DEFAULT_TIMEOUT_S,
    DeliveryResult,
    Registration,
    WebhookError,
    Webhooks,
    check_target,
    deliver,
)

_WORKERS = 2


class EventSender:
    """Builds booking events from the store and delivers them off the caller's thread.

    ``own_port`` gives the sandbox's port: a registration pointing back at the sandbox
    itself is refused, or a simulated booking could trigger simulated bookings forever.
    """

    def __init__(
        self,
        store: Store,
        module_id: str,
        modules: Callable[[], frozenset[str]],
        own_port: Callable[[], int],
        *,
        allow_remote: bool = False,
        timeout: float = DEFAULT_TIMEOUT_S,
    ) -> None:
        self.store = store
        self.module_id = module_id
        self._modules = modules
        self._own_port = own_port
        self.allow_remote = allow_remote
        self.timeout = timeout
        self.webhooks = Webhooks()
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None

    def register(self, url: str, method: str = "POST") -> Registration:
        url, method = check_target(url, method, allow_remote=self.allow_remote)
        if self._is_own_address(url):
            raise WebhookError("a webhook cannot point at the sandbox itself")
        return self.webhooks.register(url, method)

    def start(
        self, *, group: bool = False, duplicate: bool = False, problem: str | None = None
    ) -> Future[list[DeliveryResult]]:
        """Build the event now (so a bad ``problem`` raises here), deliver it in a worker."""
        event = booking_event(
            self.store, self.module_id, self._modules(), group=group, problem=problem
        )
        targets = self.webhooks.registrations()
        attempts = (1, 2) if duplicate else (1,)

        def send() -> list[DeliveryResult]:
            results = []
            # Each target gets its copies in order, as a redelivery follows the first one.
            for registration in targets:
                for attempt in attempts:
                    result = deliver(
                        registration,
                        event,
                        attempt=attempt,
                        problem=problem,
                        timeout=self.timeout,
                    )
                    self.webhooks.record(result)
                    results.append(result)
            return results

        return self._executor().submit(send)

    def simulate(
        self, *, group: bool = False, duplicate: bool = False, problem: str | None = None
    ) -> list[DeliveryResult]:
        return self.start(group=group, duplicate=duplicate, problem=problem).result()

    def close(self) -> None:
        """Drop deliveries not begun; those under way end within their timeout."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def _executor(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(
                    max_workers=_WORKERS, thread_name_prefix="booxi-sandbox-delivery"
                )
            return self._pool

    def _is_own_address(self, url: str) -> bool:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        return port == self._own_port() and is_loopback_host(parts.hostname or "")

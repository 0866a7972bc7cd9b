"""What the window asks of a booking simulator, and how its outcome reads (no Qt here).

The window does not know the sandbox: the entry point hands it a :class:`Simulator`
(the sandbox's ``start_simulation`` fits it), so the sandbox is never imported by ``ui``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, Protocol

from booxi_desktop.core.text import elide, plural

MISSING_LINK = "missing_link"
MALFORMED_LINK = "malformed_link"
_PROBLEM_TEXT = {MISSING_LINK: "with a missing link", MALFORMED_LINK: "with a malformed link"}


@dataclass(frozen=True)
class SimulationRequest:
    group: bool = False
    duplicate: bool = False
    problem: str | None = None


class Delivery(Protocol):
    """One delivery of the event to one registered endpoint."""

    @property
    def url(self) -> str: ...
    @property
    def method(self) -> str: ...
    @property
    def attempt(self) -> int: ...
    @property
    def booking_id(self) -> int | None: ...
    @property
    def status(self) -> int | None: ...
    @property
    def error(self) -> str | None: ...
    @property
    def ok(self) -> bool: ...


class Pending(Protocol):
    """A simulation under way (a ``concurrent.futures.Future`` of its deliveries)."""

    def add_done_callback(self, fn: Callable[[Future[Any]], object]) -> None: ...

    def result(self, timeout: float | None = None) -> Sequence[Delivery]: ...


class Simulator(Protocol):
    """Starts a booking and returns at once; the deliveries end in a worker thread."""

    def __call__(self, *, group: bool, duplicate: bool, problem: str | None) -> Pending: ...


def running_text(request: SimulationRequest) -> str:
    return f"Simulating {_what(request)}…"


def outcome_text(request: SimulationRequest, deliveries: Sequence[Delivery]) -> str:
    """One status-bar line: where the booking's event went, or what stopped it."""
    if not deliveries:
        return "No webhook endpoint registered: start receiving first."
    booking = deliveries[0].booking_id
    what = _what(request, booking).capitalize()
    endpoints = {d.url for d in deliveries}
    failed = [d for d in deliveries if not d.ok]
    twice = " twice (same event id)" if request.duplicate else ""
    if not failed:
        return f"{what} delivered{twice} to {plural(len(endpoints), 'endpoint')}."
    first = failed[0]
    why = f"HTTP {first.status}" if first.status is not None else first.error or "no answer"
    bad = len({d.url for d in failed})
    return (
        f"{what}: {bad} of {plural(len(endpoints), 'endpoint')} did not take it"
        f" ({first.method} {elide(first.url, 60)}: {why})."
    )


def failure_text(request: SimulationRequest, error: BaseException) -> str:
    return f"Could not simulate {_what(request)}: {error}"


def _what(request: SimulationRequest, booking: int | None = None) -> str:
    noun = "group booking" if request.group else "booking"
    number = f" {booking}" if booking is not None else ""
    problem = _PROBLEM_TEXT.get(request.problem or "", "")
    return f"{noun}{number}" + (f" {problem}" if problem else "")

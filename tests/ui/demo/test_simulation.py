"""The status-bar wording of a simulated booking, read from the sandbox's own results."""

from __future__ import annotations

import dataclasses

import pytest

from booxi_desktop.sandbox.events import PROBLEMS
from booxi_desktop.sandbox.webhooks import DeliveryResult
from booxi_desktop.ui.demo.simulation import (
    MALFORMED_LINK,
    MISSING_LINK,
    Delivery,
    SimulationRequest,
    failure_text,
    outcome_text,
    running_text,
)

URL = "http://127.0.0.1:8123/hooks/booxi"


def result(**changes: object) -> Delivery:
    base = DeliveryResult(
        event_id="e1",
        booking_id=70012345,
        registration_id="wh1",
        url=URL,
        method="POST",
        attempt=1,
        problem=None,
        status=200,
        elapsed_s=0.01,
        error=None,
        answer="",
        sent_on="2026-01-01T00:00:00Z",
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_nothing_registered_says_to_start_receiving() -> None:
    assert outcome_text(SimulationRequest(), []) == (
        "No webhook endpoint registered: start receiving first."
    )


@pytest.mark.parametrize(
    ("request_", "deliveries", "text"),
    [
        (SimulationRequest(), [result()], "Booking 70012345 delivered to 1 endpoint."),
        (
            SimulationRequest(group=True),
            [result(), result(url=URL + "2", method="PUT")],
            "Group booking 70012345 delivered to 2 endpoints.",
        ),
        (
            SimulationRequest(duplicate=True),
            [result(), result(attempt=2)],
            "Booking 70012345 delivered twice (same event id) to 1 endpoint.",
        ),
        (
            SimulationRequest(problem="missing_link"),
            [result()],
            "Booking 70012345 with a missing link delivered to 1 endpoint.",
        ),
    ],
)
def test_delivered(request_: SimulationRequest, deliveries: list[Delivery], text: str) -> None:
    assert outcome_text(request_, deliveries) == text


def test_a_failed_endpoint_is_named_with_its_reason() -> None:
    dead = result(url="http://127.0.0.1:9/gone", status=None, error="connection refused")
    text = outcome_text(SimulationRequest(), [result(), dead])
    assert text == (
        "Booking 70012345: 1 of 2 endpoints did not take it "
        "(POST http://127.0.0.1:9/gone: connection refused)."
    )
    assert "HTTP 500" in outcome_text(SimulationRequest(), [result(status=500)])


def test_running_and_failure_texts() -> None:
    assert running_text(SimulationRequest(problem="malformed_link")) == (
        "Simulating booking with a malformed link…"
    )
    assert failure_text(SimulationRequest(group=True), RuntimeError("stopped")) == (
        "Could not simulate group booking: stopped"
    )


def test_the_windows_problem_names_are_the_sandboxs() -> None:
    assert (MISSING_LINK, MALFORMED_LINK) == PROBLEMS

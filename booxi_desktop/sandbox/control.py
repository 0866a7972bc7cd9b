"""Sandbox-only HTTP paths under ``/sandbox/``: webhook registrations and simulated bookings.

Booxi registers webhook endpoints through its own back office, not through the booking
API, so these paths are a convenience of the sandbox alone and sit outside
``/booking/v1``. They need no partner key: the sandbox listens on loopback only.

- ``GET /sandbox/webhooks``; ``POST /sandbox/webhooks`` with ``{"url": ..., "method": "POST"}``;
  ``DELETE /sandbox/webhooks/{id}``
- ``POST /sandbox/bookings`` with ``{"group": false, "duplicate": false, "problem": null}``
  (every field optional): answers once every delivery has ended, with their results
- ``GET /sandbox/deliveries``: the last deliveries, oldest first
"""

from __future__ import annotations

import json
from typing import Any

from booxi_desktop.core.jsondoc.decode import json_type_phrase
from booxi_desktop.sandbox.events import PROBLEMS
from booxi_desktop.sandbox.responses import Response, error_response, json_response
from booxi_desktop.sandbox.sender import EventSender
from booxi_desktop.sandbox.webhooks import WebhookError

PREFIX = "/sandbox/"


class _BadBody(ValueError):
    pass


class SandboxControl:
    def __init__(self, sender: EventSender) -> None:
        self.sender = sender

    @staticmethod
    def owns(target: str) -> bool:
        return target.startswith(PREFIX) or target == PREFIX.rstrip("/")

    def handle(self, method: str, target: str, body: bytes) -> Response:
        path = target.partition("?")[0].partition("#")[0]
        segments = path[len(PREFIX) :].rstrip("/").split("/") if path.startswith(PREFIX) else []
        try:
            if segments == ["webhooks"]:
                return self._webhooks(method, body)
            if len(segments) == 2 and segments[0] == "webhooks":
                if method != "DELETE":
                    return _not_allowed(method, ("DELETE",))
                if not self.sender.webhooks.unregister(segments[1]):
                    return error_response(404, "no such webhook registration")
                return json_response(200, {"deleted": segments[1]})
            if segments == ["bookings"]:
                if method != "POST":
                    return _not_allowed(method, ("POST",))
                return self._simulate(body)
            if segments == ["deliveries"]:
                if method != "GET":
                    return _not_allowed(method, ("GET",))
                results = self.sender.webhooks.deliveries()
                return json_response(200, {"deliveries": [r.to_json() for r in results]})
        except _BadBody as exc:
            return error_response(400, str(exc))
        return error_response(
            404, "no such sandbox path: /sandbox/webhooks, /sandbox/bookings, /sandbox/deliveries"
        )

    def _webhooks(self, method: str, body: bytes) -> Response:
        if method == "GET":
            found = self.sender.webhooks.registrations()
            return json_response(200, {"webhooks": [r.to_json() for r in found]})
        if method != "POST":
            return _not_allowed(method, ("GET", "POST"))
        doc = _object(body, ("url", "method"))
        url, verb = doc.get("url"), doc.get("method", "POST")
        if not isinstance(url, str):
            raise _BadBody(f"url must be a string, not {json_type_phrase(url)}")
        if not isinstance(verb, str):
            raise _BadBody(f"method must be a string, not {json_type_phrase(verb)}")
        try:
            registration = self.sender.register(url, verb)
        except WebhookError as exc:
            return error_response(400, str(exc))
        return json_response(201, registration.to_json())

    def _simulate(self, body: bytes) -> Response:
        doc = _object(body, ("group", "duplicate", "problem"))
        group, duplicate = doc.get("group", False), doc.get("duplicate", False)
        problem = doc.get("problem")
        if not isinstance(group, bool) or not isinstance(duplicate, bool):
            raise _BadBody("group and duplicate must be true or false")
        if problem is not None and problem not in PROBLEMS:
            raise _BadBody(f"problem must be null or one of {', '.join(PROBLEMS)}")
        if not self.sender.webhooks.registrations():
            return error_response(
                409, "no webhook is registered: POST /sandbox/webhooks or start with --webhook"
            )
        # Waits in this request's own thread; the sandbox serves other requests meanwhile.
        results = self.sender.simulate(group=group, duplicate=duplicate, problem=problem)
        first = results[0] if results else None
        return json_response(
            200,
            {
                "eventId": first.event_id if first else None,
                "bookingId": first.booking_id if first else None,
                "deliveries": [r.to_json() for r in results],
            },
        )


def _object(body: bytes, fields: tuple[str, ...]) -> dict[str, Any]:
    if not body.strip():
        return {}
    try:
        doc = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _BadBody("the body is not valid UTF-8 JSON") from None
    if not isinstance(doc, dict):
        raise _BadBody(f"the body must be a JSON object, not {json_type_phrase(doc)}")
    unknown = [k for k in doc if k not in fields]
    if unknown:
        raise _BadBody(f"unexpected field(s) {', '.join(map(repr, unknown))}")
    return doc


def _not_allowed(method: str, allowed: tuple[str, ...]) -> Response:
    return error_response(
        405,
        f"{method} is not allowed here; use {' or '.join(allowed)}",
        headers=(("Allow", ", ".join(allowed)),),
    )

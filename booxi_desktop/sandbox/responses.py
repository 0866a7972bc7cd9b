"""Answers the sandbox sends, built before any byte is written to the socket."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

JSON_TYPE = "application/json; charset=utf-8"


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    content_type: str = JSON_TYPE
    headers: tuple[tuple[str, str], ...] = ()


def json_response(status: int, doc: object, headers: tuple[tuple[str, str], ...] = ()) -> Response:
    body = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Response(status, body, JSON_TYPE, headers)


def error_response(
    status: int,
    message: str,
    *,
    error: str | None = None,
    headers: tuple[tuple[str, str], ...] = (),
) -> Response:
    """Booxi's error shape: ``{"message", "code"}``, with ``"error"`` for module errors."""
    doc: dict[str, Any] = {"message": message, "code": status}
    if error is not None:
        doc["error"] = error
    return json_response(status, doc, headers)

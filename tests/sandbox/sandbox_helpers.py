"""Helpers shared by the sandbox tests (a plain module: conftest is not importable by name)."""

from __future__ import annotations

import ssl
from functools import cache
from urllib.parse import quote


def segment(value: str) -> str:
    """One path segment: "/" and friends percent-encoded, and "." / ".." too.

    quote() leaves dots alone, and httpx removes "." and ".." segments before sending,
    so a module id made of dots would otherwise silently address another path.
    """
    encoded = quote(value, safe="")
    return encoded.replace(".", "%2E") if set(value) <= {"."} else encoded


def link_path(client_id: object, module_id: str) -> str:
    """The link path relative to base_url, the module id as one segment."""
    return f"/client/{client_id}/moduleLink/{segment(module_id)}"


@cache
def ssl_context() -> ssl.SSLContext:
    """One context for every test client: building one costs ~20 ms and plain HTTP never uses it."""
    return ssl.create_default_context()

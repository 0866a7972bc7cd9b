"""A received delivery sent again, byte for byte, to the user's own handler.

The method, body and headers go as received, except the hop-by-hop ones, which belong to
the connection that brought it (Host and Content-Length are recomputed for the new one).
A ``Booxi-PartnerKey`` header is never sent, should a delivery somehow hold one.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from booxi_desktop.core.regions import is_loopback_host
from booxi_desktop.core.webhook.receiver.export import Request

DROPPED_HEADERS = frozenset(
    {
        "host",
        "content-length",
        "connection",
        "keep-alive",
        "transfer-encoding",
        "te",
        "trailer",
        "upgrade",
        "proxy-connection",
        "proxy-authorization",
        "booxi-partnerkey",
    }
)
TIMEOUT = 30.0


@dataclass(frozen=True)
class ReplayResult:
    status: int | None
    elapsed_ms: float
    error: str | None = None
    body_preview: str = ""


def target_host(url: str) -> str:
    """The host ``url`` points at; ``ValueError`` when it is no http(s) URL."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{url!r} is not an http:// or https:// URL")
    return parts.hostname


def needs_confirmation(url: str) -> bool:
    """Whether sending a payload (customer data) to ``url`` leaves this machine."""
    return not is_loopback_host(target_host(url))


def replay_headers(request: Request) -> list[tuple[str, str]]:
    return [(k, v) for k, v in request.headers if k.lower() not in DROPPED_HEADERS]


async def replay(
    request: Request, url: str, client: httpx.AsyncClient | None = None
) -> ReplayResult:
    """``request`` sent to ``url``; never raises for a network failure, it is in the result."""
    target_host(url)
    own = client is None
    client = client or httpx.AsyncClient(timeout=TIMEOUT, trust_env=False)
    started = time.perf_counter()
    try:
        outgoing = client.build_request(
            request.method, url, content=request.body, headers=replay_headers(request)
        )
        # httpx adds headers of its own (Accept, User-Agent...): only what was received goes.
        kept = {k.lower() for k, _ in request.headers} | {"host", "content-length"}
        for name in list(outgoing.headers.keys()):
            if name.lower() not in kept or name.lower() == "booxi-partnerkey":
                del outgoing.headers[name]
        response = await client.send(outgoing)
        elapsed = (time.perf_counter() - started) * 1000
        preview = response.content[:2000].decode("utf-8", "replace")
        return ReplayResult(response.status_code, elapsed, None, preview)
    except httpx.HTTPError as exc:
        elapsed = (time.perf_counter() - started) * 1000
        return ReplayResult(
            None, elapsed, f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        )
    finally:
        if own:
            await client.aclose()

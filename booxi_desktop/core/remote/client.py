"""Async client for Booxi's client module link API.

One ``httpx.AsyncClient`` per client object (and so per base URL), reused for every
call: building one costs ~17 ms, nearly all of it the TLS context, which is shared.
"""

from __future__ import annotations

import importlib
import json
import os
import ssl
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar
from urllib.parse import quote

import certifi
import httpx

from booxi_desktop import __version__
from booxi_desktop.core import errors
from booxi_desktop.core.link.model import (
    ClientModuleLink,
    ClientSummary,
    LinkFormatError,
    LinkResponse,
    Metadata,
)
from booxi_desktop.core.regions import Region, host_allowed
from booxi_desktop.core.secret import Secret
from booxi_desktop.core.text import elide
from booxi_desktop.core.visible_text import visible

USER_AGENT = f"booxi-desktop/{__version__}"
MAX_RESPONSE_BYTES = 20 * 1024 * 1024
MAX_MODULE_ID_LENGTH = 200
MAX_EXTERNAL_ID_LENGTH = 255
# A search answer lists a few clients (Booxi cuts it to the first matches): far below
# a link's cap, and a count past which the answer cannot be Booxi's.
MAX_SEARCH_BYTES = 2 * 1024 * 1024
MAX_SEARCH_CLIENTS = 1000
# In a query they would be encoded, but no module id has them: a pasted URL or a typo.
SEARCH_MODULE_REFUSED = "/?#"
T = TypeVar("T")
# Failures that happen before a request's first byte leaves: nothing can have arrived.
_NOT_SENT = (httpx.ConnectError, httpx.UnsupportedProtocol, httpx.LocalProtocolError)


@dataclass(frozen=True)
class ClientSearch:
    clients: list[ClientSummary]
    links: list[ClientModuleLink]


# Opt-ins, documented in the README. Off by default: whatever runs before the app can
# set SSLKEYLOGFILE (then the secrets of every TLS session carrying the partner key are
# written to disk) or SSL_CERT_FILE (then another CA is trusted for the key's requests).
TRUST_ENV_TLS = "BOOXI_TRUST_ENV_TLS"
TLS_KEYLOG = "BOOXI_TLS_KEYLOG"


@cache
def _shared_ssl_context() -> ssl.SSLContext:
    return build_ssl_context(os.environ)


# What httpx imports only when the first client is built or the first request is sent.
_FIRST_REQUEST_MODULES = (
    "httpcore",
    "h11",
    "anyio",
    "anyio._backends._asyncio",
    "httpcore._backends.anyio",
    "encodings.idna",
)


@cache
def _plain_http_context() -> ssl.SSLContext:
    """For a client whose base URL is plain HTTP (the loopback sandbox): it loads no CA
    bundle, and would refuse every certificate were it ever used for HTTPS."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def _tls_context(region: Region) -> ssl.SSLContext:
    return _shared_ssl_context() if region.over_tls else _plain_http_context()


def prepare_tls() -> None:
    """Build the shared TLS context (reading the CA bundle) now; safe from any thread."""
    _shared_ssl_context()


def warm_up(*, tls: bool = True) -> None:
    """Do now what the first request would otherwise do on the event loop's thread.

    That is importing what httpx loads lazily and, with ``tls``, building the shared TLS
    context (which only HTTPS regions need). Safe from any thread.
    """
    if tls:
        prepare_tls()
    for name in _FIRST_REQUEST_MODULES:
        importlib.import_module(name)


def build_ssl_context(env: Mapping[str, str]) -> ssl.SSLContext:
    """A verifying TLS context that reads no environment variable unless opted in.

    Not ``httpx.create_ssl_context()`` nor ``ssl.create_default_context()``: both set
    ``keylog_filename`` from ``SSLKEYLOGFILE``, and httpx also trusts ``SSL_CERT_FILE``
    and ``SSL_CERT_DIR`` instead of its CA bundle.
    """
    # PROTOCOL_TLS_CLIENT verifies certificates and host names, with secure defaults.
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    cafile = env.get("SSL_CERT_FILE") or None
    capath = env.get("SSL_CERT_DIR") or None
    if env.get(TRUST_ENV_TLS) == "1" and (cafile or capath):
        # As httpx does with trust_env: these replace the bundle (a company proxy's CA).
        context.load_verify_locations(cafile=cafile, capath=capath)
    else:
        context.load_verify_locations(cafile=certifi.where())
    keylog = env.get("SSLKEYLOGFILE")
    if env.get(TLS_KEYLOG) == "1" and keylog:
        context.keylog_filename = keylog
    return context


def link_path(client_id: int, module_id: str) -> str:
    """The moduleLink path with each id confined to its own path segment."""
    check_client_id(client_id)
    check_module_id(module_id)
    segment = quote(module_id, safe="")
    # quote() leaves dots alone, and "." or ".." as a whole segment would be
    # resolved away by URL normalisation, reaching another resource.
    if set(segment) == {"."}:
        segment = segment.replace(".", "%2E")
    return f"/client/{client_id}/moduleLink/{segment}"


def check_client_id(client_id: object) -> int:
    if isinstance(client_id, bool) or not isinstance(client_id, int) or client_id <= 0:
        raise errors.InvalidInputError(f"client id must be a positive whole number: {client_id!r}")
    return client_id


def check_module_id(module_id: str) -> str:
    if not module_id or not module_id.strip():
        raise errors.InvalidInputError("module id is empty")
    if len(module_id) > MAX_MODULE_ID_LENGTH:
        raise errors.InvalidInputError(
            f"module id is {len(module_id)} characters long; at most {MAX_MODULE_ID_LENGTH}"
        )
    if any(ord(c) < 32 or ord(c) == 127 for c in module_id):
        raise errors.InvalidInputError("module id contains control characters")
    return module_id


def check_search(module_id: str, external_id: str) -> None:
    """Refuse, before anything is sent, a find by externalId that cannot be meant."""
    check_module_id(module_id)
    bad = sorted({c for c in module_id if c in SEARCH_MODULE_REFUSED})
    if bad:
        raise errors.InvalidInputError(
            f"module id contains {' '.join(bad)}: a module id is a plain name such as "
            "cegid_y2, not part of a URL"
        )
    if not external_id.strip():
        raise errors.InvalidInputError("external id is empty: type the CRM id to find")
    if len(external_id) > MAX_EXTERNAL_ID_LENGTH:
        raise errors.InvalidInputError(
            f"external id is {len(external_id)} characters long; at most {MAX_EXTERNAL_ID_LENGTH}"
        )
    if any(ord(c) < 32 or ord(c) == 127 for c in external_id):
        raise errors.InvalidInputError("external id contains control characters")


def put_body(external_id: str, metadata: Metadata) -> bytes:
    """The PUT body exactly as it is sent (the cURL command reuses it byte for byte)."""
    return json.dumps({"externalId": external_id, "metadata": dict(metadata)}).encode()


class BooxiClient:
    def __init__(
        self,
        region: Region,
        partner_key: str,
        *,
        timeout: float = 20.0,
        connect_timeout: float = 5.0,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
    ) -> None:
        self.region = region
        self._key = Secret(partner_key)
        self._max_bytes = max_response_bytes
        self._http = httpx.AsyncClient(
            base_url=region.base_url,
            timeout=httpx.Timeout(timeout, connect=connect_timeout),
            follow_redirects=False,
            verify=_tls_context(region),
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            trust_env=False,
        )

    def __repr__(self) -> str:
        return f"BooxiClient(region={self.region.code!r}, base_url={self.region.base_url!r})"

    def set_key(self, partner_key: str) -> None:
        self._key = Secret(partner_key)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> BooxiClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def get_link(self, client_id: int, module_id: str) -> LinkResponse:
        data = await self._request("GET", link_path(client_id, module_id))
        return self._expect_record(_parse(LinkResponse.from_json, data), client_id, module_id)

    async def put_link(
        self, client_id: int, module_id: str, external_id: str, metadata: Metadata
    ) -> LinkResponse:
        body = put_body(external_id, metadata)
        try:
            data = await self._request("PUT", link_path(client_id, module_id), body)
            response = _parse(LinkResponse.from_json, data)
        except errors.BadResponseError as exc:
            # No status: a 2xx (or unread) answer that is not a link; the PUT went out.
            if exc.status is None:
                exc.may_have_applied = True
                exc.advice = errors.SENT_ADVICE
            raise
        return self._expect_record(response, client_id, module_id, sent=True)

    def _expect_record(
        self, response: LinkResponse, client_id: int, module_id: str, *, sent: bool = False
    ) -> LinkResponse:
        """Every caller goes through here, so none can show, back up or save another record."""
        link = response.link
        if (link.client_id, link.module_id) == (client_id, module_id):
            return response
        asked = f"client {client_id}, module {self._shown(module_id)}"
        got = f"client {link.client_id}, module {self._shown(link.module_id)}"
        if sent:
            raise errors.WrongRecordError(
                f"The edits were sent to {asked}, but the server answered with the link of {got}.",
                sent=True,
                advice="Reload this link to check what it holds now; your edits are kept "
                "as unsaved and the other record's answer was not used.",
            )
        raise errors.WrongRecordError(
            f"Asked for {asked}, the server answered with the link of {got}. "
            "The answer was refused: nothing was saved, backed up or sent.",
            sent=False,
            advice="Check the region or the server address, then retry.",
        )

    def _shown(self, module_id: str) -> str:
        """A module id from the server, quoted, short, with invisible characters escaped."""
        return f"“{visible(elide(self._key.redact(module_id), MAX_MODULE_ID_LENGTH))}”"

    async def find_clients(self, module_id: str, external_id: str) -> ClientSearch:
        """The clients whose link in ``module_id`` has ``external_id`` (Booxi: first matches)."""
        check_search(module_id, external_id)
        params = {"moduleId": module_id, "externalId": external_id}
        data = await self._request(
            "GET", "/client", params=params, max_bytes=MAX_SEARCH_BYTES, what="a search answer"
        )
        return _parse(_search_from_json, data)

    async def _request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        params: Mapping[str, str] | None = None,
        *,
        max_bytes: int | None = None,
        what: str = "a module link",
    ) -> Any:
        if not self._key:
            raise errors.AuthenticationError("No partner key is set for this region.")
        if not self._key.is_header_safe():
            # httpx would raise UnicodeEncodeError, whose repr carries the whole key.
            raise errors.AuthenticationError(
                "The partner key contains characters a key cannot have (a curly quote, a "
                "dash or a line break picked up when copying it).",
                advice="Paste the key again, exactly as Booxi sent it.",
            )
        request = self._http.build_request(
            method,
            path,
            params=params,
            content=body,
            headers={"Booxi-PartnerKey": self._key.reveal()}
            | ({"Content-Type": "application/json"} if body is not None else {}),
        )
        if not host_allowed(self.region, str(request.url)):
            raise errors.InvalidInputError("refusing to send the partner key to another host")
        # Once a PUT's bytes may have left, a lost answer does not mean nothing changed.
        changes = method == "PUT"
        try:
            response = await self._http.send(request, stream=True)
        except (httpx.ConnectTimeout, httpx.PoolTimeout):
            raise errors.RequestTimeoutError(
                f"{self.region.label} did not answer in time."
            ) from None
        except httpx.TimeoutException:
            if changes:
                raise errors.PutOutcomeUnknownError(
                    f"{self.region.label} did not answer the save in time."
                ) from None
            raise errors.RequestTimeoutError(
                f"{self.region.label} did not answer in time."
            ) from None
        except httpx.HTTPError as exc:
            if changes and not isinstance(exc, _NOT_SENT):
                raise errors.PutConnectionLostError(
                    f"The connection to {self.region.host} broke during the save: "
                    f"{type(exc).__name__}."
                ) from None
            raise errors.NetworkError(
                f"Could not reach {self.region.host}: {type(exc).__name__}."
            ) from None
        try:
            limit = self._max_bytes if max_bytes is None else min(max_bytes, self._max_bytes)
            raw = await self._read_limited(response, limit, what, changes=changes)
        finally:
            await response.aclose()
        return self._decode(response, raw)

    async def _read_limited(
        self, response: httpx.Response, limit: int, what: str, *, changes: bool = False
    ) -> bytes:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise _too_large(int(declared), limit, what)
        chunks: list[bytes] = []
        size = 0
        try:
            # Decoded bytes are counted, so a small gzip bomb cannot slip past the cap.
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > limit:
                    raise _too_large(size, limit, what)
                chunks.append(chunk)
        except httpx.TimeoutException:
            if changes:
                raise errors.PutOutcomeUnknownError(
                    "The answer to the save stopped arriving in time."
                ) from None
            raise errors.RequestTimeoutError("The answer stopped arriving in time.") from None
        except httpx.HTTPError as exc:
            if changes:
                raise errors.PutConnectionLostError(
                    f"The connection broke while reading the answer to the save: "
                    f"{type(exc).__name__}."
                ) from None
            raise errors.NetworkError(
                f"The connection broke while reading the answer: {type(exc).__name__}."
            ) from None
        return b"".join(chunks)

    def _decode(self, response: httpx.Response, raw: bytes) -> Any:
        status = response.status_code
        try:
            data: Any = json.loads(raw) if raw else None
        except (ValueError, RecursionError):
            data = None
            if 200 <= status < 300:
                raise errors.BadResponseError(
                    f"The server answered {status} but the body is not valid JSON."
                ) from None
        if 200 <= status < 300:
            return data
        raise self._error_for(status, data, response.headers)

    def _error_for(self, status: int, data: Any, headers: httpx.Headers) -> errors.BooxiError:
        body = data if isinstance(data, dict) else {}
        code = body.get("code")
        info: dict[str, Any] = {
            "status": status,
            "server_message": self._key.redact(str(body.get("message") or ""))[:500],
            "server_code": code if isinstance(code, int) else None,
            "server_error": self._key.redact(str(body.get("error") or ""))[:100],
        }
        if status == 401:
            return errors.AuthenticationError("The partner key was refused (401).", **info)
        if status == 403:
            return errors.ForbiddenError("Access to this module was refused (403).", **info)
        if status == 404:
            return errors.NotFoundError("No such client or module link (404).", **info)
        if status == 429:
            return errors.RateLimitedError(
                "Too many requests (429).", retry_after=_retry_after(headers), **info
            )
        if 300 <= status < 400:
            return errors.BadResponseError(
                f"The server answered with a redirect ({status}).", **info
            )
        if status >= 500:
            return errors.ServerError(f"The server failed ({status}).", **info)
        return errors.BadRequestError(f"The server refused the request ({status}).", **info)


def _parse(parser: Callable[[Any], T], data: Any) -> T:
    try:
        return parser(data)
    except LinkFormatError as exc:
        raise errors.BadResponseError(f"The answer is not what was expected: {exc}.") from None


def _search_from_json(data: Any) -> ClientSearch:
    if not isinstance(data, Mapping):
        raise LinkFormatError("the search answer is not a JSON object")
    if "clients" not in data:
        # Not "nothing matched": an answer without the list is not a search answer at all.
        raise LinkFormatError("the search answer has no clients list")
    found_clients = data["clients"]
    found_links = data.get("clientLinks")
    found_links = [] if found_links is None else found_links
    if not isinstance(found_clients, list) or not isinstance(found_links, list):
        raise LinkFormatError("the search answer's clients and clientLinks are not lists")
    if max(len(found_clients), len(found_links)) > MAX_SEARCH_CLIENTS:
        raise LinkFormatError(
            f"the search answer lists more than {MAX_SEARCH_CLIENTS} entries, far more "
            "than Booxi returns"
        )
    clients = [ClientSummary.from_json(c) for c in found_clients if isinstance(c, dict)]
    links = [ClientModuleLink.from_json(x) for x in found_links]
    return ClientSearch(clients=clients, links=links)


def _retry_after(headers: httpx.Headers) -> float | None:
    value = headers.get("Retry-After", "").strip()
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def _too_large(size: int, limit: int, what: str) -> errors.BadResponseError:
    return errors.BadResponseError(
        f"The answer is {size / 1e6:.1f} MB, more than the {_megabytes(limit)} MB {what} "
        "can reasonably be; it was not read."
    )


def _megabytes(size: int) -> str:
    text = f"{size / 1e6:.1f}"
    return text.removesuffix(".0")

"""The client module link endpoints, as plain functions of a request (no sockets here)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from urllib.parse import parse_qs, unquote

from booxi_desktop.core.jsondoc.decode import json_type_phrase
from booxi_desktop.core.regions import API_PATH
from booxi_desktop.sandbox.ratelimit import RateLimiter
from booxi_desktop.sandbox.records import Client, Link
from booxi_desktop.sandbox.responses import Response, error_response, json_response
from booxi_desktop.sandbox.store import ExternalIdConflictError, Store, UnknownClientError

PARTNER_KEY_HEADER = "Booxi-PartnerKey"
# At most 18 digits: always fits a signed 64-bit integer, whatever the real id width.
_CLIENT_ID = re.compile(r"[1-9][0-9]{0,17}")
_PUT_FIELDS = ("externalId", "metadata")


class BadRequestError(ValueError):
    """The request is wrong in a way the caller can fix; the message says how."""


class SandboxApi:
    def __init__(
        self,
        store: Store,
        keys: Mapping[str, frozenset[str]],
        limiter: RateLimiter | None = None,
    ) -> None:
        self.store = store
        # Read on every request (not copied) so tests can grant or revoke keys live.
        self.keys = keys
        self.limiter = limiter

    def handle(self, method: str, target: str, partner_key: str | None, body: bytes) -> Response:
        path, _, query = target.partition("?")
        route = _route(path.partition("#")[0])
        if route is None:
            return error_response(404, "no such resource")
        modules = self.keys.get(partner_key) if partner_key else None
        if modules is None:
            return error_response(
                401, f"missing or unknown partner key (header {PARTNER_KEY_HEADER})"
            )
        if self.limiter is not None:
            retry_after = self.limiter.acquire(partner_key or "")
            if retry_after is not None:
                return error_response(
                    429,
                    f"rate limit exceeded for this partner key; retry in {retry_after} s",
                    headers=(("Retry-After", str(retry_after)),),
                )
        response = self._dispatch(method, route, query, modules, body)
        if response.status == 400 and self.limiter is not None:
            self.limiter.penalize(partner_key or "")
        return response

    def _dispatch(
        self,
        method: str,
        route: tuple[str, ...],
        query: str,
        modules: frozenset[str],
        body: bytes,
    ) -> Response:
        allowed = ("GET",) if route == ("client",) else ("GET", "PUT")
        if method not in allowed:
            return error_response(
                405,
                f"{method} is not allowed here; use {' or '.join(allowed)}",
                headers=(("Allow", ", ".join(allowed)),),
            )
        try:
            segments = [unquote(s, encoding="utf-8", errors="strict") for s in route]
            if route == ("client",):
                return self._search(query, modules)
            return self._link(method, segments[1], segments[3], modules, body)
        except BadRequestError as exc:
            return error_response(400, str(exc))
        except UnicodeDecodeError:
            return error_response(400, "the URL is not valid percent-encoded UTF-8")

    def _link(
        self, method: str, raw_client_id: str, module_id: str, modules: frozenset[str], body: bytes
    ) -> Response:
        if not _CLIENT_ID.fullmatch(raw_client_id):
            raise BadRequestError(f"clientId must be a positive integer, not {raw_client_id!r}")
        client_id = int(raw_client_id)
        if not module_id:
            raise BadRequestError("moduleId must not be empty")
        if module_id not in modules:
            return error_response(
                403, f"this partner key is not authorized for module {module_id!r}"
            )
        client = self.store.client(client_id)
        if client is None:
            return error_response(404, f"client {client_id} not found")
        if method == "GET":
            link = self.store.link(client_id, module_id)
            if link is None:
                return error_response(
                    404, f"client {client_id} has no link for module {module_id!r}"
                )
            return _link_response(link, client)
        external_id, metadata = parse_put_body(body)
        try:
            link = self.store.put_link(client_id, module_id, external_id, metadata)
        except ExternalIdConflictError as exc:
            return error_response(400, str(exc), error="InvalidExternalId")
        except UnknownClientError:
            return error_response(404, f"client {client_id} not found")
        return _link_response(link, client)

    def _search(self, query: str, modules: frozenset[str]) -> Response:
        params = parse_qs(query, keep_blank_values=True, encoding="utf-8", errors="strict")
        for name, values in params.items():
            if len(values) > 1:
                raise BadRequestError(f"{name} is given more than once")
        module_id = params.get("moduleId", [None])[0]
        external_id = params.get("externalId", [None])[0]
        if external_id is not None and not module_id:
            raise BadRequestError("moduleId is required when externalId is given")
        if module_id is not None and module_id not in modules:
            return error_response(
                403, f"this partner key is not authorized for module {module_id!r}"
            )
        clients, links = self.store.find(module_id, external_id, modules)
        return json_response(
            200,
            {
                "clients": [c.to_json() for c in clients],
                "clientLinks": [link.to_json() for link in links],
            },
        )


def parse_put_body(body: bytes) -> tuple[str, dict[str, str]]:
    """Exactly ``{"externalId": str, "metadata": {str: str}}``, or a BadRequestError."""
    if not body.strip():
        raise BadRequestError('the body is empty; send {"externalId": "...", "metadata": {...}}')
    try:
        doc = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise BadRequestError("the body is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise BadRequestError(
            f"the body is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    if not isinstance(doc, dict):
        raise BadRequestError(f"the body must be a JSON object, not {json_type_phrase(doc)}")
    unknown = [k for k in doc if k not in _PUT_FIELDS]
    if unknown:
        raise BadRequestError(
            f"unexpected field(s) {', '.join(map(repr, unknown))}: "
            "the body has only externalId and metadata"
        )
    for name in _PUT_FIELDS:
        if name not in doc:
            raise BadRequestError(f"{name} is required")
    external_id, metadata = doc["externalId"], doc["metadata"]
    if not isinstance(external_id, str):
        raise BadRequestError(f"externalId must be a string, not {json_type_phrase(external_id)}")
    if not isinstance(metadata, dict):
        raise BadRequestError(f"metadata must be a JSON object, not {json_type_phrase(metadata)}")
    for key, value in metadata.items():
        if not isinstance(value, str):
            raise BadRequestError(
                f"metadata value of {key!r} must be a string, not {json_type_phrase(value)}"
            )
    return external_id, dict(metadata)


def _route(path: str) -> tuple[str, ...] | None:
    """The raw (still percent-encoded) segments of a known route, or None.

    Segments are split before they are decoded, so an encoded ``/`` stays inside its
    segment and ``..`` is an ordinary id: nothing can reach another resource.
    """
    prefix = API_PATH + "/"
    if not path.startswith(prefix):
        return None
    segments = path[len(prefix) :].split("/")
    if len(segments) > 1 and segments[-1] == "":
        segments.pop()  # the article writes the link path with a trailing slash
    if segments == ["client"]:
        return ("client",)
    if len(segments) == 4 and segments[0] == "client" and segments[2] == "moduleLink":
        return tuple(segments)
    return None


def _link_response(link: Link, client: Client) -> Response:
    return json_response(200, {"link": link.to_json(), "client": client.to_json()})

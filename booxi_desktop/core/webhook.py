"""What a webhook event says about client module links, and what is wrong with it.

Only ``eventContent.clientLinks`` (an array of client module links) is documented for
new-booking events; event type names and the other fields are not public. Everything
else is therefore kept as sent and shown, never interpreted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from booxi_desktop.core.json_input import PathPart, format_path, json_type_name, json_type_phrase
from booxi_desktop.core.model import as_int, format_datetime, parse_datetime

CrmStatus = Literal["returning", "new"]

_LINK_FIELDS = frozenset(
    ("moduleId", "clientId", "externalId", "metadata", "createdOn", "modifiedOn")
)
_LINKS_PARTS: tuple[PathPart, ...] = ("eventContent", "clientLinks")
_LINKS_PATH = format_path(_LINKS_PARTS)
_DESCRIBED_LINKS = 20
_SHOWN_VALUE = 60
_INLINE_ITEMS = 5


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    path: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "path": self.path}


@dataclass(frozen=True, init=False)
class FoundLink:
    index: int
    path: str
    module_id: str | None
    client_id: int | None
    external_id: str | None
    metadata: dict[str, Any]
    metadata_key_count: int
    created_on: datetime | None
    modified_on: datetime | None
    non_string_keys: list[str]
    unknown_fields: dict[str, Any]
    crm_status: CrmStatus | None

    def __init__(
        self,
        index: int,
        path: str,
        module_id: str | None,
        client_id: int | None,
        external_id: str | None,
        metadata: dict[str, Any],
        metadata_key_count: int,
        created_on: datetime | None,
        modified_on: datetime | None,
        non_string_keys: list[str],
        unknown_fields: dict[str, Any],
        crm_status: CrmStatus | None = None,
    ) -> None:
        # The generated frozen __init__ makes one object.__setattr__ call per field, which
        # costs a quarter of analyse's time on group events with thousands of links.
        object.__setattr__(
            self,
            "__dict__",
            {
                "index": index,
                "path": path,
                "module_id": module_id,
                "client_id": client_id,
                "external_id": external_id,
                "metadata": metadata,
                "metadata_key_count": metadata_key_count,
                "created_on": created_on,
                "modified_on": modified_on,
                "non_string_keys": non_string_keys,
                "unknown_fields": unknown_fields,
                "crm_status": crm_status,
            },
        )

    @property
    def has_external_id(self) -> bool:
        return bool(self.external_id and self.external_id.strip())

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "path": self.path,
            "moduleId": self.module_id,
            "clientId": self.client_id,
            "externalId": self.external_id,
            "metadata": self.metadata,
            "metadataKeyCount": self.metadata_key_count,
            "createdOn": _iso(self.created_on),
            "modifiedOn": _iso(self.modified_on),
            "nonStringKeys": self.non_string_keys,
            "unknownFields": self.unknown_fields,
            "crmStatus": self.crm_status,
        }


@dataclass(frozen=True)
class Findings:
    module_id: str | None
    client_id: int | None
    links_path: str | None
    links: list[FoundLink]
    match: FoundLink | None
    problems: list[Problem]
    event_fields: dict[str, Any]
    content_fields: dict[str, Any]
    client_ids: list[int]

    @property
    def has_problems(self) -> bool:
        return bool(self.problems)

    @property
    def problem_codes(self) -> list[str]:
        return [p.code for p in self.problems]

    def to_json(self) -> dict[str, Any]:
        """Plain JSON-ready data, for the command line's ``--json`` output."""
        return {
            "moduleId": self.module_id,
            "clientId": self.client_id,
            "linksPath": self.links_path,
            "clientIds": self.client_ids,
            "links": [link.to_json() for link in self.links],
            "match": None if self.match is None else self.match.to_json(),
            "problems": [p.to_json() for p in self.problems],
            "hasProblems": self.has_problems,
            "eventFields": self.event_fields,
            "contentFields": self.content_fields,
        }


def analyse(
    payload: Any,
    module_id: str | None = None,
    client_id: int | None = None,
    crm_ids: frozenset[str] | None = None,
) -> Findings:
    """Find the client module links in a webhook event and the one for ``module_id``."""
    problems: list[Problem] = []
    event_fields: dict[str, Any] = {}
    content_fields: dict[str, Any] = {}
    links: list[FoundLink] = []
    content = _event_content(payload, problems)
    if isinstance(payload, dict):
        event_fields = {k: v for k, v in payload.items() if k != "eventContent"}
    if content is not None:
        content_fields = {k: v for k, v in content.items() if k != "clientLinks"}
        links = _read_links(content, crm_ids, problems)
    has_links = content is not None and content.get("clientLinks") is not None
    client_ids = list(dict.fromkeys(k.client_id for k in links if k.client_id is not None))
    match = _pick(links, module_id, client_id, client_ids, problems) if links else None
    for link in links:
        if not link.has_external_id and (module_id is None or link.module_id == module_id):
            problems.append(_missing_external_id(link))
    return Findings(
        module_id=module_id,
        client_id=client_id,
        links_path=_LINKS_PATH if has_links else None,
        links=links,
        match=match,
        problems=problems,
        event_fields=event_fields,
        content_fields=content_fields,
        client_ids=client_ids,
    )


def describe(findings: Findings) -> list[str]:
    """Readable lines for a terminal; dates in the local time zone."""
    lines: list[str] = []
    if findings.links_path is not None:
        clients = ", ".join(map(str, findings.client_ids)) or "none"
        entries = _count(len(findings.links), "entry", "entries")
        lines.append(f"Client links at {findings.links_path}: {entries} (clients: {clients})")
        for link in findings.links[:_DESCRIBED_LINKS]:
            lines.append("  " + _link_summary(link))
        if len(findings.links) > _DESCRIBED_LINKS:
            lines.append(f"  … and {len(findings.links) - _DESCRIBED_LINKS} more")
    if findings.match is not None:
        lines.extend(_match_lines(findings.match))
    elif findings.module_id is not None:
        lines.append(f"No link selected for module {findings.module_id}.")
    for title, fields in (
        ("Other event fields", findings.event_fields),
        ("Other eventContent fields", findings.content_fields),
    ):
        if fields:
            lines.append(f"{title}:")
            lines.extend(f"  {key} = {_short(value)}" for key, value in fields.items())
    if findings.problems:
        lines.append(f"Problems ({len(findings.problems)}):")
        lines.extend(f"  ! [{p.code}] {p.message}" for p in findings.problems)
    else:
        lines.append("No problems found.")
    return lines


def _event_content(payload: object, problems: list[Problem]) -> dict[str, Any] | None:
    if not isinstance(payload, dict):
        problems.append(
            Problem(
                "not_an_object",
                f"The payload is {json_type_phrase(payload)}, not a JSON object: "
                "a webhook event is an object holding eventContent.",
            )
        )
        return None
    content = payload.get("eventContent")
    if content is None:
        problems.append(
            Problem(
                "no_event_content",
                "The payload has no eventContent: it may be another kind of event "
                "than a booking, or not a Booxi webhook event at all.",
            )
        )
        return None
    if not isinstance(content, dict):
        problems.append(
            Problem(
                "event_content_not_object",
                f"eventContent is {json_type_phrase(content)}, not a JSON object.",
                "eventContent",
            )
        )
        return None
    return content


def _read_links(
    content: dict[str, Any], crm_ids: frozenset[str] | None, problems: list[Problem]
) -> list[FoundLink]:
    raw = content.get("clientLinks")
    if raw is None:
        problems.append(
            Problem(
                "no_client_links",
                f"The event has no {_LINKS_PATH}: the webhook endpoint may not be "
                "authorised for this module.",
                "eventContent",
            )
        )
        return []
    if isinstance(raw, list) and not raw:
        problems.append(
            Problem(
                "empty_client_links",
                f"{_LINKS_PATH} is empty: no module holds data for this booking's clients.",
                _LINKS_PATH,
            )
        )
    return [
        link
        for index, (part, entry) in enumerate(_entries(raw, problems))
        if (link := _read_link(index, part, entry, crm_ids, problems)) is not None
    ]


def _entries(raw: object, problems: list[Problem]) -> list[tuple[PathPart, object]]:
    if isinstance(raw, list):
        return list(enumerate(raw))
    problems.append(
        Problem(
            "client_links_not_array",
            f"{_LINKS_PATH} is {json_type_phrase(raw)}; Booxi documents an array of "
            "client module links.",
            _LINKS_PATH,
        )
    )
    # An object keyed by module id is a plausible misreading of the article's
    # "clientLinks[YOUR_MODULE_ID]"; its entries are still worth showing.
    if isinstance(raw, dict) and all(isinstance(v, dict) for v in raw.values()):
        return [(str(k), v) for k, v in raw.items()]
    return []


def _read_link(
    index: int,
    part: PathPart,
    entry: object,
    crm_ids: frozenset[str] | None,
    problems: list[Problem],
) -> FoundLink | None:
    # Group events can carry thousands of links: the well-formed case is checked inline
    # and the helpers only run for values of the wrong type.
    path = f"{_LINKS_PATH}[{part}]" if isinstance(part, int) else format_path((*_LINKS_PARTS, part))
    if not isinstance(entry, dict):
        problems.append(
            Problem(
                "link_not_object",
                f"{path} is {json_type_phrase(entry)}, not a client module link object.",
                path,
            )
        )
        return None
    get = entry.get
    module_id = get("moduleId")
    if module_id is not None and not isinstance(module_id, str):
        module_id = _not_text("moduleId", module_id, path, problems)
    client_id = get("clientId")
    if type(client_id) is not int:  # bool is an int subclass, and not a clientId
        client_id = _client_id(client_id, path, problems)
    external_id = get("externalId")
    if external_id is not None and not isinstance(external_id, str):
        external_id = _not_text("externalId", external_id, path, problems)
    metadata = get("metadata")
    metadata = dict(metadata) if isinstance(metadata, dict) else _metadata(metadata, path, problems)
    non_string = [k for k, v in metadata.items() if not isinstance(v, str)]
    if non_string:
        problems.append(_non_string_metadata(metadata, non_string, path))
    crm_status: CrmStatus | None = None
    if crm_ids is not None:
        known = external_id is not None and external_id.strip() in crm_ids
        crm_status = "returning" if known else "new"
    return FoundLink(
        index=index,
        path=path,
        module_id=module_id,
        client_id=client_id,
        external_id=external_id,
        metadata=metadata,
        metadata_key_count=len(metadata),
        created_on=_date(get("createdOn"), "createdOn", path, problems),
        modified_on=_date(get("modifiedOn"), "modifiedOn", path, problems),
        non_string_keys=non_string,
        unknown_fields=(
            {}
            if entry.keys() <= _LINK_FIELDS
            else {k: v for k, v in entry.items() if k not in _LINK_FIELDS}
        ),
        crm_status=crm_status,
    )


def _metadata(value: object, path: str, problems: list[Problem]) -> dict[str, Any]:
    if value is not None:
        problems.append(
            Problem(
                "metadata_not_object",
                f"metadata is {json_type_phrase(value)}; Booxi documents an object of "
                "string key/value pairs.",
                f"{path}.metadata",
            )
        )
    return {}


def _non_string_metadata(metadata: dict[str, Any], keys: list[str], path: str) -> Problem:
    kinds = ", ".join(f"{k} ({json_type_name(metadata[k])})" for k in keys)
    return Problem(
        "non_string_metadata",
        f"Metadata values are documented as text, but these are not: {kinds}. "
        "Send them back as strings when updating the link.",
        f"{path}.metadata",
    )


def _not_text(name: str, value: object, path: str, problems: list[Problem]) -> str | None:
    problems.append(
        Problem(
            f"{_snake(name)}_not_string",
            f"{name} is {json_type_phrase(value)} ({_short(value)}); Booxi documents a string.",
            f"{path}.{name}",
        )
    )
    return None if isinstance(value, dict | list) else _plain(value)


def _client_id(value: object, path: str, problems: list[Problem]) -> int | None:
    if value is None:
        problems.append(Problem("missing_client_id", "The link has no clientId.", path))
        return None
    number = as_int(value) if isinstance(value, str) else None
    readable = number is not None
    problems.append(
        Problem(
            "client_id_not_integer",
            f"clientId is {json_type_phrase(value)} ({_short(value)}); Booxi documents "
            "an integer." + (" It is read as a number here." if readable else ""),
            f"{path}.clientId",
        )
    )
    return number


def _date(value: object, name: str, path: str, problems: list[Problem]) -> datetime | None:
    if value is None:
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        problems.append(
            Problem(
                "bad_date",
                f"{name} ({_short(value)}) is not an RFC 3339 date-time.",
                f"{path}.{name}",
            )
        )
    return parsed


def _pick(
    links: list[FoundLink],
    module_id: str | None,
    client_id: int | None,
    client_ids: list[int],
    problems: list[Problem],
) -> FoundLink | None:
    if client_id is not None and client_id not in client_ids:
        problems.append(
            Problem(
                "client_not_in_group",
                f"Client {client_id} is not in this event; its clients are "
                f"{', '.join(map(str, client_ids)) or 'unknown'}.",
                _LINKS_PATH,
            )
        )
        return None
    if module_id is None:
        return None
    candidates = [k for k in links if k.module_id == module_id]
    if client_id is not None:
        candidates = [k for k in candidates if k.client_id == client_id]
    if not candidates:
        modules = ", ".join(sorted({k.module_id for k in links if k.module_id})) or "none"
        who = f"Client {client_id} has" if client_id is not None else "No client has"
        problems.append(
            Problem(
                "no_link_for_module",
                f"{who} a link for module {module_id} (modules present: {modules}): "
                "the webhook endpoint may not be authorised for this module.",
                _LINKS_PATH,
            )
        )
        return None
    clients = list(dict.fromkeys(k.client_id for k in candidates))
    if len(clients) > 1:
        problems.append(
            Problem(
                "ambiguous_group",
                f"This is a group reservation: {len(clients)} clients "
                f"({', '.join(map(str, clients))}) have a link for module {module_id}. "
                "Give the clientId to pick one.",
                _LINKS_PATH,
            )
        )
        return None
    if len(candidates) > 1:
        problems.append(
            Problem(
                "duplicate_link",
                f"{len(candidates)} entries link client {clients[0]} to module {module_id} "
                f"({', '.join(k.path for k in candidates)}); the first is used.",
                candidates[1].path,
            )
        )
    return candidates[0]


def _missing_external_id(link: FoundLink) -> Problem:
    client = link.client_id if link.client_id is not None else "{clientId}"
    module = link.module_id or "{moduleId}"
    return Problem(
        "missing_external_id",
        f"{link.path} (client {client}) has no externalId: by Booxi's CRM recipe this is "
        "a new customer. Add them to your CRM, then set the externalId with "
        f"PUT /client/{client}/moduleLink/{module}.",
        f"{link.path}.externalId",
    )


def _link_summary(link: FoundLink) -> str:
    external = f'externalId "{link.external_id}"' if link.has_external_id else "no externalId"
    parts = [
        f"[{link.index}] module {link.module_id or '?'}",
        f"client {link.client_id if link.client_id is not None else '?'}",
        external,
        _count(link.metadata_key_count, "metadata key", "metadata keys"),
    ]
    if link.crm_status is not None:
        parts.append(f"{link.crm_status} customer")
    return " · ".join(parts)


def _match_lines(link: FoundLink) -> list[str]:
    lines = [f"Link for module {link.module_id}, client {link.client_id}: {link.path}"]
    external = link.external_id if link.has_external_id else "(none)"
    status = {
        "returning": " (returning customer: it is in your CRM)",
        "new": " (new customer: add them to your CRM and set the externalId)",
        None: "",
    }[link.crm_status]
    lines.append(f"  externalId: {external}{status}")
    lines.append(f"  created: {_local(link.created_on)}  modified: {_local(link.modified_on)}")
    lines.append(f"  metadata ({_count(link.metadata_key_count, 'key', 'keys')}):")
    for key, value in link.metadata.items():
        note = "" if isinstance(value, str) else f"  ({json_type_name(value)}, not text)"
        lines.append(f"    {key} = {_short(value)}{note}")
    for key, value in link.unknown_fields.items():
        lines.append(f"  other field {key} = {_short(value)}")
    return lines


def _local(value: datetime | None) -> str:
    if value is None:
        return "(none)"
    local = value.astimezone()
    return f"{local:%Y-%m-%d %H:%M:%S} {local.tzname() or ''}".rstrip()


def _iso(value: datetime | None) -> str | None:
    return None if value is None else format_datetime(value)


def _short(value: object) -> str:
    # Big containers are summarised: dumping megabytes only to cut them is wasted time.
    if isinstance(value, list) and len(value) > _INLINE_ITEMS:
        return f"[{len(value)} items]"
    if isinstance(value, dict) and len(value) > _INLINE_ITEMS:
        return f"{{{len(value)} keys}}"
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= _SHOWN_VALUE else text[: _SHOWN_VALUE - 1] + "…"


def _plain(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _count(n: int, noun: str, plural: str) -> str:
    return f"{n} {noun if n == 1 else plural}"


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)

"""What a webhook event says about client module links, and what is wrong with it.

Only ``eventContent.clientLinks`` (an array of client module links) is documented for
new-booking events; event type names and the other fields are not public. Everything
else is therefore kept as sent and shown, never interpreted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import compress, count, repeat
from operator import eq
from typing import Any

from booxi_desktop.core.jsondoc.decode import json_type_name, json_type_phrase
from booxi_desktop.core.jsondoc.notes import JsonNote
from booxi_desktop.core.text import local_time_text, plural
from booxi_desktop.core.webhook.links import (
    LINKS_PATH,
    FoundLink,
    FoundLinks,
    Problem,
    blank_positions,
    read_links,
    short_value,
)

_DESCRIBED_LINKS = 20
_LISTED_IDS = 10


@dataclass(frozen=True)
class Findings:
    module_id: str | None
    client_id: int | None
    links_path: str | None
    links: FoundLinks
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
    json_notes: Sequence[JsonNote] = (),
) -> Findings:
    """Find the client module links in a webhook event and the one for ``module_id``.

    ``json_notes`` (from :func:`~booxi_desktop.core.jsondoc.decode.find_json_notes`) become
    problems first: a duplicate key means the payload may not say what it seems to.
    """
    problems: list[Problem] = [
        Problem(note.code, f"{note.message} At {note.where}.", note.path) for note in json_notes
    ]
    event_fields: dict[str, Any] = {}
    content_fields: dict[str, Any] = {}
    links = FoundLinks()
    content = _event_content(payload, problems)
    if isinstance(payload, dict):
        event_fields = {k: v for k, v in payload.items() if k != "eventContent"}
    if content is not None:
        content_fields = {k: v for k, v in content.items() if k != "clientLinks"}
        links = _read_links(content, crm_ids, problems)
    has_links = content is not None and content.get("clientLinks") is not None
    # dict.fromkeys and map loop in C: group events can carry thousands of links.
    unique_ids = dict.fromkeys(links.client_ids)
    unique_ids.pop(None, None)
    client_ids: list[int] = list(unique_ids)  # type: ignore[arg-type]  # None popped
    match = _pick(links, module_id, client_id, client_ids, problems) if links else None
    new_customers = [
        position
        for position in blank_positions(links.external_ids)
        if module_id in (None, links.module_ids[position])
    ]
    problems.extend(_missing_external_id(links[position]) for position in new_customers)
    return Findings(
        module_id=module_id,
        client_id=client_id,
        links_path=LINKS_PATH if has_links else None,
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
        clients = id_list(findings.client_ids) or "none"
        entries = plural(len(findings.links), "entry", "entries")
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
            lines.extend(f"  {key} = {short_value(value)}" for key, value in fields.items())
    if findings.problems:
        lines.append(f"Problems ({len(findings.problems)}):")
        lines.extend(f"  ! [{p.code}] {p.message}" for p in findings.problems)
    else:
        lines.append("No problems found.")
    return lines


def id_list(ids: Sequence[int | None], shown: int = _LISTED_IDS) -> str:
    """ "5120044, 5120987 and 4,198 more": a group's clients, readable in a sentence."""
    text = ", ".join(map(str, ids[:shown]))
    return f"{text} and {len(ids) - shown:,} more" if len(ids) > shown else text


class ClientNames:
    """Names from ``eventContent.clients`` when it has the assumed shape; nothing relies on it.

    Read on the first lookup, not when the event is: a group event's thousands of clients
    only matter once someone asks for one of their names.
    """

    def __init__(self, clients: object = None) -> None:
        self._clients = clients if isinstance(clients, list) else []
        self._rows: dict[int, int] | None = None

    def get(self, client_id: int) -> str | None:
        if self._rows is None:
            self._rows = {
                client["clientId"]: row
                for row, client in enumerate(self._clients)
                if isinstance(client, dict) and type(client.get("clientId")) is int
            }
        row = self._rows.get(client_id)
        if row is None:
            return None
        client = self._clients[row]
        parts = (client.get(k) for k in ("firstName", "lastName"))
        return " ".join(p for p in parts if isinstance(p, str) and p) or None


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
) -> FoundLinks:
    raw = content.get("clientLinks")
    if raw is None:
        problems.append(
            Problem(
                "no_client_links",
                f"The event has no {LINKS_PATH}: the webhook endpoint may not be "
                "authorised for this module.",
                "eventContent",
            )
        )
        return FoundLinks()
    if isinstance(raw, list) and not raw:
        problems.append(
            Problem(
                "empty_client_links",
                f"{LINKS_PATH} is empty: no module holds data for this booking's clients.",
                LINKS_PATH,
            )
        )
    return read_links(raw, crm_ids, problems)


def _pick(
    links: FoundLinks,
    module_id: str | None,
    client_id: int | None,
    client_ids: list[int],
    problems: list[Problem],
) -> FoundLink | None:
    # Read from the columns: only the links named in a problem or picked are built.
    if client_id is not None and client_id not in client_ids:
        problems.append(
            Problem(
                "client_not_in_group",
                f"Client {client_id} is not in this event; its clients are "
                f"{id_list(client_ids) or 'unknown'}.",
                LINKS_PATH,
            )
        )
        return None
    if module_id is None:
        return None
    clients_of = links.client_ids
    # compress() and map() loop in C: a group event's thousands of links all match.
    candidates = list(compress(count(), map(eq, links.module_ids, repeat(module_id))))
    if client_id is not None:
        candidates = [i for i in candidates if clients_of[i] == client_id]
    if not candidates:
        modules = ", ".join(sorted(set(filter(None, links.module_ids)))) or "none"
        who = f"Client {client_id} has" if client_id is not None else "No client has"
        problems.append(
            Problem(
                "no_link_for_module",
                f"{who} a link for module {module_id} (modules present: {modules}): "
                "the webhook endpoint may not be authorised for this module.",
                LINKS_PATH,
            )
        )
        return None
    clients = list(dict.fromkeys(map(clients_of.__getitem__, candidates)))
    if len(clients) > 1:
        problems.append(
            Problem(
                "ambiguous_group",
                f"This is a group reservation: {len(clients)} clients "
                f"({id_list(clients)}) have a link for module {module_id}. "
                "Give the clientId to pick one.",
                LINKS_PATH,
            )
        )
        return None
    if len(candidates) > 1:
        paths = [links[i].path for i in candidates]
        problems.append(
            Problem(
                "duplicate_link",
                f"{len(candidates)} entries link client {clients[0]} to module {module_id} "
                f"({', '.join(paths)}); the first is used.",
                paths[1],
            )
        )
    return links[candidates[0]]


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
        plural(link.metadata_key_count, "metadata key"),
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
    created = _local(link.created_on, link.invalid_dates.get("createdOn"))
    modified = _local(link.modified_on, link.invalid_dates.get("modifiedOn"))
    lines.append(f"  created: {created}  modified: {modified}")
    lines.append(f"  metadata ({plural(link.metadata_key_count, 'key')}):")
    for key, value in link.metadata.items():
        note = "" if isinstance(value, str) else f"  ({json_type_name(value)}, not text)"
        lines.append(f"    {key} = {short_value(value)}{note}")
    for key, value in link.unknown_fields.items():
        lines.append(f"  other field {key} = {short_value(value)}")
    return lines


def _local(value: datetime | None, raw: object = None) -> str:
    """Local time; never raises (a date local time cannot hold is shown in UTC)."""
    if value is None:
        return "(none)" if raw is None else f"{short_value(raw)} (not a valid date)"
    return local_time_text(value, zone=True)

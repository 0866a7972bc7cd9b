"""What a webhook event says about client module links, and what is wrong with it.

Only ``eventContent.clientLinks`` (an array of client module links) is documented for
new-booking events; event type names and the other fields are not public. Everything
else is therefore kept as sent and shown, never interpreted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from booxi_desktop.core.jsondoc.decode import json_type_phrase
from booxi_desktop.core.jsondoc.notes import JsonNote
from booxi_desktop.core.webhook.found_links import FoundLinks, blank_positions, read_links
from booxi_desktop.core.webhook.links import LINKS_PATH, FoundLink
from booxi_desktop.core.webhook.problems import Problem, ProblemCode

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
    def problem_codes(self) -> list[ProblemCode]:
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
        Problem(ProblemCode(note.code), f"{note.message} At {note.where}.", note.path)
        for note in json_notes
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
    client_ids = list(dict.fromkeys(c for c in links.client_ids if c is not None))
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
            # "clientId" as in link entries, or "id" as the client API names it.
            self._rows = {
                cid: row
                for row, client in enumerate(self._clients)
                if isinstance(client, dict)
                and type(cid := client.get("clientId", client.get("id"))) is int
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
                ProblemCode.NOT_AN_OBJECT,
                f"The payload is {json_type_phrase(payload)}, not a JSON object: "
                "a webhook event is an object holding eventContent.",
            )
        )
        return None
    content = payload.get("eventContent")
    if content is None:
        problems.append(
            Problem(
                ProblemCode.NO_EVENT_CONTENT,
                "The payload has no eventContent: it may be another kind of event "
                "than a booking, or not a Booxi webhook event at all.",
            )
        )
        return None
    if not isinstance(content, dict):
        problems.append(
            Problem(
                ProblemCode.EVENT_CONTENT_NOT_OBJECT,
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
                ProblemCode.NO_CLIENT_LINKS,
                f"The event has no {LINKS_PATH}: the webhook endpoint may not be "
                "authorised for this module.",
                "eventContent",
            )
        )
        return FoundLinks()
    if isinstance(raw, list) and not raw:
        problems.append(
            Problem(
                ProblemCode.EMPTY_CLIENT_LINKS,
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
                ProblemCode.CLIENT_NOT_IN_GROUP,
                f"Client {client_id} is not in this event; its clients are "
                f"{id_list(client_ids) or 'unknown'}.",
                LINKS_PATH,
            )
        )
        return None
    if module_id is None:
        return None
    clients_of = links.client_ids
    candidates = [i for i, module in enumerate(links.module_ids) if module == module_id]
    if client_id is not None:
        candidates = [i for i in candidates if clients_of[i] == client_id]
    if not candidates:
        modules = ", ".join(sorted(set(filter(None, links.module_ids)))) or "none"
        who = f"Client {client_id} has" if client_id is not None else "No client has"
        problems.append(
            Problem(
                ProblemCode.NO_LINK_FOR_MODULE,
                f"{who} a link for module {module_id} (modules present: {modules}): "
                "the webhook endpoint may not be authorised for this module.",
                LINKS_PATH,
            )
        )
        return None
    clients = list(dict.fromkeys(clients_of[i] for i in candidates))
    if len(clients) > 1:
        problems.append(
            Problem(
                ProblemCode.AMBIGUOUS_GROUP,
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
                ProblemCode.DUPLICATE_LINK,
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
        ProblemCode.MISSING_EXTERNAL_ID,
        f"{link.path} (client {client}) has no externalId: by Booxi's CRM recipe this is "
        "a new customer. Add them to your CRM, then set the externalId with "
        f"PUT /client/{client}/moduleLink/{module}.",
        f"{link.path}.externalId",
    )

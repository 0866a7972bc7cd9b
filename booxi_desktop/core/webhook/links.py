"""One client module link of a webhook event, read in full, and what is wrong with it.

:mod:`~booxi_desktop.core.webhook.found_links` reads the event's array of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from booxi_desktop.core.jsondoc.decode import (
    PathPart,
    format_path,
    json_type_name,
    json_type_phrase,
)
from booxi_desktop.core.link.model import as_int, date_problem, format_datetime, parse_datetime
from booxi_desktop.core.text import value_summary
from booxi_desktop.core.webhook.problems import Problem, ProblemCode

CrmStatus = Literal["returning", "new"]

LINK_FIELDS = frozenset(
    ("moduleId", "clientId", "externalId", "metadata", "createdOn", "modifiedOn")
)
LINKS_PARTS: tuple[PathPart, ...] = ("eventContent", "clientLinks")
LINKS_PATH = format_path(LINKS_PARTS)
_SHOWN_VALUE = 60
_INLINE_ITEMS = 5


@dataclass(slots=True)
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
    crm_status: CrmStatus | None = None
    invalid_dates: dict[str, Any] = field(default_factory=dict)
    """Dates refused by parse_datetime, by field name, exactly as sent (named in problems)."""

    @property
    def has_external_id(self) -> bool:
        return has_external_id(self.external_id)

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "path": self.path,
            "moduleId": self.module_id,
            "clientId": self.client_id,
            "externalId": self.external_id,
            "metadata": self.metadata,
            "metadataKeyCount": self.metadata_key_count,
            "createdOn": _iso(self.created_on, self.invalid_dates.get("createdOn")),
            "modifiedOn": _iso(self.modified_on, self.invalid_dates.get("modifiedOn")),
            "nonStringKeys": self.non_string_keys,
            "unknownFields": self.unknown_fields,
            "crmStatus": self.crm_status,
        }


def has_external_id(external_id: str | None) -> bool:
    return bool(external_id and external_id.strip())


def read_link(
    index: int,
    part: PathPart,
    entry: object,
    crm_ids: frozenset[str] | None,
    problems: list[Problem],
) -> FoundLink | None:
    path = f"{LINKS_PATH}[{part}]" if isinstance(part, int) else format_path((*LINKS_PARTS, part))
    if not isinstance(entry, dict):
        problems.append(
            Problem(
                ProblemCode.LINK_NOT_OBJECT,
                f"{path} is {json_type_phrase(entry)}, not a client module link object.",
                path,
            )
        )
        return None
    # The well-formed case is checked inline; the helpers only run for wrong types.
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
    invalid_dates = {
        name: get(name) for name in ("createdOn", "modifiedOn") if date_problem(get(name))
    }
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
            if entry.keys() <= LINK_FIELDS
            else {k: v for k, v in entry.items() if k not in LINK_FIELDS}
        ),
        crm_status=crm_status,
        invalid_dates=invalid_dates,
    )


def short_value(value: object) -> str:
    """A value in a sentence: containers summarised, long text cut."""
    # Big containers are summarised: dumping megabytes only to cut them is wasted time.
    return value_summary(value, _SHOWN_VALUE, inline_items=_INLINE_ITEMS)


def _metadata(value: object, path: str, problems: list[Problem]) -> dict[str, Any]:
    if value is not None:
        problems.append(
            Problem(
                ProblemCode.METADATA_NOT_OBJECT,
                f"metadata is {json_type_phrase(value)}; Booxi documents an object of "
                "string key/value pairs.",
                f"{path}.metadata",
            )
        )
    return {}


def _non_string_metadata(metadata: dict[str, Any], keys: list[str], path: str) -> Problem:
    kinds = ", ".join(f"{k} ({json_type_name(metadata[k])})" for k in keys)
    return Problem(
        ProblemCode.NON_STRING_METADATA,
        f"Metadata values are documented as text, but these are not: {kinds}. "
        "Send them back as strings when updating the link.",
        f"{path}.metadata",
    )


_NOT_TEXT = {
    "moduleId": ProblemCode.MODULE_ID_NOT_STRING,
    "externalId": ProblemCode.EXTERNAL_ID_NOT_STRING,
}


def _not_text(name: str, value: object, path: str, problems: list[Problem]) -> str | None:
    problems.append(
        Problem(
            _NOT_TEXT[name],
            f"{name} is {json_type_phrase(value)} ({short_value(value)}); Booxi documents "
            "a string.",
            f"{path}.{name}",
        )
    )
    return None if isinstance(value, dict | list) else _plain(value)


def _client_id(value: object, path: str, problems: list[Problem]) -> int | None:
    if value is None:
        problems.append(Problem(ProblemCode.MISSING_CLIENT_ID, "The link has no clientId.", path))
        return None
    number = as_int(value) if isinstance(value, str) else None
    readable = number is not None
    problems.append(
        Problem(
            ProblemCode.CLIENT_ID_NOT_INTEGER,
            f"clientId is {json_type_phrase(value)} ({short_value(value)}); Booxi documents "
            "an integer." + (" It is read as a number here." if readable else ""),
            f"{path}.clientId",
        )
    )
    return number


def _date(value: object, name: str, path: str, problems: list[Problem]) -> datetime | None:
    if value is None:
        return None
    problem = date_problem(value)
    if problem is not None:
        problems.append(
            Problem(
                ProblemCode.BAD_DATE,
                f"{name} ({short_value(value)}) is not a valid date: {problem}.",
                f"{path}.{name}",
            )
        )
        return None
    return parse_datetime(value)


def _iso(value: datetime | None, raw: object = None) -> object:
    # A refused date is given back as sent, not dropped: its problem says what is wrong.
    return raw if value is None else format_datetime(value)


def _plain(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)

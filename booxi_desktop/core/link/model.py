"""The client module link as the Booxi API describes it, parsed tolerantly.

Unknown fields are kept (``extra``) so that nothing the server sends is silently dropped,
and metadata keeps the server's key order.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

# Metadata is documented as string -> string, but payloads in the wild carry numbers,
# booleans and even nested JSON; they are kept exactly as sent (so a PUT or a backup
# never rewrites them) and flagged by validation instead of being dropped.
MetaValue = str | int | float | bool | None | list[Any] | dict[str, Any]
Metadata = dict[str, MetaValue]

_LINK_FIELDS = ("moduleId", "clientId", "externalId", "metadata", "createdOn", "modifiedOn")
_CLIENT_FIELDS = ("id", "merchantId", "firstName", "lastName", "email")


def value_text(value: MetaValue) -> str:
    """How a metadata value reads in a cell or on the clipboard: text as is, other JSON as JSON."""
    return value if isinstance(value, str) else json.dumps(value)


class LinkFormatError(ValueError):
    """A JSON document that is not a client module link."""


# The one date rule: a date is kept only if its UTC value lies a day inside the years
# 1..9999 that datetime can hold. Zone offsets are under a day, so such a date can be
# converted to UTC and to any local time (astimezone()) without leaving that range.
EARLIEST_DATE = datetime(1, 1, 2, tzinfo=UTC)
LATEST_DATE = datetime(9999, 12, 31, tzinfo=UTC)
"""Exclusive: the last accepted instant is a microsecond before it."""
DATE_FIELDS = ("createdOn", "modifiedOn")
_SHOWN_DATE = 60


def date_problem(value: object) -> str | None:
    """Why ``value`` is not a date this app keeps, or ``None`` if it is one (or absent)."""
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        return "not an RFC 3339 date-time"
    try:
        parsed = datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        return "not an RFC 3339 date-time"
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        in_range = EARLIEST_DATE <= parsed < LATEST_DATE
    except (OverflowError, ValueError):  # the offset takes it outside datetime's years
        in_range = False
    return None if in_range else "outside the years 0001 to 9999 that can be shown"


def parse_datetime(value: object) -> datetime | None:
    """RFC 3339 to an aware datetime; naive times are taken as UTC (Booxi's dates are UTC).

    ``None`` for no date and for one :func:`date_problem` refuses: callers that must not
    lose a refused date keep its raw value (see ``ClientModuleLink.invalid_dates``).
    """
    if date_problem(value) is not None or not isinstance(value, str):
        return None
    parsed = datetime.fromisoformat(value.replace("z", "Z"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def invalid_date_text(name: str, raw: object) -> str:
    """E.g. "createdOn '0001-01-01T00:00:00-05:00' is not a valid date (outside ...)"."""
    if isinstance(raw, list | dict):  # summarised: a deep one is more than json can write
        shown = f"[{len(raw)} items]" if isinstance(raw, list) else f"{{{len(raw)} keys}}"
    else:
        shown = raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False, default=str)
    if len(shown) > _SHOWN_DATE:
        shown = shown[: _SHOWN_DATE - 1] + "…"
    return f"{name} {shown!r} is not a valid date ({date_problem(raw) or 'unreadable'})"


def format_datetime(value: datetime) -> str:
    """RFC 3339 in UTC; never raises: a date that cannot be converted is written as given."""
    try:
        return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    except (OverflowError, ValueError, OSError):
        return value.isoformat(timespec="seconds")


@dataclass(frozen=True)
class ClientSummary:
    id: int | None
    first_name: str
    last_name: str
    email: str
    merchant_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p) or "(no name)"

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ClientSummary:
        return cls(
            id=as_int(data.get("id")),
            first_name=str(data.get("firstName") or ""),
            last_name=str(data.get("lastName") or ""),
            email=str(data.get("email") or ""),
            merchant_id=as_int(data.get("merchantId")),
            extra={k: v for k, v in data.items() if k not in _CLIENT_FIELDS},
        )


@dataclass(frozen=True)
class ClientModuleLink:
    client_id: int
    module_id: str
    external_id: str = ""
    metadata: Metadata = field(default_factory=dict)
    created_on: datetime | None = None
    modified_on: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # Dates the server sent that parse_datetime refuses, by field name, exactly as sent:
    # named to the user and written back unchanged (a PUT never sends dates anyway).
    invalid_dates: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: object) -> ClientModuleLink:
        if not isinstance(data, Mapping):
            raise LinkFormatError("a module link must be a JSON object")
        client_id = as_int(data.get("clientId"))
        if client_id is None:
            raise LinkFormatError("the module link has no integer clientId")
        module_id = data.get("moduleId")
        if not isinstance(module_id, str):
            raise LinkFormatError("the module link has no moduleId string")
        metadata = data.get("metadata")
        metadata = {} if metadata is None else metadata
        if not isinstance(metadata, Mapping):
            raise LinkFormatError("the module link's metadata is not a JSON object")
        external = data.get("externalId")
        return cls(
            client_id=client_id,
            module_id=module_id,
            external_id="" if external is None else str(external),
            metadata={str(k): _as_meta_value(v) for k, v in metadata.items()},
            created_on=parse_datetime(data.get("createdOn")),
            modified_on=parse_datetime(data.get("modifiedOn")),
            extra={k: v for k, v in data.items() if k not in _LINK_FIELDS},
            invalid_dates={
                name: data[name] for name in DATE_FIELDS if date_problem(data.get(name))
            },
        )

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "moduleId": self.module_id,
            "clientId": self.client_id,
            "externalId": self.external_id,
            "metadata": dict(self.metadata),
        }
        for name, value in (("createdOn", self.created_on), ("modifiedOn", self.modified_on)):
            if value is not None:
                out[name] = format_datetime(value)
            elif name in self.invalid_dates:
                out[name] = self.invalid_dates[name]
        out.update(self.extra)
        return out

    def date_problems(self) -> list[str]:
        """One sentence per date the server sent that is not a valid date."""
        return [invalid_date_text(name, raw) for name, raw in self.invalid_dates.items()]

    def put_body(self) -> dict[str, Any]:
        """Exactly what the PUT sends: the API overwrites the link with it."""
        return {"externalId": self.external_id, "metadata": dict(self.metadata)}

    def same_content(self, other: ClientModuleLink) -> bool:
        """Equal externalId and metadata, key order included (the server keeps it)."""
        return self.external_id == other.external_id and list(self.metadata.items()) == list(
            other.metadata.items()
        )


@dataclass(frozen=True)
class LinkResponse:
    """A GET or PUT answer: ``{"link": ..., "client": ...}``, or a bare link."""

    link: ClientModuleLink
    client: ClientSummary | None = None

    @classmethod
    def from_json(cls, data: object) -> LinkResponse:
        if isinstance(data, Mapping) and isinstance(data.get("link"), Mapping):
            client = data.get("client")
            return cls(
                link=ClientModuleLink.from_json(data["link"]),
                client=ClientSummary.from_json(client) if isinstance(client, Mapping) else None,
            )
        return cls(link=ClientModuleLink.from_json(data))


def empties_link(
    old_external_id: str, old_metadata: Metadata, external_id: str, metadata: Metadata
) -> bool:
    """The PUT would delete every key and the externalId of a link that had some."""
    had_content = bool(old_external_id.strip() or old_metadata)
    return had_content and not external_id.strip() and not metadata


def parse_put_body(data: object) -> tuple[str, Metadata]:
    """Read a ``{"externalId", "metadata"}`` document, as a user writes it for a PUT."""
    if not isinstance(data, Mapping):
        raise LinkFormatError('expected a JSON object {"externalId": ..., "metadata": {...}}')
    unknown = sorted(set(data) - {"externalId", "metadata"})
    if unknown:
        raise LinkFormatError(f"unexpected fields {unknown}: only externalId and metadata are sent")
    # Both are required: the PUT overwrites the whole link, so a missing externalId
    # would silently erase the server's.
    missing = [name for name in ("externalId", "metadata") if name not in data]
    if missing:
        raise LinkFormatError(
            f"missing {' and '.join(missing)}: the PUT replaces the whole link, so both are sent"
        )
    external = data["externalId"]
    if not isinstance(external, str):
        raise LinkFormatError("externalId must be a string")
    metadata = data["metadata"]
    if not isinstance(metadata, Mapping):
        raise LinkFormatError("metadata must be a JSON object of string values")
    return external, {str(k): _as_meta_value(v) for k, v in metadata.items()}


def as_int(value: object) -> int | None:
    """An integer, or a string of ASCII digits (``"²".isdigit()`` is true: not accepted)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdecimal():
        return int(value.strip())
    return None


def _as_meta_value(value: object) -> MetaValue:
    if value is None or isinstance(value, str | int | float | bool | list | dict):
        return value
    return str(value)

"""The sandbox's stored records and their JSON forms (camelCase, as the Booxi API sends)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from booxi_desktop.core.link.model import format_datetime, parse_datetime

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class RecordError(ValueError):
    """A stored document that does not describe a client or a link."""


@dataclass(frozen=True)
class Client:
    id: int
    merchant_id: int
    first_name: str
    last_name: str
    email: str
    phone_number: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "merchantId": self.merchant_id,
            "firstName": self.first_name,
            "lastName": self.last_name,
            "email": self.email,
            "phoneNumber": self.phone_number,
        }

    @classmethod
    def from_json(cls, data: object) -> Client:
        doc = _mapping(data, "client")
        return cls(
            id=_int(doc, "id"),
            merchant_id=_int(doc, "merchantId"),
            first_name=_str(doc, "firstName"),
            last_name=_str(doc, "lastName"),
            email=_str(doc, "email"),
            phone_number=_str(doc, "phoneNumber"),
        )


@dataclass(frozen=True)
class Link:
    client_id: int
    module_id: str
    external_id: str
    metadata: dict[str, str]
    created_on: datetime
    modified_on: datetime
    # Dates served as this exact text instead of the stored ones, as a real server might
    # send dates a client cannot show (see SandboxServer.set_link_dates).
    date_text: dict[str, str] = field(default_factory=dict, compare=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "moduleId": self.module_id,
            "clientId": self.client_id,
            "externalId": self.external_id,
            "metadata": dict(self.metadata),
            "createdOn": format_datetime(self.created_on),
            "modifiedOn": format_datetime(self.modified_on),
        } | self.date_text

    @classmethod
    def from_json(cls, data: object) -> Link:
        doc = _mapping(data, "link")
        metadata = _mapping(doc.get("metadata"), "link metadata")
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in metadata.items()):
            raise RecordError("link metadata values must be strings")
        date_text = {
            k: doc[k]
            for k in ("createdOn", "modifiedOn")
            if isinstance(doc.get(k), str) and parse_datetime(doc[k]) is None
        }
        return cls(
            client_id=_int(doc, "clientId"),
            module_id=_str(doc, "moduleId"),
            external_id=_str(doc, "externalId"),
            metadata=dict(metadata),
            created_on=_EPOCH if "createdOn" in date_text else _date(doc, "createdOn"),
            modified_on=_EPOCH if "modifiedOn" in date_text else _date(doc, "modifiedOn"),
            date_text=date_text,
        )


def _mapping(value: object, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise RecordError(f"{what} is not a JSON object")
    return value


def _int(doc: Mapping[str, Any], key: str) -> int:
    value = doc.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise RecordError(f"{key} must be an integer")
    return value


def _str(doc: Mapping[str, Any], key: str) -> str:
    value = doc.get(key)
    if not isinstance(value, str):
        raise RecordError(f"{key} must be a string")
    return value


def _date(doc: Mapping[str, Any], key: str) -> datetime:
    value = parse_datetime(doc.get(key))
    if value is None:
        raise RecordError(f"{key} must be an RFC 3339 date-time")
    return value

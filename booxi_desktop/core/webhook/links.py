"""The client module links of a webhook event, read one by one, and what is wrong with each.

Group events can carry thousands of links. When every one of them is well formed (the
usual case), the check is made column by column in C and each :class:`FoundLink` is only
read when something asks for it: a view shows a handful of rows, not thousands. Any
doubt sends the event through the link-by-link reading, which names each fault.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import chain, compress, repeat
from operator import is_not, itemgetter
from typing import Any, Literal, overload

from booxi_desktop.core.jsondoc.decode import (
    PathPart,
    format_path,
    json_type_name,
    json_type_phrase,
)
from booxi_desktop.core.link.model import as_int, date_problem, format_datetime, parse_datetime
from booxi_desktop.core.text import value_summary

CrmStatus = Literal["returning", "new"]

LINK_FIELDS = frozenset(
    ("moduleId", "clientId", "externalId", "metadata", "createdOn", "modifiedOn")
)
LINKS_PARTS: tuple[PathPart, ...] = ("eventContent", "clientLinks")
LINKS_PATH = format_path(LINKS_PARTS)
_SHOWN_VALUE = 60
_INLINE_ITEMS = 5
_TEXT_OR_NONE = frozenset((str, type(None)))
_OBJECT_OR_NONE = frozenset((dict, type(None)))
_EDGE_YEARS = frozenset(("0001", "9999"))

Columns = tuple[list[str | None], list[int | None], list[str | None]]
"""Each link's moduleId, clientId and externalId, in payload order."""


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
    # Dates refused by parse_datetime, by field name, exactly as sent (named in problems).
    invalid_dates: dict[str, Any]

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
        invalid_dates: dict[str, Any] | None = None,
    ) -> None:
        # The generated frozen __init__ makes one object.__setattr__ call per field, which
        # costs a quarter of the reading time of a link.
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
                "invalid_dates": invalid_dates or {},
            },
        )

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


class FoundLinks(Sequence[FoundLink]):
    """The links of an event in payload order; equal to any sequence of the same links.

    Also the columns :func:`analyse` needs of every link (module, client, externalId),
    which for well-formed entries are read without building the links themselves.
    """

    def __init__(self, links: Iterable[FoundLink] = ()) -> None:
        self._links: list[FoundLink | None] = list(links)
        self._read: Callable[[int], FoundLink] | None = None
        built: list[FoundLink] = self._links  # type: ignore[assignment]  # no None yet
        self.module_ids: list[str | None] = [k.module_id for k in built]
        self.client_ids: list[int | None] = [k.client_id for k in built]
        self.external_ids: list[str | None] = [k.external_id for k in built]

    @classmethod
    def reading(
        cls, entries: list[dict[str, Any]], columns: Columns, crm_ids: frozenset[str] | None
    ) -> FoundLinks:
        """Entries and ``columns`` from :func:`well_formed_columns`; each link is read when
        first asked for."""
        found = cls()
        found._links = [None] * len(entries)
        found._read = lambda i: _read_well_formed(i, entries[i], crm_ids)
        found.module_ids, found.client_ids, found.external_ids = columns
        return found

    def __len__(self) -> int:
        return len(self._links)

    @overload
    def __getitem__(self, position: int) -> FoundLink: ...
    @overload
    def __getitem__(self, position: slice) -> list[FoundLink]: ...
    def __getitem__(self, position: int | slice) -> FoundLink | list[FoundLink]:
        if isinstance(position, slice):
            return [self[i] for i in range(*position.indices(len(self._links)))]
        link = self._links[position]
        if link is None:
            assert self._read is not None  # only a reading sequence has unread slots
            position %= len(self._links)
            link = self._links[position] = self._read(position)
        return link

    def __iter__(self) -> Iterator[FoundLink]:
        return map(self.__getitem__, range(len(self._links)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # mutable cache, compared by content

    def __repr__(self) -> str:
        return f"FoundLinks({len(self)} links)"

    def position(self, link: FoundLink) -> int | None:
        """Where ``link`` is in this sequence (not its index in the payload's array)."""
        if self._read is not None:  # positions are the entries' indexes
            at = link.index
            return at if 0 <= at < len(self._links) and self._links[at] is link else None
        return next((i for i, known in enumerate(self._links) if known is link), None)

    def with_unknown_fields(self) -> Iterator[FoundLink]:
        if self._read is not None:
            return iter(())  # well_formed_columns() refused entries with fields of their own
        return (k for k in self if k.unknown_fields)


def read_links(raw: object, crm_ids: frozenset[str] | None, problems: list[Problem]) -> FoundLinks:
    """The links of ``eventContent.clientLinks``; what is wrong goes to ``problems``."""
    if isinstance(raw, list) and (columns := well_formed_columns(raw)) is not None:
        return FoundLinks.reading(raw, columns, crm_ids)
    return FoundLinks(
        link
        for index, (part, entry) in enumerate(_entries(raw, problems))
        if (link := read_link(index, part, entry, crm_ids, problems)) is not None
    )


def well_formed_columns(entries: list[Any]) -> Columns | None:
    """The module, client and externalId of every entry, if each is a link object whose
    fields all have the documented types; ``None`` as soon as one is not.

    It only accepts what :func:`read_link` would find nothing wrong with. Column by column,
    with ``map`` and ``set`` doing the looping in C: ~2 ms for 4,000 links, where
    :func:`read_link` takes ~4 µs each.
    """
    if set(map(type, entries)) - {dict} or not all(map(LINK_FIELDS.issuperset, entries)):
        return None
    client_ids = column(entries, "clientId")
    if set(map(type, client_ids)) - {int}:
        return None
    module_ids = column(entries, "moduleId")
    external_ids = column(entries, "externalId")
    if not set(map(type, module_ids)) | set(map(type, external_ids)) <= _TEXT_OR_NONE:
        return None
    metadata = column(entries, "metadata")
    if not set(map(type, metadata)) <= _OBJECT_OR_NONE:
        return None
    values = chain.from_iterable(map(dict.values, filter(None, metadata)))
    if not set(map(type, values)) <= {str}:
        return None
    for name in ("createdOn", "modifiedOn"):
        dates = column(entries, name)
        if not set(map(type, dates)) <= _TEXT_OR_NONE:
            return None
        given = list(compress(dates, map(is_not, dates, repeat(None))))
        try:
            # What parse_datetime accepts, without a Python call per date.
            deque(map(datetime.fromisoformat, map(str.replace, given, repeat("z"), repeat("Z"))), 0)
        except ValueError:
            return None
        # Only years 0001 and 9999 can fall outside parse_datetime's range: those dates
        # go through read_link, which decides and names them.
        if not _EDGE_YEARS.isdisjoint(map(itemgetter(slice(4)), given)):
            return None
    return module_ids, client_ids, external_ids


def blank_positions(external_ids: Sequence[str | None]) -> list[int]:
    """Where :func:`has_external_id` is false: no externalId, or only spaces."""
    # all() and map() loop in C: the usual group event has every externalId set.
    if all(external_ids) and not any(map(str.isspace, external_ids)):  # type: ignore[arg-type]
        return []
    return [i for i, external_id in enumerate(external_ids) if not has_external_id(external_id)]


def column(entries: list[dict[str, Any]], name: str) -> list[Any]:
    return list(map(dict.get, entries, repeat(name)))


def _read_well_formed(
    index: int, entry: dict[str, Any], crm_ids: frozenset[str] | None
) -> FoundLink:
    link = read_link(index, index, entry, crm_ids, [])
    assert link is not None  # an object: read_link only skips entries that are not
    return link


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
                "link_not_object",
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


def _entries(raw: object, problems: list[Problem]) -> list[tuple[PathPart, object]]:
    if isinstance(raw, list):
        return list(enumerate(raw))
    problems.append(
        Problem(
            "client_links_not_array",
            f"{LINKS_PATH} is {json_type_phrase(raw)}; Booxi documents an array of "
            "client module links.",
            LINKS_PATH,
        )
    )
    # An object keyed by module id is a plausible misreading of the article's
    # "clientLinks[YOUR_MODULE_ID]"; its entries are still worth showing.
    if isinstance(raw, dict) and all(isinstance(v, dict) for v in raw.values()):
        return [(str(k), v) for k, v in raw.items()]
    return []


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
            f"{name} is {json_type_phrase(value)} ({short_value(value)}); Booxi documents "
            "a string.",
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
                "bad_date",
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


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)

"""The client module links of a webhook event, in payload order, read when first asked for.

Group events can carry thousands of links. When every one of them is well formed (the
usual case), the check is made column by column and each :class:`FoundLink` is only read
when something asks for it: a view shows a handful of rows, not thousands. Any doubt
sends the event through the link-by-link reading of :func:`read_link`, which names each
fault.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, overload

from booxi_desktop.core.jsondoc.decode import PathPart, json_type_phrase
from booxi_desktop.core.link.model import date_problem
from booxi_desktop.core.webhook.links import (
    LINK_FIELDS,
    LINKS_PATH,
    FoundLink,
    has_external_id,
    read_link,
)
from booxi_desktop.core.webhook.problems import Problem, ProblemCode

_TEXT_OR_NONE = frozenset((str, type(None)))
_OBJECT_OR_NONE = frozenset((dict, type(None)))

Columns = tuple[list[str | None], list[int | None], list[str | None]]
"""Each link's moduleId, clientId and externalId, in payload order."""


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
        return (self[i] for i in range(len(self._links)))

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

    It only accepts what :func:`read_link` would find nothing wrong with, checking one
    field of every entry at a time, without building the links.
    """
    if any(type(entry) is not dict or not entry.keys() <= LINK_FIELDS for entry in entries):
        return None
    client_ids = column(entries, "clientId")
    if any(type(client_id) is not int for client_id in client_ids):  # bool is not a clientId
        return None
    module_ids = column(entries, "moduleId")
    external_ids = column(entries, "externalId")
    if not {type(v) for v in module_ids} | {type(v) for v in external_ids} <= _TEXT_OR_NONE:
        return None
    metadata = column(entries, "metadata")
    if not {type(v) for v in metadata} <= _OBJECT_OR_NONE:
        return None
    if any(type(v) is not str for values in metadata if values for v in values.values()):
        return None
    for name in ("createdOn", "modifiedOn"):
        dates = column(entries, name)
        if not {type(date) for date in dates} <= _TEXT_OR_NONE:
            return None
        # The rule read_link applies, once per distinct date: a group's links often share
        # them. A date it would name as a problem sends the event there.
        if any(date_problem(date) is not None for date in set(dates)):
            return None
    return module_ids, client_ids, external_ids


def blank_positions(external_ids: Sequence[str | None]) -> list[int]:
    """Where :func:`has_external_id` is false: no externalId, or only spaces."""
    return [i for i, external_id in enumerate(external_ids) if not has_external_id(external_id)]


def column(entries: list[dict[str, Any]], name: str) -> list[Any]:
    return [entry.get(name) for entry in entries]


def _read_well_formed(
    index: int, entry: dict[str, Any], crm_ids: frozenset[str] | None
) -> FoundLink:
    link = read_link(index, index, entry, crm_ids, [])
    assert link is not None  # an object: read_link only skips entries that are not
    return link


def _entries(raw: object, problems: list[Problem]) -> list[tuple[PathPart, object]]:
    if isinstance(raw, list):
        return list(enumerate(raw))
    problems.append(
        Problem(
            ProblemCode.CLIENT_LINKS_NOT_ARRAY,
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

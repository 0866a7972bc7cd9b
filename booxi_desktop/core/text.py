"""Text as the user reads it: times, counts, cut values, JSON value summaries, sizes.

Times are in the computer's local time zone, to the second. None of the time helpers
raise, whatever datetime they are given: a date the platform cannot put in local time
(out of range, or before 1970 on some systems) is shown in UTC instead, and one that
cannot even be put in UTC is shown as it was given.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from booxi_desktop.core.link.model import invalid_date_text

_FAILURES = (OverflowError, ValueError, OSError)
ELLIPSIS = "…"


def _text(moment: datetime) -> str:
    # Not strftime: its %Y drops the leading zeros of years before 1000.
    return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d} {moment:%H:%M:%S}"


def local_time_text(moment: datetime | None, *, zone: bool = False) -> str:
    """ "2024-05-01 14:03:22" in local time (with the zone's name if asked); "—" if none."""
    if moment is None:
        return "—"
    try:
        local = moment.astimezone()
        name = f" {local.tzname() or ''}".rstrip() if zone else ""
        return _text(local) + name
    except _FAILURES:
        return utc_time_text(moment)


def utc_time_text(moment: datetime | None) -> str:
    """The same moment in UTC, for tooltips: Booxi's own dates are UTC."""
    if moment is None:
        return ""
    try:
        return _text(moment.astimezone(UTC)) + " UTC"
    except _FAILURES:
        return moment.isoformat(timespec="seconds")


def link_date_text(
    moment: datetime | None,
    invalid: Mapping[str, Any],
    name: str,
    *,
    zone: bool = False,
) -> str:
    """A link's date in local time, or, if the server's was refused, that it is invalid."""
    if moment is None and name in invalid:
        return invalid_date_text(name, invalid[name])
    return local_time_text(moment, zone=zone)


def elide(text: str, limit: int) -> str:
    """``text`` if it fits in ``limit`` characters, else cut to ``limit`` ending in "…"."""
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def plural(count: int, noun: str, plural: str | None = None, *, grouped: bool = False) -> str:
    """ "1 backup", "3 backups"; ``plural`` for nouns that take more than an "s"."""
    number = f"{count:,}" if grouped else str(count)
    return f"{number} {noun if count == 1 else plural or noun + 's'}"


def container_summary(value: list[Any] | dict[Any, Any]) -> str:
    """ "{1 key}", "[3 items]": a container by its size, never by its contents."""
    if isinstance(value, dict):
        return "{" + plural(len(value), "key") + "}"
    return "[" + plural(len(value), "item") + "]"


def value_summary(
    value: object, limit: int, *, quoted: bool = True, inline_items: int | None = None
) -> str:
    """A JSON value on one line of at most ``limit`` characters.

    Containers are summarised by their size, except those of at most ``inline_items``
    entries, written out. ``quoted`` writes a string as JSON does; otherwise it is its
    text, with line breaks shown as "↵ ".
    """
    if isinstance(value, list | dict) and (inline_items is None or len(value) > inline_items):
        return container_summary(value)
    if isinstance(value, str) and not quoted:
        # Cut before replacing: a megabyte string would otherwise be copied on every call.
        text = value[: limit + 1].replace("\r\n", "\n").replace("\n", "↵ ")
        return elide(text, limit)
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except RecursionError:  # small but nested deeper than json can write
        return container_summary(value) if isinstance(value, list | dict) else type(value).__name__
    return elide(text, limit)


def utf8_size(data: bytes | str, *, exact: bool = True) -> int:
    """Bytes ``data`` takes in UTF-8; with ``exact`` false, a text's characters (an undercount).

    Encoding a large text only to count it is wasted work where the count cannot matter:
    each caller says when that is.
    """
    if not isinstance(data, str):
        return len(data)
    if data.isascii() or not exact:
        return len(data)
    return len(data.encode("utf-8", "surrogatepass"))


def megabytes(size: int, limit: int) -> tuple[str, str]:
    """Both sizes in MB, with enough decimals that a size over the limit never reads equal."""
    for decimals in range(1, 7):
        shown, most = (
            f"{n / 1_000_000:.{decimals}f}".rstrip("0").rstrip(".") for n in (size, limit)
        )
        if shown != most:
            break
    return shown, most

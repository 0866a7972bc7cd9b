"""Times as the user reads them: in the computer's local time zone, to the second.

None of these raise, whatever datetime they are given: a date the platform cannot put
in local time (out of range, or before 1970 on some systems) is shown in UTC instead,
and one that cannot even be put in UTC is shown as it was given.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from booxi_desktop.core.link.model import invalid_date_text

_FAILURES = (OverflowError, ValueError, OSError)


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

"""Times as the user reads them: in the computer's local time zone, to the second."""

from __future__ import annotations

from datetime import UTC, datetime


def local_time_text(moment: datetime | None, *, zone: bool = False) -> str:
    """ "2024-05-01 14:03:22" in local time (with the zone's name if asked); "—" if none."""
    if moment is None:
        return "—"
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S" + (" %Z" if zone else ""))


def utc_time_text(moment: datetime | None) -> str:
    """The same moment in UTC, for tooltips: Booxi's own dates are UTC."""
    if moment is None:
        return ""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")

"""Readable lines for a terminal about a webhook event's findings (``booxi-link inspect``)."""

from __future__ import annotations

from datetime import datetime

from booxi_desktop.core.jsondoc.decode import json_type_name
from booxi_desktop.core.text import local_time_text, plural
from booxi_desktop.core.webhook.analysis import Findings, id_list
from booxi_desktop.core.webhook.links import FoundLink, short_value

_DESCRIBED_LINKS = 20


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

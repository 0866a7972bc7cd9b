"""One delivery as received, and what the webhook analysis says of its body.

A delivery keeps a :class:`Summary` of the findings (what the list of deliveries shows), not
the findings themselves: those hold parts of the parsed event, and hundreds of them held
would make every full garbage collection walk them and cost more to send from the
receiver's process. Selecting a delivery reads its body again, in full.

Nothing public names the event id's field: the first of :data:`EVENT_ID_KEYS` found at the
top of the event (or, failing that, in ``eventContent``) holding a string or an integer is
taken as the id. No id: the delivery is never taken for a duplicate.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from booxi_desktop.core.jsondoc.decode import MAX_PAYLOAD_BYTES, JsonInputError, decode_json
from booxi_desktop.core.jsondoc.notes import find_json_notes
from booxi_desktop.core.webhook.analysis import Findings, analyse
from booxi_desktop.core.webhook.links import CrmStatus
from booxi_desktop.core.webhook.payload import AnalysisContext

EVENT_ID_KEYS = ("eventId", "eventID", "event_id", "id", "uuid")
NO_VALUE = "—"
# Headers and request line count toward a delivery's share of the ring's byte budget.
_OVERHEAD_BYTES = 256


@dataclass(frozen=True)
class Summary:
    """What a delivery's findings say, as far as a list of deliveries shows it."""

    client_ids: tuple[int, ...]
    match: str
    """``match``; ``choose client`` (a group with several links for the module);
    ``no match``; or, with no module chosen, how many links the event carries."""
    problems: int
    crm_status: CrmStatus | None = None
    """Of the matching link, when the CRM ids were known."""

    @classmethod
    def of(cls, findings: Findings) -> Summary:
        links, module = findings.links, findings.module_id
        if findings.match is not None:
            match = "match"
        elif module is None:
            match = f"{len(links)} link(s)"
        elif findings.client_id is None and links.module_ids.count(module) > 1:
            match = "choose client"
        else:
            match = "no match"
        crm_status = None if findings.match is None else findings.match.crm_status
        return cls(tuple(findings.client_ids), match, len(findings.problems), crm_status)


@dataclass(frozen=True)
class Delivery:
    number: int
    """1 for the first delivery since the receiver started, never reused."""
    received_at: datetime
    method: str
    target: str
    """The request's path and query, as received."""
    headers: tuple[tuple[str, str], ...]
    body: bytes
    """As received (still gzip-compressed when it was sent so)."""
    status: int
    """What the receiver answered: 200, or why it refused."""
    error: str | None = None
    """What was wrong with it, in words; ``None`` when nothing was."""
    event_id: str | None = None
    summary: Summary | None = None
    """``None`` when the body was not read (refused, not JSON, empty)."""
    duplicate_of: int | None = None
    """The number of the first delivery with the same event id still held."""

    @property
    def refused(self) -> bool:
        return self.status >= 400

    @property
    def size(self) -> int:
        headers = sum(len(k) + len(v) + 4 for k, v in self.headers)
        return len(self.body) + headers + len(self.target) + _OVERHEAD_BYTES

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((v for k, v in self.headers if k.lower() == wanted), None)

    @property
    def problem_count(self) -> int:
        count = 0 if self.summary is None else self.summary.problems
        return count + (1 if self.error else 0)

    @property
    def clients_text(self) -> str:
        if self.summary is None or not self.summary.client_ids:
            return NO_VALUE
        return ", ".join(str(c) for c in self.summary.client_ids)

    @property
    def match_text(self) -> str:
        return NO_VALUE if self.summary is None else self.summary.match


@dataclass(frozen=True)
class BodyReading:
    error: str | None
    event_id: str | None
    findings: Findings | None
    document: Any


def read_body(
    body: bytes, headers: tuple[tuple[str, str], ...], context: AnalysisContext
) -> BodyReading:
    """The body decoded (gzip undone, within the payload limit) and analysed; never raises."""
    encoding = next((v for k, v in headers if k.lower() == "content-encoding"), "").strip().lower()
    data = body
    if not body:
        return BodyReading("The body is empty.", None, None, None)
    if encoding in ("gzip", "x-gzip", "deflate"):
        try:
            data = inflate(body, gzip=encoding != "deflate")
        except ValueError as exc:
            return BodyReading(str(exc), None, None, None)
    elif encoding not in ("", "identity"):
        return BodyReading(
            f"The body is encoded as {encoding!r}, which is not read.", None, None, None
        )
    try:
        document = decode_json(data)
        findings = analyse(
            document, context.module_id, context.client_id, context.crm_ids, find_json_notes(data)
        )
    except JsonInputError as exc:
        kind = _content_type(headers)
        prefix = "" if "json" in kind else f"The body is not JSON ({kind or 'no content type'}). "
        return BodyReading(prefix + str(exc).splitlines()[0], None, None, None)
    except Exception as exc:  # a fault in the analysis must not lose the delivery
        return BodyReading(f"{type(exc).__name__}: {exc}", None, None, None)
    return BodyReading(None, event_id(document), findings, document)


def inflate(body: bytes, *, gzip: bool = True, limit: int = MAX_PAYLOAD_BYTES) -> bytes:
    """``body`` decompressed, refused beyond ``limit`` bytes so a zip bomb costs nothing."""
    inflater = zlib.decompressobj(wbits=31 if gzip else 15)
    try:
        data = inflater.decompress(body, limit + 1)
    except zlib.error as exc:
        raise ValueError(
            f"The body is not valid {'gzip' if gzip else 'deflate'} data: {exc}."
        ) from None
    if len(data) > limit or inflater.unconsumed_tail:
        raise ValueError(f"The body expands beyond {limit // 1_000_000} MB once decompressed.")
    return data


def event_id(document: Any) -> str | None:
    for holder in (document, document.get("eventContent") if isinstance(document, dict) else None):
        if not isinstance(holder, dict):
            continue
        for key in EVENT_ID_KEYS:
            value = holder.get(key)
            if isinstance(value, str) and value.strip():
                return value
            if isinstance(value, int) and not isinstance(value, bool):
                return str(value)
    return None


def _content_type(headers: tuple[tuple[str, str], ...]) -> str:
    return next((v for k, v in headers if k.lower() == "content-type"), "").split(";")[0].strip()

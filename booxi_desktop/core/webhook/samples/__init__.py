"""Sample webhook events and a sample CRM id list, shipped with the package.

They name the demo sandbox's clients and links (``tests/sandbox/test_sample_events.py``
keeps them in step with its seed data), so a link found in a sample opens that client in
demo mode. Against Booxi's real servers their client ids do not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files

SAMPLE_MODULE = "cegid_y2"
"""The module the samples are told for (the demo's module)."""

CRM_IDS_FILE = "crm_ids.csv"


@dataclass(frozen=True)
class SampleEvent:
    name: str
    title: str
    shows: str
    """What a user sees in its findings, in a sentence."""
    file: str

    def text(self) -> str:
        return _read(self.file)


SAMPLE_EVENTS: tuple[SampleEvent, ...] = (
    SampleEvent(
        "single",
        "Single booking",
        "One client, returning: the module's link is found and the client is in the CRM list.",
        "single_booking.json",
    ),
    SampleEvent(
        "group",
        "Group reservation",
        "Three clients booked together: pick which one the link is for.",
        "group_reservation.json",
    ),
    SampleEvent(
        "new_customer",
        "New customer",
        "A client whose externalId is not in the CRM list: set it to their CRM id.",
        "new_customer.json",
    ),
    SampleEvent(
        "problems",
        "Event with problems",
        "No client has the module's link, and the link sent has non-text metadata and "
        "an unreadable date.",
        "problems.json",
    ),
)


def sample_event(name: str) -> SampleEvent:
    for sample in SAMPLE_EVENTS:
        if sample.name == name:
            return sample
    raise KeyError(name)


def sample_crm_ids_text() -> str:
    """The sample CRM export (a CSV with an externalId column) that the samples are told for."""
    return _read(CRM_IDS_FILE)


def _read(name: str) -> str:
    # Package data, not a user's file: it is small and fixed, so it is read directly.
    return files(__name__).joinpath(name).read_text(encoding="utf-8")

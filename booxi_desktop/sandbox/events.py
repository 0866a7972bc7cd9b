"""Sample webhook events built from the sandbox's own clients and links.

Only ``eventContent.clientLinks`` (an array of ClientModuleLink) is documented by Booxi.
The event type name, the other top-level fields and ``bookingId`` are assumptions made to
look plausible; clients must not depend on them.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime
from typing import Any

from booxi_desktop.core.link.model import format_datetime
from booxi_desktop.sandbox.records import Client
from booxi_desktop.sandbox.seed import DEMO_CLIENT_ID, GROUP_CLIENT_IDS
from booxi_desktop.sandbox.store import Store

# Assumed name: Booxi does not publish its webhook event type names.
NEW_BOOKING_EVENT = "booking.created"

MISSING_LINK = "missing_link"
MALFORMED_LINK = "malformed_link"
# What a simulated booking can be sent with to try a handler's error paths.
PROBLEMS = (MISSING_LINK, MALFORMED_LINK)


def sample_new_booking_event(
    store: Store, module_id: str, modules: frozenset[str], *, group: bool = False
) -> dict[str, Any]:
    """A "new booking" event for one client, or for a group reservation of several.

    ``clientLinks`` holds every link of the booked clients in ``modules`` (the modules the
    webhook is authorized for), so a consumer has to pick the entry whose moduleId (and,
    for a group, clientId) matches, as Booxi's article describes.
    """
    clients = _booked_clients(store, module_id, group)
    links = [link for c in clients for link in store.links_of(c.id, modules | {module_id})]
    return {
        "eventId": str(uuid.uuid4()),
        "eventType": NEW_BOOKING_EVENT,
        "createdOn": format_datetime(datetime.now(UTC)),
        "eventContent": {
            "bookingId": 70_000_000 + secrets.randbelow(10_000_000),
            "merchantId": clients[0].merchant_id if clients else None,
            "clients": [c.to_json() for c in clients],
            "clientLinks": [link.to_json() for link in links],
        },
    }


def _booked_clients(store: Store, module_id: str, group: bool) -> list[Client]:
    linked = [c for c in store.clients() if store.link(c.id, module_id) is not None]
    if group:
        family = [c for c in linked if c.id in GROUP_CLIENT_IDS]
        chosen = family if len(family) >= 2 else linked[:3]
        return chosen or store.clients()[:2]
    demo = store.client(DEMO_CLIENT_ID)
    if demo is not None and store.link(demo.id, module_id) is not None:
        return [demo]
    return linked[:1] or store.clients()[:1]


def booking_event(
    store: Store,
    module_id: str,
    modules: frozenset[str],
    *,
    group: bool = False,
    problem: str | None = None,
) -> dict[str, Any]:
    """A new booking event with a fresh event id, possibly with one of ``PROBLEMS``.

    ``missing_link``: the booked client has no link for the module (its other modules'
    links are still sent). ``malformed_link``: the module's link has metadata values
    that are not strings, which Booxi's model does not allow.
    """
    if problem is not None and problem not in PROBLEMS:
        raise ValueError(f"problem must be one of {', '.join(PROBLEMS)}, not {problem!r}")
    event = sample_new_booking_event(store, module_id, modules, group=group)
    content = event["eventContent"]
    if problem == MISSING_LINK:
        unlinked = [c for c in store.clients() if store.link(c.id, module_id) is None]
        chosen = unlinked[:2] if group else unlinked[:1]
        others = modules - {module_id}
        content["merchantId"] = chosen[0].merchant_id if chosen else None
        content["clients"] = [c.to_json() for c in chosen]
        content["clientLinks"] = [
            link.to_json() for c in chosen for link in store.links_of(c.id, others)
        ]
    elif problem == MALFORMED_LINK:
        for link in content["clientLinks"]:
            if link["moduleId"] == module_id:
                link["metadata"] = {
                    **link["metadata"],
                    "visitCount": 3,
                    "consentEmail": False,
                    "tags": ["vip"],
                }
                break
    return event

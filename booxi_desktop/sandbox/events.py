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

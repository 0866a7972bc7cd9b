"""Demo data the sandbox starts with: a merchant's clients, two modules and partner keys."""

from __future__ import annotations

from datetime import UTC, datetime

from booxi_desktop.sandbox.records import Client, Link

CEGID_Y2 = "cegid_y2"
ACME_CRM = "acme_crm"
DEMO_MODULES = frozenset({CEGID_Y2, ACME_CRM})

# Fixed rather than random so that a saved state file and a configured app keep working
# across restarts. They are demo values, useless against Booxi's real servers.
DEMO_KEY = "sbx_demo_4f7c2a91e6b3d058"
ACME_ONLY_KEY = "sbx_acme_93d1b6e07a2c4f15"

DEMO_KEYS: dict[str, frozenset[str]] = {
    DEMO_KEY: DEMO_MODULES,
    ACME_ONLY_KEY: frozenset({ACME_CRM}),
}

MERCHANT_ID = 48213
DEMO_CLIENT_ID = 3104187
UNLINKED_CLIENT_ID = 3104203
GROUP_CLIENT_IDS = (3104311, 3104312, 3104313)


def _client(cid: int, first: str, last: str, email: str, phone: str) -> Client:
    return Client(cid, MERCHANT_ID, first, last, email, phone)


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def demo_clients() -> list[Client]:
    return [
        _client(
            DEMO_CLIENT_ID, "Émilie", "Tremblay", "emilie.tremblay@example.com", "+15145550142"
        ),
        _client(3104188, "Marc", "Gagnon", "marc.gagnon@example.com", "+15145550177"),
        _client(3104190, "Priya", "Raman", "priya.raman@example.org", "+14165550119"),
        _client(UNLINKED_CLIENT_ID, "Sofia", "Rossi", "sofia.rossi@example.net", "+33655501234"),
        _client(3104255, "Jonas", "Becker", "j.becker@example.de", "+4915550123456"),
        # A family booked together: the group reservation in the sample webhook event.
        _client(GROUP_CLIENT_IDS[0], "Liam", "Chen", "liam.chen@example.com", "+16045550101"),
        _client(GROUP_CLIENT_IDS[1], "Ava", "Chen", "ava.chen@example.com", "+16045550102"),
        _client(GROUP_CLIENT_IDS[2], "Noah", "Chen", "", "+16045550103"),
    ]


def demo_links() -> list[Link]:
    return [
        Link(
            DEMO_CLIENT_ID,
            CEGID_Y2,
            "Y2-000481",
            {"y2CustomerId": "000481", "loyaltyTier": "gold", "storeCode": "MTL-01"},
            _at("2023-03-14T15:09:26"),
            _at("2024-11-02T18:41:07"),
        ),
        Link(
            DEMO_CLIENT_ID,
            ACME_CRM,
            "ACME-77120",
            {"segment": "vip", "preferredStore": "Montréal Centre"},
            _at("2023-06-01T09:00:00"),
            _at("2023-06-01T09:00:00"),
        ),
        Link(
            3104188,
            CEGID_Y2,
            "Y2-000517",
            {"y2CustomerId": "000517", "loyaltyTier": "member", "storeCode": "MTL-02"},
            _at("2023-04-02T10:30:00"),
            _at("2024-01-19T12:05:44"),
        ),
        Link(3104190, CEGID_Y2, "", {}, _at("2024-02-20T08:15:00"), _at("2024-02-20T08:15:00")),
        Link(
            3104255,
            ACME_CRM,
            "ACME-80244",
            {"segment": "new", "consentEmail": "false"},
            _at("2024-05-05T17:45:12"),
            _at("2024-05-06T07:02:31"),
        ),
        Link(
            GROUP_CLIENT_IDS[0],
            CEGID_Y2,
            "Y2-001022",
            {"y2CustomerId": "001022", "loyaltyTier": "silver", "storeCode": "VAN-01"},
            _at("2023-09-09T14:00:00"),
            _at("2024-08-30T16:20:00"),
        ),
        Link(
            GROUP_CLIENT_IDS[1],
            CEGID_Y2,
            "Y2-001023",
            {"y2CustomerId": "001023", "loyaltyTier": "member", "storeCode": "VAN-01"},
            _at("2023-09-09T14:00:05"),
            _at("2023-09-09T14:00:05"),
        ),
        Link(
            GROUP_CLIENT_IDS[2],
            CEGID_Y2,
            "Y2-001024",
            {"y2CustomerId": "001024", "loyaltyTier": "member", "storeCode": "VAN-01"},
            _at("2023-09-09T14:00:09"),
            _at("2023-09-09T14:00:09"),
        ),
        Link(
            GROUP_CLIENT_IDS[0],
            ACME_CRM,
            "ACME-81007",
            {"segment": "family"},
            _at("2024-03-03T11:11:11"),
            _at("2024-03-03T11:11:11"),
        ),
    ]

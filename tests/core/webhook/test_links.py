"""The column-by-column check of well-formed links against reading each link in full."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from booxi_desktop.core.jsondoc.decode import decode_json
from booxi_desktop.core.webhook import found_links
from booxi_desktop.core.webhook.analysis import analyse
from booxi_desktop.core.webhook.found_links import FoundLinks, blank_positions, well_formed_columns
from booxi_desktop.core.webhook.links import has_external_id, read_link
from booxi_desktop.core.webhook.problems import Problem
from tests import WEBHOOKS

GOOD = {
    "moduleId": "cegid_y2",
    "clientId": 5120044,
    "externalId": "Y2-000418273",
    "metadata": {"loyaltyTier": "gold"},
    "createdOn": "2024-02-11T14:03:27Z",
    "modifiedOn": "2024-05-02T09:41:00.120+02:00",
}


def with_field(name: str, value: object) -> dict[str, Any]:
    entry = copy.deepcopy(GOOD)
    entry[name] = value
    return entry


def without_field(name: str) -> dict[str, Any]:
    entry = copy.deepcopy(GOOD)
    del entry[name]
    return entry


ENTRIES = [
    pytest.param(GOOD, id="good"),
    pytest.param(without_field("externalId"), id="no externalId"),
    pytest.param(without_field("metadata"), id="no metadata"),
    pytest.param(without_field("createdOn"), id="no date"),
    pytest.param(with_field("moduleId", None), id="null moduleId"),
    pytest.param(with_field("externalId", "  "), id="blank externalId"),
    pytest.param(with_field("metadata", {}), id="empty metadata"),
    pytest.param(with_field("clientId", True), id="bool clientId"),
    pytest.param(with_field("clientId", "5120044"), id="text clientId"),
    pytest.param(with_field("clientId", None), id="null clientId"),
    pytest.param(without_field("clientId"), id="no clientId"),
    pytest.param(with_field("clientId", 5.0), id="float clientId"),
    pytest.param(with_field("moduleId", 7), id="number moduleId"),
    pytest.param(with_field("externalId", ["a"]), id="array externalId"),
    pytest.param(with_field("metadata", ["a"]), id="array metadata"),
    pytest.param(with_field("metadata", {"points": 12}), id="number in metadata"),
    pytest.param(with_field("metadata", {"tags": {"a": "b"}}), id="object in metadata"),
    pytest.param(with_field("createdOn", ""), id="empty date"),
    pytest.param(with_field("createdOn", "yesterday"), id="bad date"),
    pytest.param(with_field("modifiedOn", 1700000000), id="number date"),
    pytest.param(with_field("modifiedOn", {"at": "2024-05-02"}), id="object date"),
    pytest.param(with_field("createdOn", "2024-02-11t14:03:27z"), id="lower-case date"),
    pytest.param(with_field("loyaltyCard", "6035"), id="field of its own"),
    pytest.param("not an object", id="text entry"),
    pytest.param(None, id="null entry"),
]


@pytest.mark.parametrize("entry", ENTRIES)
def test_well_formed_only_when_reading_the_link_finds_nothing_to_say(entry: object) -> None:
    problems: list[Problem] = []
    link = read_link(0, 0, entry, None, problems)
    nothing_to_say = link is not None and not problems and not link.unknown_fields
    assert (well_formed_columns([GOOD, entry]) is not None) is nothing_to_say


@pytest.mark.parametrize("entry", ENTRIES)
@pytest.mark.parametrize("crm_ids", [None, frozenset({"Y2-000418273"})])
def test_reading_on_demand_gives_the_links_read_in_full(
    entry: object, crm_ids: frozenset[str] | None
) -> None:
    entries = [GOOD, entry, without_field("externalId")]
    lazy = found_links.read_links(entries, crm_ids, [])
    eager = FoundLinks(
        link for i, e in enumerate(entries) if (link := read_link(i, i, e, crm_ids, [])) is not None
    )
    assert lazy == eager
    assert list(lazy) == list(eager)
    assert lazy.module_ids == eager.module_ids
    assert lazy.client_ids == eager.client_ids
    assert lazy.external_ids == eager.external_ids
    assert lazy[-1] == eager[-1]
    assert lazy[1:] == eager[1:]


@pytest.mark.parametrize("name", sorted(p.name for p in WEBHOOKS.glob("booking_*.json")))
@pytest.mark.parametrize(
    ("module_id", "client_id"), [(None, None), ("cegid_y2", None), ("cegid_y2", 5120987)]
)
def test_findings_are_the_same_whichever_way_the_links_are_read(
    name: str, module_id: str | None, client_id: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = decode_json((WEBHOOKS / name).read_bytes())
    crm = frozenset({"Y2-000418273"})
    fast = analyse(document, module_id, client_id, crm)
    monkeypatch.setattr(found_links, "well_formed_columns", lambda entries: None)
    slow = analyse(document, module_id, client_id, crm)
    assert fast.to_json() == slow.to_json()
    assert fast == slow


def group_event(clients: int) -> dict[str, Any]:
    links = [
        with_field("clientId", 5_100_000 + i) | {"externalId": f"Y2-{i:06d}"}
        for i in range(clients)
    ]
    return {"eventContent": {"clientLinks": links}}


def test_a_large_group_is_read_on_demand_and_the_match_found_by_position() -> None:
    findings = analyse(group_event(3000), "cegid_y2", 5_102_345)
    links = findings.links
    assert findings.match is not None
    assert findings.match.client_id == 5_102_345
    assert links.position(findings.match) == 2345
    assert links[2345] is findings.match
    assert list(links.with_unknown_fields()) == []
    assert len(links) == 3000
    assert findings.client_ids[:2] == [5_100_000, 5_100_001]


@pytest.mark.parametrize(
    "external_ids",
    [
        [],
        ["Y2-1", "Y2-2"],
        ["Y2-1", None, "", " ", "\t\n", "\u3000", " Y2-2 "],
        [None],
        ["   "],
    ],
)
def test_blank_positions_are_where_there_is_no_external_id(
    external_ids: list[str | None],
) -> None:
    expected = [i for i, e in enumerate(external_ids) if not has_external_id(e)]
    assert blank_positions(external_ids) == expected


def test_position_of_a_link_after_skipped_entries() -> None:
    event = group_event(3)
    event["eventContent"]["clientLinks"].insert(0, "not a link")
    findings = analyse(event, "cegid_y2", 5_100_002)
    assert findings.match is not None
    assert findings.match.index == 3
    assert findings.links.position(findings.match) == 2
    assert findings.links.position(analyse(event).links[0]) is None


def test_messages_name_a_few_clients_of_a_large_group() -> None:
    findings = analyse(group_event(30), "cegid_y2")
    [message] = [p.message for p in findings.problems if p.code == "ambiguous_group"]
    assert "30 clients (5100000, 5100001," in message
    assert "5100009 and 20 more)" in message
    assert "5100010" not in message
    outsider = analyse(group_event(30), "cegid_y2", 42)
    [message] = [p.message for p in outsider.problems if p.code == "client_not_in_group"]
    assert message.endswith("5100009 and 20 more.")

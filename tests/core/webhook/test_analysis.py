from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from booxi_desktop.core.jsondoc.decode import decode_json
from booxi_desktop.core.webhook.analysis import Findings, analyse
from booxi_desktop.core.webhook.report import describe
from tests import WEBHOOKS

GROUP = (5120044, 5120987, 5121330)


def load(name: str) -> Any:
    return decode_json((WEBHOOKS / name).read_bytes())


def problem(findings: Findings, code: str) -> str:
    messages = [p.message for p in findings.problems if p.code == code]
    assert len(messages) == 1, findings.problem_codes
    return messages[0]


# -- one client ----------------------------------------------------------------------


def test_single_client_booking_matches_the_module_link() -> None:
    findings = analyse(load("booking_single_client.json"), "cegid_y2")
    assert not findings.has_problems, findings.problems
    assert findings.links_path == "eventContent.clientLinks"
    assert findings.client_ids == [5120044]
    match = findings.match
    assert match is not None
    assert (match.index, match.path) == (0, "eventContent.clientLinks[0]")
    assert (match.module_id, match.client_id, match.external_id) == (
        "cegid_y2",
        5120044,
        "Y2-000418273",
    )
    assert list(match.metadata) == ["loyaltyTier", "storeCode", "preferredLanguage"]
    assert match.metadata_key_count == 3
    assert match.created_on == datetime(2024, 2, 11, 14, 3, 27, tzinfo=UTC)
    assert match.modified_on is not None
    assert match.modified_on.tzinfo is not None
    assert match.crm_status is None


def test_the_second_module_of_the_same_client_is_picked_by_module_id() -> None:
    findings = analyse(load("booking_single_client.json"), "acme_loyalty")
    assert findings.match is not None
    assert findings.match.path == "eventContent.clientLinks[1]"
    assert findings.match.metadata == {"cardNumber": "6035 7712 0044"}


def test_event_fields_other_than_event_content_are_kept_as_sent() -> None:
    findings = analyse(load("booking_single_client.json"))
    assert findings.event_fields == {
        "eventId": "evt_01HX9QK3V7M2C8Z4T6R1N5P0AB",
        "eventType": "booking.created",
        "merchantId": 20417,
        "createdOn": "2024-05-02T13:15:08Z",
    }
    assert "clientLinks" not in findings.content_fields
    assert findings.content_fields["bookingId"] == 8812734
    assert findings.match is None  # nothing asked for, nothing guessed


def test_module_missing_from_the_event() -> None:
    findings = analyse(load("booking_single_client.json"), "shopify_sync")
    assert findings.match is None
    message = problem(findings, "no_link_for_module")
    assert "shopify_sync" in message
    assert "acme_loyalty, cegid_y2" in message
    assert "not be authorised" in message


# -- group reservation -----------------------------------------------------------------


def test_group_without_client_id_is_ambiguous() -> None:
    findings = analyse(load("booking_group_three_clients.json"), "cegid_y2")
    assert findings.match is None
    assert findings.client_ids == list(GROUP)
    message = problem(findings, "ambiguous_group")
    assert "3 clients (5120044, 5120987, 5121330)" in message


@pytest.mark.parametrize(("client_id", "index"), [(5120044, 0), (5120987, 1), (5121330, 2)])
def test_group_client_id_picks_its_own_link(client_id: int, index: int) -> None:
    findings = analyse(load("booking_group_three_clients.json"), "cegid_y2", client_id)
    assert findings.match is not None
    assert (findings.match.index, findings.match.client_id) == (index, client_id)
    assert "ambiguous_group" not in findings.problem_codes


def test_group_client_id_does_not_pick_another_modules_link() -> None:
    findings = analyse(load("booking_group_three_clients.json"), "acme_loyalty", 5120987)
    assert findings.match is not None
    assert findings.match.index == 3
    findings = analyse(load("booking_group_three_clients.json"), "acme_loyalty", 5121330)
    assert findings.match is None
    assert problem(findings, "no_link_for_module").startswith("Client 5121330 has a link")


def test_client_not_in_the_group() -> None:
    findings = analyse(load("booking_group_three_clients.json"), "cegid_y2", 999)
    assert findings.match is None
    message = problem(findings, "client_not_in_group")
    assert "999" in message
    assert "5120044, 5120987, 5121330" in message


def test_missing_external_id_follows_the_crm_recipe() -> None:
    findings = analyse(load("booking_group_three_clients.json"), "cegid_y2", 5121330)
    assert findings.match is not None
    assert findings.match.external_id is None
    message = problem(findings, "missing_external_id")
    assert "new customer" in message
    assert "PUT /client/5121330/moduleLink/cegid_y2" in message
    [missing] = [p for p in findings.problems if p.code == "missing_external_id"]
    assert missing.path == "eventContent.clientLinks[2].externalId"


def test_crm_ids_tell_returning_from_new_customers() -> None:
    crm = frozenset({"Y2-000418273", "ACME-80211"})
    findings = analyse(load("booking_group_three_clients.json"), "cegid_y2", 5120044, crm)
    assert [link.crm_status for link in findings.links] == ["returning", "new", "new", "returning"]
    assert findings.match is not None
    assert findings.match.crm_status == "returning"


# -- what goes wrong -----------------------------------------------------------------


def test_no_event_content() -> None:
    findings = analyse(load("booking_no_event_content.json"), "cegid_y2")
    assert findings.problem_codes == ["no_event_content"]
    assert findings.links_path is None
    assert findings.links == []
    assert findings.event_fields["message"] == "Test event sent from the back office"


def test_no_client_links_says_the_endpoint_may_not_be_authorised() -> None:
    findings = analyse(load("booking_no_client_links.json"), "cegid_y2")
    assert findings.problem_codes == ["no_client_links"]
    assert findings.problems[0].message == (
        "The event has no eventContent.clientLinks: the webhook endpoint may not be "
        "authorised for this module."
    )
    assert findings.links_path is None
    assert findings.content_fields["bookingId"] == 8812734


def test_client_links_as_an_object_is_flagged_but_still_read() -> None:
    findings = analyse(load("booking_client_links_object.json"), "cegid_y2")
    assert "client_links_not_array" in findings.problem_codes
    assert "an object" in problem(findings, "client_links_not_array")
    assert findings.match is not None
    assert findings.match.path == "eventContent.clientLinks.cegid_y2"
    assert findings.match.external_id == "Y2-000418273"


@pytest.mark.parametrize("value", ["cegid_y2", 7, True])
def test_client_links_of_a_scalar_type(value: object) -> None:
    findings = analyse({"eventContent": {"clientLinks": value}}, "cegid_y2")
    assert "client_links_not_array" in findings.problem_codes
    assert findings.links == []
    assert findings.match is None


def test_wrong_types_are_reported_and_read_tolerantly() -> None:
    findings = analyse(load("booking_wrong_types.json"), "cegid_y2", 5120044)
    match = findings.match
    assert match is not None
    assert match.client_id == 5120044
    assert "read as a number" in problem(findings, "client_id_not_integer")
    assert match.non_string_keys == ["points", "vip", "lastStore"]
    assert match.metadata["points"] == 1250
    message = problem(findings, "non_string_metadata")
    assert "points (number), vip (boolean), lastStore (null)" in message
    assert "02/05/2024 09:41" in problem(findings, "bad_date")
    assert match.modified_on is None


def test_unreadable_client_id_and_non_string_ids() -> None:
    payload = {
        "eventContent": {
            "clientLinks": [
                {"moduleId": 42, "clientId": "abc", "externalId": 1001, "metadata": "x"}
            ]
        }
    }
    findings = analyse(payload)
    [link] = findings.links
    assert (link.module_id, link.client_id, link.external_id) == ("42", None, "1001")
    assert link.metadata == {}
    for code in (
        "module_id_not_string",
        "client_id_not_integer",
        "external_id_not_string",
        "metadata_not_object",
    ):
        assert code in findings.problem_codes
    assert "read as a number" not in problem(findings, "client_id_not_integer")


def test_unknown_fields_are_kept() -> None:
    findings = analyse(load("booking_unknown_fields.json"), "cegid_y2")
    assert findings.match is not None
    assert findings.match.unknown_fields == {
        "linkStatus": "active",
        "syncedBy": {"system": "cegid", "batch": 7741},
    }
    assert findings.event_fields["apiVersion"] == "2024-04"
    assert findings.event_fields["deliveryAttempt"] == 2
    assert not findings.has_problems


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ([{"eventContent": {}}], "not_an_object"),
        ("booking", "not_an_object"),
        ({"eventContent": [1]}, "event_content_not_object"),
        ({"eventContent": {"clientLinks": []}}, "empty_client_links"),
        ({"eventContent": {"clientLinks": [42]}}, "link_not_object"),
        ({"eventContent": {"clientLinks": [{"moduleId": "m"}]}}, "missing_client_id"),
    ],
)
def test_malformed_shapes(payload: object, code: str) -> None:
    findings = analyse(payload, "m")
    assert code in findings.problem_codes
    assert findings.match is None or code == "missing_client_id"


def test_duplicate_links_use_the_first_and_say_so() -> None:
    link = {"moduleId": "m", "clientId": 7, "externalId": "A"}
    findings = analyse({"eventContent": {"clientLinks": [link, {**link, "externalId": "B"}]}}, "m")
    assert findings.match is not None
    assert findings.match.external_id == "A"
    assert "duplicate_link" in findings.problem_codes


# -- output ----------------------------------------------------------------------------


def test_to_json_is_plain_json() -> None:
    findings = analyse(load("booking_group_three_clients.json"), "cegid_y2", 5121330)
    data = json.loads(json.dumps(findings.to_json()))
    assert data["match"]["path"] == "eventContent.clientLinks[2]"
    assert data["match"]["createdOn"] == "2024-05-03T16:40:49Z"
    assert data["clientIds"] == list(GROUP)
    assert data["hasProblems"] is True
    assert data["problems"][0]["code"] == "missing_external_id"
    assert data["eventFields"]["eventType"] == "booking.created"


@pytest.fixture
def montreal_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "America/Montreal")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("montreal_time")
def test_describe_shows_local_dates_and_problems() -> None:
    findings = analyse(load("booking_group_three_clients.json"), "cegid_y2", 5120987)
    lines = describe(findings)
    text = "\n".join(lines)
    assert lines[0] == (
        "Client links at eventContent.clientLinks: 4 entries (clients: 5120044, 5120987, 5121330)"
    )
    assert lines[2] == (
        '  [1] module cegid_y2 · client 5120987 · externalId "Y2-000502911" · 3 metadata keys'
    )
    assert "  [3] module acme_loyalty · client 5120987" in lines[4]
    assert "Link for module cegid_y2, client 5120987: eventContent.clientLinks[1]" in text
    # 2024-01-08T10:00:00Z is 05:00 in Montreal (EST)
    assert "created: 2024-01-08 05:00:00 EST" in text
    assert "modified: 2024-04-30 17:12:45 EDT" in text
    assert "  metadata (3 keys):" in lines
    assert '    giftWrap = "yes"' in text
    assert "  ! [missing_external_id]" in text
    assert "eventType = " in text


def test_describe_without_problems() -> None:
    lines = describe(analyse(load("booking_single_client.json"), "cegid_y2"))
    assert lines[-1] == "No problems found."


def test_describe_marks_values_that_are_not_text() -> None:
    lines = describe(analyse(load("booking_wrong_types.json"), "cegid_y2"))
    assert "    points = 1250  (number, not text)" in lines


def test_big_client_links_array_is_summarised() -> None:
    links = [{"moduleId": "m", "clientId": i, "externalId": f"C{i}"} for i in range(100)]
    history = [{"at": "2024-05-01T10:00:00Z"}] * 5000
    payload = {"eventContent": {"clientLinks": links, "history": history, "tags": ["a", "b"]}}
    lines = describe(analyse(payload, "m", 5))
    assert "  … and 80 more" in lines
    assert "  history = [5000 items]" in lines
    assert '  tags = ["a", "b"]' in lines

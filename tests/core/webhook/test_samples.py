"""The shipped sample events: each reads as the story its title tells, with the sample CRM ids."""

from __future__ import annotations

import json

import pytest

from booxi_desktop.core.webhook.analysis import ClientNames, Findings, analyse
from booxi_desktop.core.webhook.crm_ids import load_crm_ids
from booxi_desktop.core.webhook.samples import (
    SAMPLE_EVENTS,
    SAMPLE_MODULE,
    sample_crm_ids_text,
    sample_event,
)

CRM_IDS = load_crm_ids(sample_crm_ids_text())


def findings_of(name: str, client_id: int | None = None) -> Findings:
    payload = json.loads(sample_event(name).text())
    return analyse(payload, SAMPLE_MODULE, client_id, CRM_IDS)


def test_the_crm_list_is_read_from_its_id_column() -> None:
    assert "Y2-000481" in CRM_IDS
    assert "Émilie" not in CRM_IDS  # a name column, not ids
    assert "externalId" not in CRM_IDS  # the header


def test_every_sample_has_a_distinct_name_title_and_file() -> None:
    for attribute in ("name", "title", "file"):
        values = [getattr(s, attribute) for s in SAMPLE_EVENTS]
        assert len(set(values)) == len(values) == 4


def test_an_unknown_sample_name_is_refused() -> None:
    with pytest.raises(KeyError):
        sample_event("../problems")


def test_single_booking_finds_a_returning_customer_and_no_problem() -> None:
    findings = findings_of("single")
    assert findings.problems == []
    assert findings.match is not None
    assert findings.match.crm_status == "returning"


def test_group_reservation_asks_which_client() -> None:
    findings = findings_of("group")
    assert findings.problem_codes == ["ambiguous_group"]
    assert len(findings.client_ids) == 3
    picked = findings_of("group", findings.client_ids[1])
    assert picked.problems == []
    assert picked.match is not None
    assert picked.match.crm_status == "returning"


def test_new_customer_is_not_in_the_crm_list() -> None:
    findings = findings_of("new_customer")
    assert findings.problems == []
    assert findings.match is not None
    assert findings.match.external_id
    assert findings.match.crm_status == "new"


def test_the_problem_event_shows_a_missing_link_and_a_malformed_one() -> None:
    findings = findings_of("problems")
    assert findings.match is None
    assert set(findings.problem_codes) == {"no_link_for_module", "non_string_metadata", "bad_date"}


def test_client_names_are_read_from_the_client_api_shape_too() -> None:
    payload = json.loads(sample_event("group").text())
    names = ClientNames(payload["eventContent"]["clients"])
    assert names.get(3104312) == "Ava Chen"
    assert ClientNames([{"clientId": 7, "id": 8, "firstName": "A"}]).get(7) == "A"

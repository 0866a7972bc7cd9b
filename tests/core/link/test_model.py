from __future__ import annotations

from datetime import UTC, datetime

import pytest

from booxi_desktop.core.link.model import (
    ClientModuleLink,
    LinkFormatError,
    LinkResponse,
    parse_put_body,
    value_text,
)

LINK = {
    "moduleId": "cegid_y2",
    "clientId": 1042,
    "externalId": "Y2-000981",
    "metadata": {"zeta": "1", "alpha": "2", "loyaltyTier": "gold"},
    "createdOn": "2023-01-01T00:00:00Z",
    "modifiedOn": "2024-05-06T07:08:09+02:00",
    "futureField": {"kept": True},
}


def test_wrapped_answer_parses_link_and_client() -> None:
    answer = {
        "link": LINK,
        "client": {
            "id": 1042,
            "firstName": "Ana",
            "lastName": "Roy",
            "email": "ana@example.com",
            "merchantId": 7,
            "phone": "1",
        },
    }
    parsed = LinkResponse.from_json(answer)
    assert parsed.link.client_id == 1042
    assert parsed.client is not None
    assert parsed.client.display_name == "Ana Roy"
    assert parsed.client.extra == {"phone": "1"}


def test_bare_link_is_accepted_and_keeps_order_dates_and_unknown_fields() -> None:
    link = LinkResponse.from_json(LINK).link
    assert list(link.metadata) == ["zeta", "alpha", "loyaltyTier"]
    assert link.created_on == datetime(2023, 1, 1, tzinfo=UTC)
    assert link.modified_on == datetime(2024, 5, 6, 5, 8, 9, tzinfo=UTC)
    assert link.extra == {"futureField": {"kept": True}}
    again = link.to_json()
    assert again["modifiedOn"] == "2024-05-06T05:08:09Z"
    assert again["futureField"] == {"kept": True}


def test_put_body_is_exactly_external_id_and_metadata() -> None:
    link = ClientModuleLink.from_json(LINK)
    assert link.put_body() == {"externalId": "Y2-000981", "metadata": LINK["metadata"]}


def test_same_content_is_order_sensitive() -> None:
    a = ClientModuleLink(1, "m", "e", {"a": "1", "b": "2"})
    assert a.same_content(ClientModuleLink(1, "m", "e", {"a": "1", "b": "2"}))
    assert not a.same_content(ClientModuleLink(1, "m", "e", {"b": "2", "a": "1"}))
    assert not a.same_content(ClientModuleLink(1, "m", "f", {"a": "1", "b": "2"}))


@pytest.mark.parametrize(
    "bad",
    [[], "x", {"moduleId": "m"}, {"clientId": 1}, {"clientId": 1, "moduleId": "m", "metadata": []}],
)
def test_things_that_are_not_links_are_refused(bad: object) -> None:
    with pytest.raises(LinkFormatError):
        LinkResponse.from_json(bad)


def test_parse_put_body_refuses_unknown_fields_and_wrong_types() -> None:
    assert parse_put_body({"externalId": "e", "metadata": {"k": "v"}}) == ("e", {"k": "v"})
    for bad in ({"externalId": 3}, {"metadata": []}, {"moduleId": "x"}, ["x"]):
        with pytest.raises(LinkFormatError):
            parse_put_body(bad)


def test_value_text_keeps_text_and_writes_other_values_as_json() -> None:
    assert value_text("gold") == "gold"
    assert value_text("") == ""
    assert value_text("42") == "42"
    assert value_text(42) == "42"
    assert value_text(True) == "true"
    assert value_text(None) == "null"
    assert value_text({"a": [1, "x"]}) == '{"a": [1, "x"]}'

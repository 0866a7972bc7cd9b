"""The package's sample events name the sandbox's own clients and links, as it serves them."""

from __future__ import annotations

import json
from typing import Any

import pytest

from booxi_desktop.core.webhook.samples import SAMPLE_MODULE, sample_event
from booxi_desktop.sandbox import seed
from booxi_desktop.sandbox.events import NEW_BOOKING_EVENT, sample_new_booking_event
from booxi_desktop.sandbox.records import Link, RecordError
from booxi_desktop.sandbox.store import Store


def sample(name: str) -> dict[str, Any]:
    return json.loads(sample_event(name).text())


def test_the_samples_are_for_the_demo_module() -> None:
    assert SAMPLE_MODULE == seed.CEGID_Y2


@pytest.mark.parametrize(("name", "group"), [("single", False), ("group", True)])
def test_single_and_group_samples_are_what_the_sandbox_sends(name: str, group: bool) -> None:
    built = sample_new_booking_event(Store(), SAMPLE_MODULE, seed.DEMO_MODULES, group=group)
    shipped = sample(name)
    assert shipped.keys() == built.keys()
    assert shipped["eventType"] == NEW_BOOKING_EVENT
    for key in ("merchantId", "clients", "clientLinks"):
        assert shipped["eventContent"][key] == built["eventContent"][key], key


@pytest.mark.parametrize("name", ["single", "group", "new_customer", "problems"])
def test_every_sample_client_is_a_sandbox_client(name: str) -> None:
    store = Store()
    for client in sample(name)["eventContent"]["clients"]:
        known = store.client(client["id"])
        assert known is not None
        assert client == known.to_json()


def test_the_new_customer_sample_has_the_sandbox_link() -> None:
    store = Store()
    (client,) = sample("new_customer")["eventContent"]["clients"]
    links = [link.to_json() for link in store.links_of(client["id"], seed.DEMO_MODULES)]
    assert sample("new_customer")["eventContent"]["clientLinks"] == links


def test_the_problem_sample_clients_lack_the_module_link_in_the_sandbox_too() -> None:
    store = Store()
    content = sample("problems")["eventContent"]
    for client in content["clients"]:
        assert store.link(client["id"], SAMPLE_MODULE) is None
    (sent,) = content["clientLinks"]
    served = store.link(sent["clientId"], sent["moduleId"])
    assert served is not None
    # Malformed on purpose; everything else is the sandbox's record.
    with pytest.raises(RecordError):
        Link.from_json(sent)
    same = ("moduleId", "clientId", "externalId", "createdOn")
    assert {k: sent[k] for k in same} == {k: served.to_json()[k] for k in same}
    assert sent["metadata"].keys() >= served.metadata.keys()

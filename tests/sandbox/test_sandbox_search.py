from __future__ import annotations

import httpx

from booxi_desktop.sandbox import seed
from booxi_desktop.sandbox.server import SandboxServer


def test_find_by_external_id(api: httpx.Client) -> None:
    r = api.get("/client", params={"moduleId": "cegid_y2", "externalId": "Y2-000517"})
    assert r.status_code == 200
    doc = r.json()
    assert set(doc) == {"clients", "clientLinks"}
    assert [c["id"] for c in doc["clients"]] == [3104188]
    assert [(ln["clientId"], ln["moduleId"]) for ln in doc["clientLinks"]] == [
        (3104188, "cegid_y2")
    ]


def test_find_with_no_match_is_empty(api: httpx.Client) -> None:
    r = api.get("/client", params={"moduleId": "cegid_y2", "externalId": "nobody"})
    assert r.status_code == 200
    assert r.json() == {"clients": [], "clientLinks": []}


def test_external_id_needs_module_id(api: httpx.Client) -> None:
    r = api.get("/client", params={"externalId": "Y2-000517"})
    assert r.status_code == 400
    assert "moduleId" in r.json()["message"]


def test_find_by_module_lists_its_links(api: httpx.Client) -> None:
    doc = api.get("/client", params={"moduleId": "acme_crm"}).json()
    assert {ln["moduleId"] for ln in doc["clientLinks"]} == {"acme_crm"}
    assert {c["id"] for c in doc["clients"]} == {ln["clientId"] for ln in doc["clientLinks"]}


def test_find_follows_a_put(srv: SandboxServer, api: httpx.Client) -> None:
    api.put(
        f"/client/{seed.UNLINKED_CLIENT_ID}/moduleLink/cegid_y2",
        json={"externalId": "Y2 +&=x", "metadata": {}},
    )
    r = api.get("/client", params={"moduleId": "cegid_y2", "externalId": "Y2 +&=x"})
    assert [c["id"] for c in r.json()["clients"]] == [seed.UNLINKED_CLIENT_ID]


def test_search_needs_access_to_the_module(srv: SandboxServer) -> None:
    r = httpx.get(
        srv.base_url + "/client",
        params={"moduleId": "cegid_y2", "externalId": "Y2-000517"},
        headers={"Booxi-PartnerKey": seed.ACME_ONLY_KEY},
    )
    assert r.status_code == 403
    r = httpx.get(srv.base_url + "/client", params={"moduleId": "cegid_y2"})
    assert r.status_code == 401


def test_repeated_parameter_is_400(api: httpx.Client) -> None:
    r = api.get("/client", params=[("moduleId", "cegid_y2"), ("moduleId", "acme_crm")])
    assert r.status_code == 400


def test_search_answers_only_the_first_matches(srv: SandboxServer, api: httpx.Client) -> None:
    everyone = api.get("/client", params={"moduleId": "cegid_y2"}).json()
    assert len(everyone["clients"]) > 2
    srv.store.search_limit = 2
    cut = api.get("/client", params={"moduleId": "cegid_y2"}).json()
    assert [c["id"] for c in cut["clients"]] == [c["id"] for c in everyone["clients"][:2]]
    assert {ln["clientId"] for ln in cut["clientLinks"]} == {c["id"] for c in cut["clients"]}


def test_search_spans_every_client_of_the_module(srv: SandboxServer, api: httpx.Client) -> None:
    linked = {c.id for c in srv.store.clients() if srv.store.link(c.id, "cegid_y2") is not None}
    doc = api.get("/client", params={"moduleId": "cegid_y2"}).json()
    assert {c["id"] for c in doc["clients"]} == linked

from __future__ import annotations

import json
import time

import httpx
import pytest

from booxi_desktop.core.link.model import LinkResponse, parse_datetime
from booxi_desktop.sandbox import seed
from booxi_desktop.sandbox.server import SandboxServer
from tests.sandbox.sandbox_helpers import link_path


def test_get_answers_link_and_client(srv: SandboxServer, api: httpx.Client) -> None:
    r = api.get(link_path(srv.demo_client_id, srv.demo_module_id))
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/json")
    doc = r.json()
    assert set(doc) == {"link", "client"}
    link = doc["link"]
    assert list(link) == [
        "moduleId",
        "clientId",
        "externalId",
        "metadata",
        "createdOn",
        "modifiedOn",
    ]
    assert link["moduleId"] == "cegid_y2"
    assert link["clientId"] == srv.demo_client_id
    assert list(link["metadata"]) == ["y2CustomerId", "loyaltyTier", "storeCode"]
    assert link["createdOn"].endswith("Z")
    assert len(link["createdOn"]) == 20
    assert set(doc["client"]) == {
        "id",
        "merchantId",
        "firstName",
        "lastName",
        "email",
        "phoneNumber",
    }
    assert doc["client"]["id"] == srv.demo_client_id
    parsed = LinkResponse.from_json(doc)
    assert parsed.link.external_id == "Y2-000481"
    assert parsed.client is not None
    assert parsed.client.first_name == "Émilie"


def test_trailing_slash_as_in_the_article(srv: SandboxServer, api: httpx.Client) -> None:
    r = api.get(link_path(srv.demo_client_id, srv.demo_module_id) + "/")
    assert r.status_code == 200


def test_missing_key_is_401(srv: SandboxServer) -> None:
    r = httpx.get(srv.base_url + link_path(srv.demo_client_id, srv.demo_module_id))
    assert r.status_code == 401
    assert r.json()["code"] == 401
    assert "message" in r.json()


def test_unknown_key_is_401(srv: SandboxServer) -> None:
    r = httpx.get(
        srv.base_url + link_path(srv.demo_client_id, srv.demo_module_id),
        headers={"Booxi-PartnerKey": "not-a-key"},
    )
    assert r.status_code == 401
    assert "not-a-key" not in r.text


def test_header_name_is_case_insensitive(srv: SandboxServer) -> None:
    r = httpx.get(
        srv.base_url + link_path(srv.demo_client_id, srv.demo_module_id),
        headers={"booxi-partnerkey": srv.demo_key},
    )
    assert r.status_code == 200


def test_key_without_the_module_is_403(srv: SandboxServer) -> None:
    limited = next(k for k, mods in srv.keys.items() if mods == frozenset({seed.ACME_CRM}))
    headers = {"Booxi-PartnerKey": limited}
    url = srv.base_url + link_path(srv.demo_client_id, "cegid_y2")
    r = httpx.get(url, headers=headers)
    assert r.status_code == 403
    assert r.json() == {"message": r.json()["message"], "code": 403}
    r = httpx.put(url, headers=headers, json={"externalId": "x", "metadata": {}})
    assert r.status_code == 403
    ok = httpx.get(srv.base_url + link_path(srv.demo_client_id, "acme_crm"), headers=headers)
    assert ok.status_code == 200


def test_unknown_client_is_404(api: httpx.Client) -> None:
    r = api.get(link_path(999999, "cegid_y2"))
    assert r.status_code == 404
    assert r.json()["code"] == 404
    r = api.put(link_path(999999, "cegid_y2"), json={"externalId": "x", "metadata": {}})
    assert r.status_code == 404


def test_client_without_link_is_404_on_get(api: httpx.Client) -> None:
    r = api.get(link_path(seed.UNLINKED_CLIENT_ID, "cegid_y2"))
    assert r.status_code == 404
    assert "no link" in r.json()["message"]


@pytest.mark.parametrize("client_id", ["abc", "0", "-3", "1.5", "٣", "1e3", "99999999999999999999"])
def test_client_id_must_be_positive_integer(api: httpx.Client, client_id: str) -> None:
    r = api.get(link_path(client_id, "cegid_y2"))
    assert r.status_code == 400
    assert "clientId" in r.json()["message"]


def test_unknown_routes_are_404(srv: SandboxServer, api: httpx.Client) -> None:
    assert api.get(f"/client/{srv.demo_client_id}").status_code == 404
    assert api.get(f"/client/{srv.demo_client_id}/moduleLink").status_code == 404
    assert api.get(f"/client/{srv.demo_client_id}/moduleLink/cegid_y2/extra").status_code == 404
    root = srv.base_url.removesuffix("/booking/v1")
    r = httpx.get(root + "/booking/v2/client", headers={"Booxi-PartnerKey": srv.demo_key})
    assert r.status_code == 404
    assert r.json()["code"] == 404


def test_other_methods_are_405(srv: SandboxServer, api: httpx.Client) -> None:
    r = api.delete(link_path(srv.demo_client_id, "cegid_y2"))
    assert r.status_code == 405
    assert r.headers["allow"] == "GET, PUT"
    assert api.post("/client", json={}).status_code == 405


def test_put_creates_a_link(srv: SandboxServer, api: httpx.Client) -> None:
    cid = seed.UNLINKED_CLIENT_ID
    before = time.time()
    r = api.put(
        link_path(cid, "cegid_y2"),
        json={"externalId": "Y2-900001", "metadata": {"loyaltyTier": "member"}},
    )
    assert r.status_code == 200
    link = r.json()["link"]
    assert link["externalId"] == "Y2-900001"
    assert link["createdOn"] == link["modifiedOn"]
    created = parse_datetime(link["createdOn"])
    assert created is not None
    assert created.timestamp() >= int(before)
    assert srv.get_link(cid, "cegid_y2") == link
    assert api.get(link_path(cid, "cegid_y2")).json()["link"] == link


def test_put_overwrites_everything_and_keeps_created_on(
    srv: SandboxServer, api: httpx.Client
) -> None:
    path = link_path(srv.demo_client_id, "cegid_y2")
    old = api.get(path).json()["link"]
    metadata = {"zeta": "1", "alpha": "2", "storeCode": "QC-09", "émoji": "☕"}
    r = api.put(path, json={"externalId": "NEW-1", "metadata": metadata})
    assert r.status_code == 200
    link = r.json()["link"]
    # Nothing of the old metadata survives a PUT, and the sent key order is kept.
    assert list(link["metadata"].items()) == list(metadata.items())
    assert link["externalId"] == "NEW-1"
    assert link["createdOn"] == old["createdOn"]
    assert link["modifiedOn"] > old["modifiedOn"]
    assert list(srv.get_link(srv.demo_client_id, "cegid_y2")["metadata"]) == list(metadata)


def test_modified_on_strictly_increases_within_a_second(
    srv: SandboxServer, api: httpx.Client
) -> None:
    path = link_path(srv.demo_client_id, "cegid_y2")
    stamps = []
    for i in range(4):
        r = api.put(path, json={"externalId": f"E{i}", "metadata": {}})
        stamps.append(r.json()["link"]["modifiedOn"])
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == 4


def test_put_link_direct_changes_modified_on(srv: SandboxServer, api: httpx.Client) -> None:
    path = link_path(srv.demo_client_id, "cegid_y2")
    seen = api.get(path).json()["link"]
    changed = srv.put_link_direct(srv.demo_client_id, "cegid_y2", "OTHER", {"by": "someone"})
    assert changed["modifiedOn"] > seen["modifiedOn"]
    now = api.get(path).json()["link"]
    assert now == changed
    assert now["metadata"] == {"by": "someone"}


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (b"", "empty"),
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe", "UTF-8"),
        (b"[]", "JSON object"),
        (b'"text"', "JSON object"),
        (b'{"metadata": {}}', "externalId is required"),
        (b'{"externalId": "x"}', "metadata is required"),
        (b'{"externalId": 12, "metadata": {}}', "externalId must be a string"),
        (b'{"externalId": null, "metadata": {}}', "externalId must be a string"),
        (b'{"externalId": "x", "metadata": []}', "metadata must be a JSON object"),
        (b'{"externalId": "x", "metadata": {"a": 1}}', "'a' must be a string"),
        (b'{"externalId": "x", "metadata": {"a": null}}', "'a' must be a string"),
        (b'{"externalId": "x", "metadata": {"a": {"b": "c"}}}', "'a' must be a string"),
        (b'{"externalId": "x", "metadata": {}, "clientId": 1}', "unexpected field"),
    ],
)
def test_put_body_is_validated(
    srv: SandboxServer, api: httpx.Client, body: bytes, fragment: str
) -> None:
    before = srv.get_link(srv.demo_client_id, "cegid_y2")
    r = api.put(
        link_path(srv.demo_client_id, "cegid_y2"),
        content=body,
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 400
    doc = r.json()
    assert doc["code"] == 400
    assert fragment in doc["message"]
    assert srv.get_link(srv.demo_client_id, "cegid_y2") == before


def test_external_id_used_by_another_client_is_refused(
    srv: SandboxServer, api: httpx.Client
) -> None:
    taken = srv.get_link(3104188, "cegid_y2")
    assert taken is not None
    r = api.put(
        link_path(srv.demo_client_id, "cegid_y2"),
        json={"externalId": taken["externalId"], "metadata": {}},
    )
    assert r.status_code == 400
    doc = r.json()
    assert doc["error"] == "InvalidExternalId"
    assert doc["code"] == 400
    # The same externalId in another module, or kept by its own client, is fine.
    r = api.put(
        link_path(srv.demo_client_id, "acme_crm"),
        json={"externalId": taken["externalId"], "metadata": {}},
    )
    assert r.status_code == 200
    r = api.put(
        link_path(3104188, "cegid_y2"), json={"externalId": taken["externalId"], "metadata": {}}
    )
    assert r.status_code == 200


def test_empty_external_ids_do_not_conflict(srv: SandboxServer, api: httpx.Client) -> None:
    for cid in (srv.demo_client_id, 3104188):
        r = api.put(link_path(cid, "cegid_y2"), json={"externalId": "", "metadata": {}})
        assert r.status_code == 200


def test_body_over_one_megabyte_is_413(srv: SandboxServer, api: httpx.Client) -> None:
    big = json.dumps({"externalId": "x", "metadata": {"pad": "x" * (1024 * 1024)}})
    r = api.put(link_path(srv.demo_client_id, "cegid_y2"), content=big)
    assert r.status_code == 413
    assert r.json()["code"] == 413
    # The connection stays usable after the refused body.
    assert api.get(link_path(srv.demo_client_id, "cegid_y2")).status_code == 200


def test_body_just_under_the_limit_is_read(srv: SandboxServer, api: httpx.Client) -> None:
    prefix = '{"externalId": "x", "metadata": {"pad": "'
    body = prefix + "x" * (1024 * 1024 - len(prefix) - 3) + '"}}'
    assert len(body) == 1024 * 1024
    r = api.put(link_path(srv.demo_client_id, "cegid_y2"), content=body)
    assert r.status_code == 200

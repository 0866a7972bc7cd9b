"""Hostile module ids: percent-encoded, each must stay one segment and reach nothing else."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator

import httpx
import pytest

from booxi_desktop.sandbox.server import SandboxServer
from tests.sandbox.sandbox_helpers import link_path, ssl_context

HOSTILE = ["../x", "a?b", "a#b", "a/b", "%2e%2e", "..", ".", "cegid_y2/../acme_crm", " x ", "é/ü"]
HOSTILE_KEY = "test-hostile-key"


@pytest.fixture
def hostile(srv: SandboxServer) -> Iterator[httpx.Client]:
    """A client whose key may use every hostile id, so requests get past the 403."""
    srv.keys[HOSTILE_KEY] = frozenset(HOSTILE)
    with httpx.Client(
        base_url=srv.base_url, headers={"Booxi-PartnerKey": HOSTILE_KEY}, verify=ssl_context()
    ) as client:
        yield client


def raw_request(srv: SandboxServer, method: str, path: str, key: str) -> tuple[int, dict]:
    """Send a path byte for byte, with no client-side normalisation."""
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
    try:
        conn.request(method, path, headers={"Booxi-PartnerKey": key})
        resp = conn.getresponse()
        return resp.status, json.loads(resp.read())
    finally:
        conn.close()


@pytest.mark.parametrize("module_id", HOSTILE)
def test_hostile_module_id_is_one_opaque_segment(
    srv: SandboxServer, hostile: httpx.Client, module_id: str
) -> None:
    cid = srv.demo_client_id
    before = srv.store.to_json()
    assert hostile.get(link_path(cid, module_id)).status_code == 404  # no link yet

    r = hostile.put(link_path(cid, module_id), json={"externalId": "h", "metadata": {"k": "v"}})
    assert r.status_code == 200
    assert r.json()["link"]["moduleId"] == module_id
    assert srv.get_link(cid, module_id) == r.json()["link"]

    # Exactly one link was added, under exactly that id; nothing else changed.
    after = srv.store.to_json()
    assert after["clients"] == before["clients"]
    added = [ln for ln in after["links"] if ln not in before["links"]]
    assert [(ln["clientId"], ln["moduleId"]) for ln in added] == [(cid, module_id)]

    method, path, _ = srv.request_log[-1]
    assert method == "PUT"
    last_segment = path.rsplit("/", 1)[1]
    assert "/" not in module_id or "%2F" in last_segment
    assert "?" not in path
    assert "#" not in path


@pytest.mark.parametrize("module_id", HOSTILE)
def test_hostile_module_id_without_access_is_403(
    srv: SandboxServer, api: httpx.Client, module_id: str
) -> None:
    r = api.get(link_path(srv.demo_client_id, module_id))
    assert r.status_code == 403


def test_encoded_dots_are_decoded_once(srv: SandboxServer, hostile: httpx.Client) -> None:
    # "%2e%2e" typed as an id is sent as %252e%252e and must come back as the same text.
    r = hostile.put(
        link_path(srv.demo_client_id, "%2e%2e"), json={"externalId": "", "metadata": {}}
    )
    assert r.json()["link"]["moduleId"] == "%2e%2e"
    assert srv.get_link(srv.demo_client_id, "..") is None


@pytest.mark.parametrize(
    ("path", "status"),
    [
        # Unencoded, these are extra segments or a query: never normalised into another route.
        ("/booking/v1/client/{cid}/moduleLink/../x", 404),
        ("/booking/v1/client/{cid}/moduleLink/a/b", 404),
        ("/booking/v1/client/{cid}/moduleLink/cegid_y2/../acme_crm", 404),
        ("/booking/v1/../v1/client/{cid}/moduleLink/cegid_y2", 404),
        ("/booking/v1/client%2F{cid}/moduleLink/cegid_y2", 404),
        ("/booking/v1/client/{cid}%2FmoduleLink/cegid_y2", 404),
        ("/booking/v1/client/{cid}/moduleLink%2Fcegid_y2", 404),
        # Encoded dots arrive as the id "..", which the demo key has no access to.
        ("/booking/v1/client/{cid}/moduleLink/%2e%2e", 403),
        ("/booking/v1/client/{cid}/moduleLink/%2E%2E%2Facme_crm", 403),
        ("/booking/v1/client/1%2F2/moduleLink/cegid_y2", 400),
        ("/booking/v1/client/{cid}/moduleLink/%ff", 400),
        ("/booking/v1/client/{cid}/moduleLink/cegid_y2", 200),
    ],
)
def test_raw_paths(srv: SandboxServer, path: str, status: int) -> None:
    code, doc = raw_request(srv, "GET", path.format(cid=srv.demo_client_id), srv.demo_key)
    assert code == status
    if status != 200:
        assert doc["code"] == status


def test_raw_dot_segments_reach_only_the_encoded_id(srv: SandboxServer) -> None:
    srv.keys[HOSTILE_KEY] = frozenset({".."})
    code, _ = raw_request(
        srv, "GET", f"/booking/v1/client/{srv.demo_client_id}/moduleLink/%2e%2e", HOSTILE_KEY
    )
    assert code == 404  # the id ".." is allowed for this key but has no link


def test_unencoded_dot_segment_is_removed_by_httpx(srv: SandboxServer, api: httpx.Client) -> None:
    # Why segment() encodes dots: httpx resolves "..", so the request goes to another path.
    r = api.get(f"/client/{srv.demo_client_id}/moduleLink/..")
    assert r.status_code == 404
    assert srv.request_log[-1][1] == f"/booking/v1/client/{srv.demo_client_id}"

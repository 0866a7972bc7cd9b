from __future__ import annotations

import http.client
import socket
import statistics
import time
import uuid

import httpx
import pytest

from booxi_desktop.core.link.model import ClientModuleLink
from booxi_desktop.sandbox import seed
from booxi_desktop.sandbox.faults import Faults
from booxi_desktop.sandbox.handler import SandboxHandler
from booxi_desktop.sandbox.server import SandboxServer
from tests.sandbox.sandbox_helpers import link_path


def test_public_attributes(srv: SandboxServer) -> None:
    assert srv.base_url.startswith("http://127.0.0.1:")
    assert srv.base_url.endswith("/booking/v1")
    assert srv.port > 0
    assert isinstance(srv.faults, Faults)
    assert srv.demo_module_id == "cegid_y2"
    assert srv.keys[srv.demo_key] >= {"cegid_y2", "acme_crm"}
    assert any(mods == frozenset({"acme_crm"}) for mods in srv.keys.values())
    assert srv.get_link(srv.demo_client_id, srv.demo_module_id) is not None
    assert SandboxHandler.disable_nagle_algorithm is True


def test_binds_loopback_only(srv: SandboxServer) -> None:
    host, port = srv._httpd.server_address[:2]  # type: ignore[union-attr]
    assert host == "127.0.0.1"
    assert port == srv.port


def test_not_started() -> None:
    server = SandboxServer()
    with pytest.raises(RuntimeError):
        _ = server.base_url
    server.stop()  # stopping a server that never started is harmless


def test_stop_ends_keep_alive_connections() -> None:
    with SandboxServer(port=0, rate_limit=False) as srv:
        conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=5)
        path = "/booking/v1" + link_path(srv.demo_client_id, "cegid_y2")
        headers = {"Booxi-PartnerKey": srv.demo_key}
        conn.request("GET", path, headers=headers)
        assert conn.getresponse().read()
    # The same kept-alive socket gets no answer from a stopped sandbox.
    with pytest.raises((http.client.HTTPException, OSError)):
        ask_again(conn, path, headers)
    conn.close()
    with socket.socket() as s:
        s.settimeout(1)
        with pytest.raises(ConnectionRefusedError):
            s.connect(("127.0.0.1", srv.port))


def ask_again(conn: http.client.HTTPConnection, path: str, headers: dict[str, str]) -> None:
    conn.request("GET", path, headers=headers)
    conn.getresponse()


def test_two_servers_side_by_side() -> None:
    with SandboxServer(port=0) as a, SandboxServer(port=0) as b:
        assert a.port != b.port
        a.put_link_direct(a.demo_client_id, "cegid_y2", "only-in-a", {})
        assert b.get_link(b.demo_client_id, "cegid_y2")["externalId"] != "only-in-a"


def test_request_log(srv: SandboxServer, api: httpx.Client) -> None:
    api.put(link_path(srv.demo_client_id, "a/b"), json={"externalId": "", "metadata": {}})
    method, path, headers = srv.request_log[-1]
    assert method == "PUT"
    assert path == f"/booking/v1/client/{srv.demo_client_id}/moduleLink/a%2Fb"
    assert headers["Booxi-PartnerKey"] == srv.demo_key
    assert "booxi-partnerkey" in headers
    assert headers.get("BOOXI-PARTNERKEY") == srv.demo_key
    # Printed (e.g. in a failing assertion), the headers hide the key.
    assert srv.demo_key not in repr(srv.request_log)


def test_request_log_is_bounded(srv: SandboxServer, api: httpx.Client) -> None:
    for i in range(1010):
        api.get(f"/nowhere/{i}")
    log = srv.request_log
    assert len(log) == 1000
    assert log[-1][1].endswith("/nowhere/1009")
    assert log[0][1].endswith("/nowhere/10")


def test_quiet(capfd: pytest.CaptureFixture[str], srv: SandboxServer, api: httpx.Client) -> None:
    api.get(link_path(srv.demo_client_id, "cegid_y2"))
    api.get("/nowhere")
    srv.faults.drop_connection = 1
    with pytest.raises(httpx.TransportError):
        api.get("/nowhere")
    out, err = capfd.readouterr()
    assert out == ""
    assert err == ""


def test_sample_webhook_event(srv: SandboxServer) -> None:
    event = srv.sample_webhook_event()
    uuid.UUID(event["eventId"], version=4)
    assert event["eventType"] == "booking.created"
    assert event["createdOn"].endswith("Z")
    content = event["eventContent"]
    assert isinstance(content["bookingId"], int)
    assert [c["id"] for c in content["clients"]] == [srv.demo_client_id]
    links = [ClientModuleLink.from_json(ln) for ln in content["clientLinks"]]
    mine = [ln for ln in links if ln.module_id == srv.demo_module_id]
    assert len(mine) == 1
    assert mine[0].to_json() == srv.get_link(srv.demo_client_id, srv.demo_module_id)
    assert srv.sample_webhook_event()["eventId"] != event["eventId"]


def test_sample_group_event(srv: SandboxServer) -> None:
    event = srv.sample_webhook_event(group=True)
    content = event["eventContent"]
    ids = [c["id"] for c in content["clients"]]
    assert len(ids) >= 2
    for cid in ids:
        matching = [
            ln
            for ln in content["clientLinks"]
            if ln["clientId"] == cid and ln["moduleId"] == srv.demo_module_id
        ]
        assert len(matching) == 1


def test_sample_event_for_another_module_follows_changes(srv: SandboxServer) -> None:
    srv.put_link_direct(srv.demo_client_id, "acme_crm", "ACME-NEW", {"segment": "x"})
    event = srv.sample_webhook_event(module_id="acme_crm")
    links = [ln for ln in event["eventContent"]["clientLinks"] if ln["moduleId"] == "acme_crm"]
    assert links[0]["externalId"] == "ACME-NEW"
    group = srv.sample_webhook_event(module_id="acme_crm", group=True)
    assert len(group["eventContent"]["clients"]) >= 2


def test_seed_has_the_documented_shapes() -> None:
    clients = seed.demo_clients()
    links = seed.demo_links()
    linked = {ln.client_id for ln in links}
    assert seed.UNLINKED_CLIENT_ID not in linked
    assert {ln.module_id for ln in links} == {"cegid_y2", "acme_crm"}
    assert all(c.id in {x.id for x in clients} for c in clients)
    assert all(ln.client_id in {c.id for c in clients} for ln in links)
    assert len({(ln.module_id, ln.external_id) for ln in links if ln.external_id}) == len(
        [ln for ln in links if ln.external_id]
    )


def test_answers_fast_on_loopback(srv: SandboxServer, api: httpx.Client) -> None:
    # Loose bound: it catches the ~44 ms Nagle/delayed-ACK stall, not ordinary CI jitter.
    path = link_path(srv.demo_client_id, "cegid_y2")
    api.get(path)
    times = []
    for _ in range(30):
        start = time.perf_counter()
        api.get(path)
        times.append(time.perf_counter() - start)
    assert statistics.median(times) < 0.010

from __future__ import annotations

import json
import threading
import time

import httpx
import pytest

from booxi_desktop.sandbox.faults import Fault, Faults, json_of_size
from booxi_desktop.sandbox.server import SandboxServer
from tests.sandbox.sandbox_helpers import link_path


@pytest.fixture
def path(srv: SandboxServer) -> str:
    return link_path(srv.demo_client_id, "cegid_y2")


def test_fail_500(srv: SandboxServer, api: httpx.Client, path: str) -> None:
    srv.faults.fail_500 = 2
    for _ in range(2):
        r = api.get(path)
        assert r.status_code == 500
        assert r.json()["code"] == 500
    assert srv.faults.fail_500 == 0
    assert api.get(path).status_code == 200


def test_fail_429(srv: SandboxServer, api: httpx.Client, path: str) -> None:
    srv.faults.fail_429 = 1
    r = api.get(path)
    assert r.status_code == 429
    assert r.headers["Retry-After"] == "2"
    assert r.json()["code"] == 429
    assert api.get(path).status_code == 200


def test_faulted_put_changes_nothing(srv: SandboxServer, api: httpx.Client, path: str) -> None:
    before = srv.get_link(srv.demo_client_id, "cegid_y2")
    srv.faults.fail_500 = 1
    r = api.put(path, json={"externalId": "lost", "metadata": {}})
    assert r.status_code == 500
    assert srv.get_link(srv.demo_client_id, "cegid_y2") == before


def test_drop_connection(srv: SandboxServer, api: httpx.Client, path: str) -> None:
    srv.faults.drop_connection = 1
    with pytest.raises(httpx.TransportError):
        api.get(path)
    assert srv.faults.drop_connection == 0
    assert api.get(path).status_code == 200


def test_drop_connection_on_put_with_body(srv: SandboxServer, api: httpx.Client, path: str) -> None:
    srv.faults.drop_connection = 1
    with pytest.raises(httpx.TransportError):
        api.put(path, json={"externalId": "x", "metadata": {"a": "b"}})
    assert srv.get_link(srv.demo_client_id, "cegid_y2")["externalId"] != "x"


def test_malformed_json(srv: SandboxServer, api: httpx.Client, path: str) -> None:
    srv.faults.malformed_json = 1
    r = api.get(path)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/json")
    with pytest.raises(json.JSONDecodeError):
        r.json()
    assert api.get(path).json()["link"]["clientId"] == srv.demo_client_id


def test_non_json(srv: SandboxServer, api: httpx.Client, path: str) -> None:
    srv.faults.non_json = 1
    r = api.get(path)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert r.text.startswith("<!DOCTYPE html>")
    assert api.get(path).status_code == 200


@pytest.mark.parametrize("size", [1, 2, 5, 14, 15, 5 * 1024 * 1024])
def test_huge_body(srv: SandboxServer, api: httpx.Client, path: str, size: int) -> None:
    srv.faults.huge_body_bytes = size
    r = api.get(path)
    assert r.status_code == 200
    assert len(r.content) == size
    assert int(r.headers["content-length"]) == size
    r.json()
    assert srv.faults.huge_body_bytes == 0
    assert "link" in api.get(path).json()


def test_json_of_size_is_exact() -> None:
    for size in range(1, 40):
        body = json_of_size(size)
        assert len(body) == size
        json.loads(body)


def test_latency(srv: SandboxServer, api: httpx.Client, path: str) -> None:
    srv.faults.latency_s = 0.3
    start = time.perf_counter()
    assert api.get(path).status_code == 200
    assert time.perf_counter() - start >= 0.3
    srv.faults.latency_s = 0.2
    with pytest.raises(httpx.ReadTimeout):
        api.get(path, timeout=0.05)
    srv.faults.reset()
    start = time.perf_counter()
    api.get(path)
    assert time.perf_counter() - start < 0.2


def test_faults_apply_in_order_one_per_request(
    srv: SandboxServer, api: httpx.Client, path: str
) -> None:
    srv.faults.fail_500 = 1
    srv.faults.fail_429 = 1
    srv.faults.non_json = 1
    codes = [api.get(path) for _ in range(4)]
    assert [r.status_code for r in codes] == [500, 429, 200, 200]
    assert codes[2].headers["content-type"].startswith("text/html")
    assert "link" in codes[3].json()


def test_reset() -> None:
    faults = Faults(latency_s=1, fail_500=3, fail_429=2, drop_connection=1, huge_body_bytes=9)
    faults.reset()
    assert faults == Faults()
    assert faults.take() == (0.0, None, 0)


def test_take_is_thread_safe() -> None:
    faults = Faults(fail_500=1000)
    taken: list[Fault | None] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(300):
            fault = faults.take()[1]
            with lock:
                taken.append(fault)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert taken.count(Fault.FAIL_500) == 1000
    assert taken.count(None) == 200
    assert faults.fail_500 == 0


def test_faults_hit_every_route(srv: SandboxServer) -> None:
    srv.faults.fail_500 = 1
    # Even an unauthenticated request or an unknown path gets the fault: it is the network.
    assert httpx.get(srv.base_url + "/nowhere").status_code == 500

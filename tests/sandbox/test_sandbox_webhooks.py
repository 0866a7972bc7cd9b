"""The sandbox sends webhook events to registered endpoints over real loopback sockets."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import httpx
import pytest

from booxi_desktop.sandbox import seed
from booxi_desktop.sandbox.server import SandboxServer
from booxi_desktop.sandbox.webhooks import MAX_REGISTRATIONS, WebhookError, Webhooks
from tests.sandbox.sandbox_helpers import link_path
from tests.sandbox.webhook_recorder import Recorder, recorder


@pytest.fixture
def hook() -> Iterator[Recorder]:
    with recorder() as server:
        yield server


@pytest.fixture
def control(srv: SandboxServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=f"http://127.0.0.1:{srv.port}/sandbox", timeout=10) as client:
        yield client


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def module_links(event: dict) -> list[dict]:
    return [
        link for link in event["eventContent"]["clientLinks"] if link["moduleId"] == seed.CEGID_Y2
    ]


def test_register_list_and_unregister_through_the_api(srv: SandboxServer, hook: Recorder) -> None:
    first = srv.register_webhook(hook.url)
    second = srv.register_webhook(hook.url + "/put", method="put")
    assert (first.url, first.method) == (hook.url, "POST")
    assert second.method == "PUT"
    assert first.id != second.id
    assert srv.register_webhook(hook.url) == first  # the same endpoint is registered once
    assert srv.webhooks() == [first, second]
    assert srv.unregister_webhook(first.id)
    assert not srv.unregister_webhook(first.id)
    assert srv.webhooks() == [second]


@pytest.mark.parametrize(
    "url",
    [
        "ftp://127.0.0.1/hook",
        "127.0.0.1:8080/hook",
        "http:///hook",
        "http://user:pw@127.0.0.1/hook",
        "http://127.0.0.1:99999/hook",
        "http://127.0.0.1/ho ok",
        "http://127.0.0.1/hook#x",
        "http://example.com/hook",
        "https://10.0.0.5/hook",
    ],
)
def test_bad_or_remote_targets_are_refused(srv: SandboxServer, url: str) -> None:
    with pytest.raises(WebhookError):
        srv.register_webhook(url)
    assert srv.webhooks() == []


def test_remote_targets_are_allowed_only_when_asked() -> None:
    with SandboxServer(rate_limit=False, allow_remote_webhooks=True) as server:
        assert server.register_webhook("https://example.com/hook").url == "https://example.com/hook"


def test_the_sandbox_itself_and_other_methods_are_refused(srv: SandboxServer) -> None:
    with pytest.raises(WebhookError, match="sandbox itself"):
        srv.register_webhook(f"http://127.0.0.1:{srv.port}/sandbox/bookings")
    with pytest.raises(WebhookError, match="POST or PUT"):
        srv.register_webhook("http://127.0.0.1:9/hook", method="PATCH")


def test_registrations_are_bounded(srv: SandboxServer) -> None:
    for n in range(MAX_REGISTRATIONS):
        srv.register_webhook(f"http://127.0.0.1:9/hook{n}")
    with pytest.raises(WebhookError, match="at most"):
        srv.register_webhook("http://127.0.0.1:9/one-more")


def test_registration_over_http(control: httpx.Client, hook: Recorder) -> None:
    created = control.post("/webhooks", json={"url": hook.url, "method": "PUT"})
    assert created.status_code == 201
    registration = created.json()
    assert registration["method"] == "PUT"
    assert control.get("/webhooks").json() == {"webhooks": [registration]}
    for hostile in ("..%2Fwebhooks", "%2E%2E", f"{registration['id']}%3Fx", "x/.."):
        assert control.delete(f"/webhooks/{hostile}").status_code in (404, 405), hostile
    assert control.get("/webhooks").json() == {"webhooks": [registration]}
    assert control.delete(f"/webhooks/{registration['id']}").status_code == 200
    assert control.delete(f"/webhooks/{registration['id']}").status_code == 404
    assert control.get("/webhooks").json() == {"webhooks": []}


@pytest.mark.parametrize(
    "body",
    [
        {"url": "http://example.com/hook"},
        {"url": 5},
        {"url": "http://127.0.0.1:9/x", "method": "GET"},
        {"url": "http://127.0.0.1:9/x", "secret": "x"},
        [],
    ],
)
def test_bad_registrations_over_http_get_400(control: httpx.Client, body: object) -> None:
    answer = control.post("/webhooks", json=body)
    assert answer.status_code == 400
    assert answer.json()["message"]
    assert control.get("/webhooks").json() == {"webhooks": []}


@pytest.mark.parametrize("method", ["POST", "PUT"])
def test_a_booking_arrives_with_the_registrations_method_and_the_event_json(
    srv: SandboxServer, hook: Recorder, method: str
) -> None:
    srv.register_webhook(hook.url + "?merchant=48213", method=method)
    (result,) = srv.simulate_booking()
    (arrival,) = hook.snapshot()
    assert arrival.method == method
    assert arrival.path == "/hooks/booxi?merchant=48213"
    assert arrival.headers["content-type"] == "application/json"
    assert "sandbox" in arrival.headers["user-agent"].lower()
    event = arrival.json()
    assert event["eventId"] == result.event_id
    assert event["eventContent"]["bookingId"] == result.booking_id
    (link,) = module_links(event)
    assert link == srv.get_link(seed.DEMO_CLIENT_ID, seed.CEGID_Y2)
    assert (result.status, result.error, result.ok) == (200, None, True)
    assert srv.deliveries() == [result]


def test_a_group_booking_sends_every_booked_clients_link(
    srv: SandboxServer, hook: Recorder
) -> None:
    srv.register_webhook(hook.url)
    srv.simulate_booking(group=True)
    event = hook.snapshot()[0].json()
    assert {c["id"] for c in event["eventContent"]["clients"]} == set(seed.GROUP_CLIENT_IDS)
    assert {link["clientId"] for link in module_links(event)} == set(seed.GROUP_CLIENT_IDS)


def test_a_duplicate_arrives_twice_with_the_same_event_id(
    srv: SandboxServer, hook: Recorder
) -> None:
    srv.register_webhook(hook.url)
    results = srv.simulate_booking(duplicate=True)
    first, second = hook.snapshot()
    assert first.body == second.body
    assert first.json()["eventId"] == second.json()["eventId"]
    assert [r.attempt for r in results] == [1, 2]


def test_every_registration_gets_the_event(srv: SandboxServer) -> None:
    with recorder() as a, recorder() as b:
        srv.register_webhook(a.url)
        srv.register_webhook(b.url, method="PUT")
        results = srv.simulate_booking()
        assert [r.method for r in results] == ["POST", "PUT"]
        assert a.snapshot()[0].body == b.snapshot()[0].body


def test_event_ids_are_unique_per_booking(srv: SandboxServer, hook: Recorder) -> None:
    srv.register_webhook(hook.url)
    for options in ({}, {"group": True}, {"problem": "missing_link"}, {}, {"duplicate": True}):
        srv.simulate_booking(**options)
    ids = [a.json()["eventId"] for a in hook.snapshot()]
    assert len(ids) == 6
    assert len(set(ids)) == 5  # the duplicate's two deliveries share one


def test_missing_link_problem_books_a_client_without_the_modules_link(
    srv: SandboxServer, hook: Recorder
) -> None:
    srv.register_webhook(hook.url)
    (result,) = srv.simulate_booking(problem="missing_link")
    event = hook.snapshot()[0].json()
    (client,) = event["eventContent"]["clients"]
    assert srv.get_link(client["id"], seed.CEGID_Y2) is None
    assert module_links(event) == []
    assert result.problem == "missing_link"


def test_malformed_link_problem_sends_metadata_that_is_not_a_string_map(
    srv: SandboxServer, hook: Recorder
) -> None:
    srv.register_webhook(hook.url)
    srv.simulate_booking(problem="malformed_link")
    (link,) = module_links(hook.snapshot()[0].json())
    assert not all(isinstance(v, str) for v in link["metadata"].values())
    # The store itself is not changed by the defect.
    stored = srv.get_link(link["clientId"], seed.CEGID_Y2)
    assert all(isinstance(v, str) for v in stored["metadata"].values())


def test_an_unknown_problem_is_refused_before_anything_is_sent(
    srv: SandboxServer, hook: Recorder
) -> None:
    srv.register_webhook(hook.url)
    with pytest.raises(ValueError, match="problem"):
        srv.simulate_booking(problem="bad_signature")
    assert hook.snapshot() == []


def test_an_unreachable_target_is_recorded_and_the_api_still_serves(
    srv: SandboxServer, api: httpx.Client, hook: Recorder
) -> None:
    srv.register_webhook(f"http://127.0.0.1:{free_port()}/gone")
    srv.register_webhook(hook.url)
    refused, delivered = srv.simulate_booking()
    assert refused.status is None
    assert not refused.ok
    assert "refused" in (refused.error or "")
    assert delivered.ok  # one dead endpoint does not stop the others
    assert api.get(link_path(seed.DEMO_CLIENT_ID, seed.CEGID_Y2)).status_code == 200


def test_an_error_status_is_recorded_as_not_delivered(srv: SandboxServer) -> None:
    with recorder(status=500) as failing:
        srv.register_webhook(failing.url)
        (result,) = srv.simulate_booking()
    assert (result.status, result.ok, result.error) == (500, False, None)
    assert result.answer == "ok"


def test_a_slow_target_does_not_hold_up_the_sandbox(
    srv: SandboxServer, api: httpx.Client, hook: Recorder
) -> None:
    srv.register_webhook(hook.url)
    hook.release.clear()
    pending = srv.start_simulation()
    while not hook.snapshot():  # the delivery is under way and its target answers nothing yet
        pass
    assert api.get(link_path(seed.DEMO_CLIENT_ID, seed.CEGID_Y2)).status_code == 200
    assert not pending.done()
    hook.release.set()
    assert pending.result(timeout=10)[0].ok


def test_a_silent_target_times_out() -> None:
    with SandboxServer(rate_limit=False, delivery_timeout=0.2) as server, recorder() as silent:
        silent.release.clear()
        server.register_webhook(silent.url)
        (result,) = server.simulate_booking()
        silent.release.set()
    assert result.status is None
    assert "no answer within" in (result.error or "")


def test_no_partner_key_in_any_delivery(srv: SandboxServer, hook: Recorder) -> None:
    srv.register_webhook(hook.url)
    srv.register_webhook(hook.url, method="PUT")
    srv.simulate_booking(duplicate=True)
    srv.simulate_booking(group=True, problem="malformed_link")
    arrivals = hook.snapshot()
    assert len(arrivals) == 6
    keys = {seed.DEMO_KEY, seed.ACME_ONLY_KEY}
    for arrival in arrivals:
        assert "booxi-partnerkey" not in arrival.headers
        text = " ".join(arrival.headers.values()) + arrival.body.decode()
        assert not any(key in text for key in keys)


def test_simulate_over_http_and_the_delivery_log(
    srv: SandboxServer, control: httpx.Client, hook: Recorder
) -> None:
    assert control.post("/bookings").status_code == 409  # nothing registered yet
    control.post("/webhooks", json={"url": hook.url})
    answer = control.post("/bookings", json={"duplicate": True, "problem": "missing_link"})
    assert answer.status_code == 200
    sent = answer.json()
    assert [d["attempt"] for d in sent["deliveries"]] == [1, 2]
    assert {a.json()["eventId"] for a in hook.snapshot()} == {sent["eventId"]}
    log = control.get("/deliveries").json()["deliveries"]
    assert log == sent["deliveries"]
    assert all(d["ok"] and d["problem"] == "missing_link" for d in log)


@pytest.mark.parametrize(
    "body", [{"problem": "bad_signature"}, {"group": "yes"}, {"when": "now"}, "[1]"]
)
def test_bad_simulations_over_http_get_400(
    control: httpx.Client, hook: Recorder, body: object
) -> None:
    control.post("/webhooks", json={"url": hook.url})
    if isinstance(body, str):
        answer = control.post("/bookings", content=body)
    else:
        answer = control.post("/bookings", json=body)
    assert answer.status_code == 400
    assert hook.snapshot() == []


def test_sandbox_paths_ignore_injected_faults(srv: SandboxServer, control: httpx.Client) -> None:
    srv.faults.fail_500 = 1
    assert control.get("/webhooks").status_code == 200
    assert srv.faults.fail_500 == 1  # still there for the Booxi API
    assert control.get("/nothing").status_code == 404
    assert control.put("/deliveries").status_code == 405


def test_the_delivery_log_is_bounded(srv: SandboxServer, hook: Recorder) -> None:
    srv._sender.webhooks = Webhooks(log_size=3)
    srv.register_webhook(hook.url)
    for _ in range(3):
        srv.simulate_booking(duplicate=True)
    log = srv.deliveries()
    assert len(log) == 3
    assert log[-1].attempt == 2

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from booxi_desktop.sandbox import seed
from booxi_desktop.sandbox.ratelimit import RateLimiter
from booxi_desktop.sandbox.server import SandboxServer
from tests.sandbox.sandbox_helpers import link_path


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_second_window() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock=clock)
    assert [limiter.acquire("k") for _ in range(5)] == [None] * 5
    assert limiter.acquire("k") == 1
    assert limiter.acquire("other") is None  # per key
    clock.now += 1.0
    assert limiter.acquire("k") is None


def test_minute_window() -> None:
    # At exactly 5/s a sliding minute never holds more than 300, so the minute window only
    # binds when the second window is looser; shorten the minute's limit to see it.
    clock = FakeClock()
    limiter = RateLimiter(((10, 1.0), (30, 60.0)), clock=clock)
    for _ in range(3):
        assert [limiter.acquire("k") for _ in range(10)] == [None] * 10
        clock.now += 1.0
    assert limiter.acquire("k") == 57
    clock.now += 56.5
    assert limiter.acquire("k") == 1
    clock.now += 0.5
    assert [limiter.acquire("k") for _ in range(11)] == [None] * 10 + [1]


def test_default_windows_allow_300_per_minute() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock=clock)
    allowed = 0
    for _ in range(480):
        if limiter.acquire("k") is None:
            allowed += 1
        clock.now += 0.125  # exact in binary, so no window edge is missed by rounding
    assert allowed == 300


def test_retry_after_covers_the_minute_window() -> None:
    clock = FakeClock()
    limiter = RateLimiter(((100, 1.0), (10, 60.0)), clock=clock)
    for _ in range(10):
        assert limiter.acquire("k") is None
    assert limiter.acquire("k") == 60
    clock.now += 59.5
    assert limiter.acquire("k") == 1
    clock.now += 0.5
    assert limiter.acquire("k") is None


def test_penalty_counts_double() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock=clock)
    for _ in range(2):
        assert limiter.acquire("k") is None
        limiter.penalize("k")
    assert limiter.acquire("k") is None  # 5th hit
    assert limiter.acquire("k") == 1


def test_refused_requests_do_not_count() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock=clock)
    for _ in range(5):
        limiter.acquire("k")
    for _ in range(20):
        assert limiter.acquire("k") is not None
    clock.now += 1.0
    assert limiter.acquire("k") is None


def test_invalid_windows() -> None:
    with pytest.raises(ValueError, match="window"):
        RateLimiter(((0, 1.0),))
    with pytest.raises(ValueError, match="window"):
        RateLimiter(())


@pytest.fixture
def limited() -> Iterator[SandboxServer]:
    with SandboxServer(port=0, rate_limit=True) as server:
        yield server


def test_http_five_per_second(limited: SandboxServer) -> None:
    path = limited.base_url + link_path(limited.demo_client_id, "cegid_y2")
    with httpx.Client(headers={"Booxi-PartnerKey": limited.demo_key}) as c:
        codes = [c.get(path).status_code for _ in range(6)]
        assert codes == [200] * 5 + [429]
        r = c.get(path)
        assert r.status_code == 429
        assert r.json()["code"] == 429
        assert int(r.headers["Retry-After"]) >= 1
        # Another key has its own budget.
        other = httpx.get(
            limited.base_url + link_path(limited.demo_client_id, "acme_crm"),
            headers={"Booxi-PartnerKey": seed.ACME_ONLY_KEY},
        )
        assert other.status_code == 200


def test_http_minute_window_with_short_windows() -> None:
    with (
        SandboxServer(port=0, rate_windows=((1000, 1.0), (10, 60.0))) as srv,
        httpx.Client(headers={"Booxi-PartnerKey": srv.demo_key}) as c,
    ):
        path = srv.base_url + link_path(srv.demo_client_id, "cegid_y2")
        assert [c.get(path).status_code for _ in range(10)] == [200] * 10
        r = c.get(path)
        assert r.status_code == 429
        assert r.headers["Retry-After"] == "60"


def test_http_400_counts_double() -> None:
    with (
        SandboxServer(port=0, rate_windows=((1000, 1.0), (10, 60.0))) as srv,
        httpx.Client(headers={"Booxi-PartnerKey": srv.demo_key}) as c,
    ):
        bad = srv.base_url + link_path("not-a-number", "cegid_y2")
        assert [c.get(bad).status_code for _ in range(5)] == [400] * 5
        assert c.get(srv.base_url + link_path(srv.demo_client_id, "cegid_y2")).status_code == 429


def test_unauthenticated_requests_are_not_limited(limited: SandboxServer) -> None:
    path = limited.base_url + link_path(limited.demo_client_id, "cegid_y2")
    assert {httpx.get(path).status_code for _ in range(8)} == {401}


def test_rate_limit_off(srv: SandboxServer, api: httpx.Client) -> None:
    path = link_path(srv.demo_client_id, "cegid_y2")
    assert {api.get(path).status_code for _ in range(20)} == {200}

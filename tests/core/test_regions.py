from __future__ import annotations

import pytest

from booxi_desktop.core.regions import (
    EUROPE,
    NORTH_AMERICA,
    UnsafeBaseUrlError,
    host_allowed,
    is_loopback_host,
    region_for,
    sandbox_region,
)


def test_regions_point_at_booxi_hosts() -> None:
    assert region_for("na").base_url == "https://api.booxi.com/booking/v1"
    assert region_for("eu").base_url == "https://api.booxi.eu/booking/v1"
    assert NORTH_AMERICA.host == "api.booxi.com"
    assert EUROPE.host == "api.booxi.eu"


def test_unknown_region_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown region"):
        region_for("apac")


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8080/booking/v1", "http://localhost:1/booking/v1", "http://[::1]:9/x"],
)
def test_loopback_base_urls_are_accepted(url: str) -> None:
    assert sandbox_region(url).base_url == url.rstrip("/")


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example.com/booking/v1",
        "http://10.0.0.5/booking/v1",
        "http://192.168.1.2/booking/v1",
        "http://127.0.0.1.evil.com/booking/v1",
        "http://localhost.evil.com/x",
        "ftp://127.0.0.1/x",
        "http://user:pw@127.0.0.1/x",
        "http://127.0.0.1/x?next=https://evil",
        "127.0.0.1:8080",
    ],
)
def test_non_loopback_base_urls_are_refused(url: str) -> None:
    with pytest.raises(UnsafeBaseUrlError):
        sandbox_region(url)


def test_host_allowed_compares_scheme_host_and_port() -> None:
    local = sandbox_region("http://127.0.0.1:8080/booking/v1")
    assert host_allowed(local, "http://127.0.0.1:8080/booking/v1/client/1")
    assert not host_allowed(local, "http://127.0.0.1:8081/booking/v1/client/1")
    assert not host_allowed(NORTH_AMERICA, "https://api.booxi.eu/booking/v1/client/1")
    assert host_allowed(NORTH_AMERICA, "https://api.booxi.com/booking/v1/client/1")


def test_is_loopback_host() -> None:
    assert is_loopback_host("127.8.9.10")
    assert not is_loopback_host("example.com")


def test_region_label_names_known_regions_and_keeps_unknown_codes() -> None:
    from booxi_desktop.core.regions import REGIONS, region_label

    assert region_label("eu") == REGIONS["eu"].label
    assert region_label("mars") == "mars"


def test_booxis_regions_are_reached_over_tls_and_a_sandbox_is_not() -> None:
    assert NORTH_AMERICA.over_tls
    assert EUROPE.over_tls
    assert not sandbox_region("http://127.0.0.1:8080").over_tls

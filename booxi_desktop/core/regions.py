"""Booxi hosting regions and the rule for which hosts may ever receive the partner key."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

API_PATH = "/booking/v1"


@dataclass(frozen=True)
class Region:
    code: str
    label: str
    base_url: str

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).hostname or ""

    @property
    def over_tls(self) -> bool:
        """Reached over HTTPS (Booxi's regions); a loopback sandbox is plain HTTP."""
        return self.base_url.startswith("https://")


NORTH_AMERICA = Region("na", "North America", "https://api.booxi.com" + API_PATH)
EUROPE = Region("eu", "Europe", "https://api.booxi.eu" + API_PATH)
REGIONS: dict[str, Region] = {r.code: r for r in (NORTH_AMERICA, EUROPE)}


def region_label(code: str) -> str:
    """A region's name for people; the code itself for one this build does not know."""
    return REGIONS[code].label if code in REGIONS else code


SANDBOX_CODE = "sandbox"


class UnsafeBaseUrlError(ValueError):
    """A base URL that is neither a Booxi region nor a loopback address."""


def is_loopback_host(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def region_for(code: str) -> Region:
    try:
        return REGIONS[code]
    except KeyError:
        raise ValueError(f"unknown region {code!r}: choose one of {', '.join(REGIONS)}") from None


def sandbox_region(base_url: str) -> Region:
    """A region for a local Booxi-compatible server; anything but loopback is refused.

    The partner key is a secret: it may only ever travel to Booxi's own hosts or to
    a server on this machine, so a typo or a pasted URL can never leak it.
    """
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("http", "https"):
        raise UnsafeBaseUrlError(f"base URL must start with http:// or https://: {base_url!r}")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise UnsafeBaseUrlError("base URL must not carry credentials, a query or a fragment")
    host = parts.hostname or ""
    if not is_loopback_host(host):
        raise UnsafeBaseUrlError(
            f"custom base URLs are only allowed on this machine (loopback), not {host!r}; "
            "use --region na or --region eu for Booxi's servers"
        )
    return Region(SANDBOX_CODE, "Local sandbox", base_url.strip().rstrip("/"))


def host_allowed(region: Region, url: str) -> bool:
    """Whether a request URL goes to the region's own host (checked before every send)."""
    target = urlsplit(url)
    own = urlsplit(region.base_url)
    return (target.scheme, target.hostname, target.port) == (own.scheme, own.hostname, own.port)

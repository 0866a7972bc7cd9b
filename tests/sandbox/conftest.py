"""Fixtures for the sandbox tests: a started server and an httpx client holding the demo key."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from booxi_desktop.sandbox.server import SandboxServer
from tests.sandbox.sandbox_helpers import ssl_context


@pytest.fixture
def srv() -> Iterator[SandboxServer]:
    with SandboxServer(port=0, rate_limit=False) as server:
        yield server


@pytest.fixture
def api(srv: SandboxServer) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=srv.base_url,
        headers={"Booxi-PartnerKey": srv.demo_key},
        timeout=10,
        verify=ssl_context(),
    ) as client:
        yield client

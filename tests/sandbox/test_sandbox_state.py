from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from booxi_desktop.sandbox import seed
from booxi_desktop.sandbox.server import SandboxServer
from booxi_desktop.sandbox.store import Store
from tests.sandbox.sandbox_helpers import link_path


def put(srv: SandboxServer, client_id: int, module_id: str, body: dict) -> httpx.Response:
    return httpx.put(
        srv.base_url + link_path(client_id, module_id),
        json=body,
        headers={"Booxi-PartnerKey": srv.demo_key},
    )


def test_no_file_until_a_change(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    with SandboxServer(port=0, state_file=state, rate_limit=False):
        pass
    assert not state.exists()


def test_round_trip(tmp_path: Path) -> None:
    state = tmp_path / "sub" / "state.json"
    metadata = {"z": "1", "a": "2", "ключ": "значение"}
    with SandboxServer(port=0, state_file=state, rate_limit=False) as srv:
        r = put(
            srv, seed.UNLINKED_CLIENT_ID, "acme_crm", {"externalId": "A-1", "metadata": metadata}
        )
        assert r.status_code == 200
        saved = r.json()["link"]
    assert state.exists()
    assert [p.name for p in state.parent.iterdir()] == ["state.json"]  # no temp file left
    doc = json.loads(state.read_text(encoding="utf-8"))
    assert doc["format"] == "booxi-sandbox-state"

    with SandboxServer(port=0, state_file=state, rate_limit=False) as again:
        assert again.get_link(seed.UNLINKED_CLIENT_ID, "acme_crm") == saved
        assert list(again.get_link(seed.UNLINKED_CLIENT_ID, "acme_crm")["metadata"]) == list(
            metadata
        )
        r = httpx.get(
            again.base_url + link_path(seed.UNLINKED_CLIENT_ID, "acme_crm"),
            headers={"Booxi-PartnerKey": again.demo_key},
        )
        assert r.json()["link"] == saved


def test_every_change_is_written(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    with SandboxServer(port=0, state_file=state, rate_limit=False) as srv:
        for i in range(3):
            put(srv, srv.demo_client_id, "cegid_y2", {"externalId": f"E{i}", "metadata": {}})
            links = json.loads(state.read_text(encoding="utf-8"))["links"]
            mine = [ln for ln in links if ln["clientId"] == srv.demo_client_id]
            assert any(ln["externalId"] == f"E{i}" for ln in mine)
        srv.put_link_direct(srv.demo_client_id, "cegid_y2", "direct", {})
        assert '"direct"' in state.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        "",
        "[]",
        '{"format": "something-else"}',
        '{"format": "booxi-sandbox-state", "version": 99, "clients": [], "links": []}',
        '{"format": "booxi-sandbox-state", "version": 1, "clients": [{"id": "x"}], "links": []}',
        '{"format": "booxi-sandbox-state", "version": 1, "clients": [], "links": '
        '[{"clientId": 5, "moduleId": "m", "externalId": "", "metadata": {}, '
        '"createdOn": "2023-01-01T00:00:00Z", "modifiedOn": "2023-01-01T00:00:00Z"}]}',
    ],
)
def test_corrupt_state_starts_with_seed_and_warns(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, content: str
) -> None:
    state = tmp_path / "state.json"
    state.write_text(content, encoding="utf-8")
    with (
        caplog.at_level(logging.WARNING, logger="booxi_desktop.sandbox"),
        SandboxServer(port=0, state_file=state, rate_limit=False) as srv,
    ):
        assert srv.get_link(srv.demo_client_id, srv.demo_module_id) is not None
        assert srv.store.load_warning is not None
        r = httpx.get(
            srv.base_url + link_path(srv.demo_client_id, srv.demo_module_id),
            headers={"Booxi-PartnerKey": srv.demo_key},
        )
        assert r.status_code == 200
    assert any("unreadable" in rec.getMessage() for rec in caplog.records)
    # The unreadable file is kept aside rather than overwritten.
    assert (tmp_path / "state.json.corrupt").read_text(encoding="utf-8") == content


def test_invalid_utf8_state(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    state.write_bytes(b"\xff\xfe\x00garbage")
    store = Store(state)
    assert store.load_warning is not None
    assert store.client(seed.DEMO_CLIENT_ID) is not None


def test_store_modified_on_with_fixed_clock(tmp_path: Path) -> None:
    fixed = datetime(2025, 5, 5, 12, 0, 0, 900_000, tzinfo=UTC)
    store = Store(tmp_path / "s.json", clock=lambda: fixed)
    first = store.put_link(seed.UNLINKED_CLIENT_ID, "cegid_y2", "a", {})
    second = store.put_link(seed.UNLINKED_CLIENT_ID, "cegid_y2", "b", {})
    assert first.to_json()["createdOn"] == "2025-05-05T12:00:00Z"
    assert second.to_json()["modifiedOn"] == "2025-05-05T12:00:01Z"
    assert second.created_on == first.created_on


def test_failed_write_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from booxi_desktop.sandbox import store as store_module

    def disk_full(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    with SandboxServer(port=0, state_file=tmp_path / "s.json", rate_limit=False) as srv:
        before = srv.get_link(srv.demo_client_id, "cegid_y2")
        monkeypatch.setattr(store_module, "write_atomic", disk_full)
        with caplog.at_level(logging.ERROR):
            r = put(srv, srv.demo_client_id, "cegid_y2", {"externalId": "lost", "metadata": {}})
        assert r.status_code == 500
        assert r.json()["code"] == 500
        assert srv.get_link(srv.demo_client_id, "cegid_y2") == before
    assert srv.demo_key not in caplog.text


def test_state_file_that_is_a_directory(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError):
        SandboxServer(state_file=tmp_path)

"""An answer is accepted only for the client and module asked for; a lost PUT answer is honest.

Against the real sandbox over loopback: its wrong_client / wrong_module faults answer
with another record's link, and each test checks what the server received and stored
and what is on disk.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from booxi_desktop.core import errors
from booxi_desktop.core.link.model import ClientModuleLink
from booxi_desktop.core.regions import sandbox_region
from booxi_desktop.core.remote.client import BooxiClient
from booxi_desktop.core.save import SaveStage, backup_current, save_link
from booxi_desktop.core.storage.backups import BackupStore
from booxi_desktop.sandbox import seed

DEMO, OTHER = seed.DEMO_CLIENT_ID, 3104188
MODULE = seed.CEGID_Y2


def methods(sandbox: Any) -> list[str]:
    return [method for method, _path, _headers in sandbox.request_log]


def client_for(sandbox: Any, **kw: Any) -> BooxiClient:
    return BooxiClient(sandbox_region(sandbox.base_url), sandbox.demo_key, **kw)


def get(run: Any, sandbox: Any, client_id: int = DEMO, module_id: str = MODULE) -> Any:
    async def go() -> Any:
        async with client_for(sandbox) as client:
            return await client.get_link(client_id, module_id)

    return run(go())


def save(run: Any, sandbox: Any, store: BackupStore, **kw: Any) -> Any:
    async def go() -> Any:
        async with client_for(sandbox, timeout=kw.pop("timeout", 5.0)) as client:
            return await save_link(
                client,
                store,
                client_id=DEMO,
                module_id=MODULE,
                external_id=kw.pop("external_id", "Y2-NEW"),
                metadata={"loyaltyTier": "platinum"},
                loaded=kw.pop("loaded", None),
                **kw,
            )

    return run(go())


@pytest.mark.parametrize(
    ("fault", "named"),
    [("wrong_client", f"client {OTHER}"), ("wrong_module", f"module “{seed.ACME_CRM}”")],
)
def test_a_get_answered_with_another_record_is_refused(run, sandbox, fault, named) -> None:
    setattr(sandbox.faults, fault, 1)
    with pytest.raises(errors.BadResponseError) as caught:
        get(run, sandbox)
    exc = caught.value
    assert isinstance(exc, errors.WrongRecordError)
    assert not exc.may_have_applied
    assert f"Asked for client {DEMO}, module “{MODULE}”" in exc.message
    assert named in exc.message
    assert "nothing was saved, backed up or sent" in exc.message


def test_a_foreign_module_id_is_shown_escaped_short_and_without_the_key(run, sandbox) -> None:
    hostile = "x\u202e" + sandbox.demo_key + "y" * 500
    sandbox.keys[sandbox.demo_key] = frozenset({*seed.DEMO_MODULES, hostile})
    sandbox.put_link_direct(OTHER, hostile, "E", {})
    sandbox.faults.wrong_module = 1
    with pytest.raises(errors.WrongRecordError) as caught:
        get(run, sandbox, OTHER)
    text = str(caught.value)
    assert sandbox.demo_key not in text
    assert "\u202e" not in text
    assert "⟨U+202E⟩" in text
    assert len(text) < 800


def test_a_put_answered_with_another_record_says_it_was_sent(run, sandbox) -> None:
    async def go() -> Any:
        async with client_for(sandbox) as client:
            return await client.put_link(DEMO, MODULE, "SENT", {})

    sandbox.faults.wrong_client = 1
    with pytest.raises(errors.WrongRecordError) as caught:
        run(go())
    assert caught.value.may_have_applied
    assert f"sent to client {DEMO}" in caught.value.message
    assert "Reload this link" in caught.value.advice
    assert sandbox.get_link(DEMO, MODULE)["externalId"] == "SENT"


def test_a_foreign_pre_save_read_sends_no_put_and_backs_up_nothing(
    run, sandbox, tmp_path: Path
) -> None:
    mine, theirs = sandbox.get_link(DEMO, MODULE), sandbox.get_link(OTHER, MODULE)
    store = BackupStore(tmp_path / "backups")
    sandbox.clear_request_log()
    sandbox.faults.wrong_client = 1
    with pytest.raises(errors.WrongRecordError):
        save(run, sandbox, store)
    assert methods(sandbox) == ["GET"]
    assert store.list_all().entries == []
    assert not (tmp_path / "backups").exists() or not any((tmp_path / "backups").rglob("*.json"))
    assert sandbox.get_link(DEMO, MODULE) == mine
    assert sandbox.get_link(OTHER, MODULE) == theirs


def test_a_foreign_record_is_never_backed_up_on_request(run, sandbox, tmp_path: Path) -> None:
    store = BackupStore(tmp_path / "backups")
    sandbox.faults.wrong_module = 1

    async def go() -> Any:
        async with client_for(sandbox) as client:
            return await backup_current(client, store, DEMO, MODULE)

    with pytest.raises(errors.WrongRecordError):
        run(go())
    assert store.list_all().entries == []


def test_the_stages_are_reported_as_they_start(run, sandbox, tmp_path: Path) -> None:
    seen: list[tuple[SaveStage, list[str]]] = []
    save(
        run,
        sandbox,
        BackupStore(tmp_path / "b"),
        on_stage=lambda stage: seen.append((stage, methods(sandbox))),
    )
    assert seen == [
        (SaveStage.READING, []),
        (SaveStage.BACKING_UP, ["GET"]),
        (SaveStage.SENDING, ["GET"]),
    ]


def test_a_put_that_timed_out_says_it_may_have_been_applied(run, sandbox, tmp_path) -> None:
    def slow_put(stage: SaveStage) -> None:
        if stage is SaveStage.SENDING:
            sandbox.faults.latency_s = 1.0

    with pytest.raises(errors.RequestTimeoutError) as caught:
        save(run, sandbox, BackupStore(tmp_path / "b"), timeout=0.3, on_stage=slow_put)
    exc = caught.value
    assert isinstance(exc, errors.PutOutcomeUnknownError)
    assert exc.may_have_applied
    assert "retry" not in str(exc).lower()
    assert "may have applied" in str(exc)


def test_a_get_that_timed_out_still_says_nothing_changed(run, sandbox, tmp_path) -> None:
    sandbox.faults.latency_s = 1.0
    with pytest.raises(errors.RequestTimeoutError) as caught:
        save(run, sandbox, BackupStore(tmp_path / "b"), timeout=0.3)
    assert not isinstance(caught.value, errors.PutOutcomeUnknownError)
    assert not getattr(caught.value, "may_have_applied", False)
    assert methods(sandbox) == ["GET"]


def test_a_loaded_link_of_another_record_is_still_refused_before_any_request(
    run, sandbox, tmp_path
) -> None:
    loaded = ClientModuleLink(OTHER, MODULE, "E")
    with pytest.raises(errors.InvalidInputError):
        save(run, sandbox, BackupStore(tmp_path / "b"), loaded=loaded)
    assert methods(sandbox) == []


def put(run: Any, sandbox: Any) -> Any:
    async def go() -> Any:
        async with client_for(sandbox) as client:
            return await client.put_link(DEMO, MODULE, "SENT", {})

    return run(go())


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        ("drop_connection", errors.PutConnectionLostError),
        ("malformed_json", errors.BadResponseError),
        ("non_json", errors.BadResponseError),
    ],
)
def test_a_put_whose_answer_is_lost_or_unusable_may_have_been_applied(
    run, sandbox, fault, error
) -> None:
    setattr(sandbox.faults, fault, 1)
    with pytest.raises(error) as caught:
        put(run, sandbox)
    assert caught.value.may_have_applied
    assert "retry" not in str(caught.value).lower()
    assert "may have applied" in str(caught.value)


@pytest.mark.parametrize("fault", ["fail_500", "fail_429"])
def test_a_put_refused_by_the_server_was_not_applied(run, sandbox, fault) -> None:
    setattr(sandbox.faults, fault, 1)
    with pytest.raises(errors.BooxiError) as caught:
        put(run, sandbox)
    assert not caught.value.may_have_applied


def test_a_put_that_cannot_connect_was_not_sent(run) -> None:
    async def go() -> Any:
        region = sandbox_region("http://127.0.0.1:9/booking/v1")
        async with BooxiClient(region, "k", connect_timeout=1) as client:
            return await client.put_link(1, "m", "E", {})

    with pytest.raises(errors.NetworkError) as caught:
        run(go())
    assert not caught.value.may_have_applied


def test_a_get_whose_connection_drops_is_an_ordinary_network_error(run, sandbox) -> None:
    sandbox.faults.drop_connection = 1
    with pytest.raises(errors.NetworkError) as caught:
        get(run, sandbox)
    assert not caught.value.may_have_applied
    assert "Could not reach" in caught.value.message

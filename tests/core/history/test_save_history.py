"""Every save through ``core/save.py`` leaves one record, whatever its outcome (real sandbox)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

import pytest

from booxi_desktop.core.errors import BooxiError, ConflictError
from booxi_desktop.core.history.journal import HistoryJournal
from booxi_desktop.core.history.record import HistoryRecord, Outcome, Source
from booxi_desktop.core.link.model import ClientModuleLink, Metadata
from booxi_desktop.core.regions import sandbox_region
from booxi_desktop.core.remote.client import BooxiClient
from booxi_desktop.core.save import SaveStage, save_link
from booxi_desktop.core.storage.backups import BackupStore

T = TypeVar("T")
Run = Callable[[Coroutine[Any, Any, T]], T]
NEW_META: Metadata = {"y2CustomerId": "000481", "loyaltyTier": "platinum"}


class FaultyPut(BooxiClient):
    """A real client whose PUT meets the sandbox fault ``fault`` (the read before it does not)."""

    def __init__(self, sandbox: Any, fault: str) -> None:
        super().__init__(sandbox_region(sandbox.base_url), sandbox.demo_key, timeout=5)
        self.sandbox, self.fault = sandbox, fault

    async def put_link(self, *args: Any, **kwargs: Any) -> Any:
        setattr(self.sandbox.faults, self.fault, 1)
        return await super().put_link(*args, **kwargs)


async def _load(sandbox: Any) -> ClientModuleLink:
    async with BooxiClient(sandbox_region(sandbox.base_url), sandbox.demo_key) as client:
        return (await client.get_link(sandbox.demo_client_id, "cegid_y2")).link


async def _save(
    client: BooxiClient,
    sandbox: Any,
    store: BackupStore,
    loaded: ClientModuleLink | None,
    **kw: Any,
) -> Any:
    async with client:
        return await save_link(
            client,
            store,
            client_id=sandbox.demo_client_id,
            module_id="cegid_y2",
            external_id=kw.pop("external_id", "Y2-000481"),
            metadata=kw.pop("metadata", NEW_META),
            loaded=loaded,
            **kw,
        )


def _client(sandbox: Any) -> BooxiClient:
    return BooxiClient(sandbox_region(sandbox.base_url), sandbox.demo_key, timeout=5)


def _only(store: BackupStore) -> HistoryRecord:
    listing = HistoryJournal.beside(store).read()
    assert listing.warnings == []
    [record] = listing.records
    return record


def test_a_sent_save_records_the_change_and_its_backup(
    sandbox: Any, run: Run[Any], tmp_path: Path
) -> None:
    store = BackupStore(tmp_path / "backups")
    loaded = run(_load(sandbox))
    result = run(_save(_client(sandbox), sandbox, store, loaded))
    record = _only(store)
    assert record.outcome is Outcome.SENT
    assert record.source is Source.WINDOW
    assert (record.region, record.client_id, record.module_id) == (
        "sandbox",
        sandbox.demo_client_id,
        "cegid_y2",
    )
    assert record.backup_path == result.backup_path is not None
    assert record.change is not None
    assert record.change.removed == {"storeCode": "MTL-01"}
    assert record.change.changed == {"loyaltyTier": ("gold", "platinum")}
    assert (tmp_path / "history" / "journal.jsonl").exists()


def test_a_refused_put_records_the_status(sandbox: Any, run: Run[Any], tmp_path: Path) -> None:
    store = BackupStore(tmp_path / "backups")
    with pytest.raises(BooxiError):
        run(_save(FaultyPut(sandbox, "fail_500"), sandbox, store, None, source=Source.CLI_PUT))
    record = _only(store)
    assert record.outcome is Outcome.REFUSED
    assert record.status == 500
    assert record.source is Source.CLI_PUT
    assert record.backup_path is not None
    assert record.backup_path.exists()


def test_a_server_refusal_by_rule_records_status_and_message(
    sandbox: Any, run: Run[Any], tmp_path: Path
) -> None:
    store = BackupStore(tmp_path / "backups")
    with pytest.raises(BooxiError):
        # Another client of the module already holds this externalId.
        run(_save(_client(sandbox), sandbox, store, None, external_id="Y2-000517"))
    record = _only(store)
    assert record.outcome is Outcome.REFUSED
    assert record.status == 400
    assert record.message
    assert record.change is not None
    assert record.change.external_id == ("Y2-000481", "Y2-000517")


def test_a_lost_connection_after_sending_is_an_unknown_outcome(
    sandbox: Any, run: Run[Any], tmp_path: Path
) -> None:
    store = BackupStore(tmp_path / "backups")
    with pytest.raises(BooxiError):
        run(_save(FaultyPut(sandbox, "drop_connection"), sandbox, store, None))
    assert _only(store).outcome is Outcome.UNKNOWN


def test_a_conflict_is_recorded_with_the_backup_of_the_server_copy(
    sandbox: Any, run: Run[Any], tmp_path: Path
) -> None:
    store = BackupStore(tmp_path / "backups")
    loaded = run(_load(sandbox))
    sandbox.put_link_direct(sandbox.demo_client_id, "cegid_y2", "Y2-000481", {"a": "b"})
    with pytest.raises(ConflictError) as caught:
        run(_save(_client(sandbox), sandbox, store, loaded))
    record = _only(store)
    assert record.outcome is Outcome.CONFLICT
    assert record.backup_path == caught.value.backup_path is not None


def test_a_cancelled_save_is_recorded(sandbox: Any, run: Run[Any], tmp_path: Path) -> None:
    store = BackupStore(tmp_path / "backups")

    async def cancel_at_backup() -> None:
        task = asyncio.current_task()
        assert task is not None

        def stage(s: SaveStage) -> None:
            if s is SaveStage.BACKING_UP:
                task.cancel()

        with pytest.raises(asyncio.CancelledError):
            await _save(_client(sandbox), sandbox, store, None, on_stage=stage)

    run(cancel_at_backup())  # asyncio.run waits for the journal's writer thread
    record = _only(store)
    assert record.outcome is Outcome.CANCELLED
    assert "before anything was sent" in record.message


def test_the_journal_never_holds_the_key(sandbox: Any, run: Run[Any], tmp_path: Path) -> None:
    store = BackupStore(tmp_path / "backups")
    loaded = run(_load(sandbox))
    run(_save(_client(sandbox), sandbox, store, loaded))
    with pytest.raises(BooxiError):
        run(_save(FaultyPut(sandbox, "fail_500"), sandbox, store, None, metadata={"x": "1"}))
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.name == "journal.jsonl" for p in files)
    key = sandbox.demo_key.encode()
    assert key
    assert all(key not in p.read_bytes() for p in files)


def test_an_unwritable_journal_does_not_fail_the_save(
    sandbox: Any, run: Run[Any], tmp_path: Path
) -> None:
    store = BackupStore(tmp_path / "backups")
    (tmp_path / "history").write_text("a file where the folder should be")
    loaded = run(_load(sandbox))
    result = run(_save(_client(sandbox), sandbox, store, loaded))
    assert "not in the history" in result.history_error
    assert sandbox.get_link(sandbox.demo_client_id, "cegid_y2")["metadata"] == NEW_META


def test_a_save_stopped_before_the_read_records_what_was_meant(
    sandbox: Any, run: Run[Any], tmp_path: Path
) -> None:
    store = BackupStore(tmp_path / "backups")
    loaded = run(_load(sandbox))
    sandbox.faults.fail_500 = 1  # the read before the PUT fails: nothing is sent
    with pytest.raises(BooxiError):
        run(_save(_client(sandbox), sandbox, store, loaded))
    record = _only(store)
    assert (record.outcome, record.status) == (Outcome.NOT_SENT, 500)
    assert record.backup_path is None
    assert record.change is not None
    assert record.change.changed == {"loyaltyTier": ("gold", "platinum")}

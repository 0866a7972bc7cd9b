"""The safe path to a PUT, against the real sandbox over loopback.

Each test checks what the server actually received (its request log) and what is on
disk, so a save that skipped the backup or sent too early fails here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

import pytest

from booxi_desktop.core.errors import (
    BackupError,
    ConflictError,
    InvalidInputError,
    NothingToSaveError,
)
from booxi_desktop.core.link.model import ClientModuleLink, LinkResponse, Metadata
from booxi_desktop.core.regions import sandbox_region
from booxi_desktop.core.remote.client import BooxiClient
from booxi_desktop.core.save import SaveResult, backup_current, save_link
from booxi_desktop.core.storage.backups import BackupStore
from booxi_desktop.core.storage.drafts import Draft, DraftJournal, DraftKey
from booxi_desktop.sandbox.seed import UNLINKED_CLIENT_ID

T = TypeVar("T")
Run = Callable[[Coroutine[Any, Any, T]], T]
NEW_META: Metadata = {"y2CustomerId": "000481", "loyaltyTier": "platinum"}


def methods(sandbox: Any) -> list[str]:
    return [method for method, _path, _headers in sandbox.request_log]


def client_for(sandbox: Any) -> BooxiClient:
    return BooxiClient(sandbox_region(sandbox.base_url), sandbox.demo_key)


async def load(sandbox: Any, client_id: int | None = None) -> ClientModuleLink:
    async with client_for(sandbox) as client:
        response = await client.get_link(client_id or sandbox.demo_client_id, "cegid_y2")
    return response.link


async def save(
    sandbox: Any,
    backups: BackupStore,
    loaded: ClientModuleLink | None,
    *,
    client_id: int | None = None,
    external_id: str = "Y2-000481",
    metadata: Metadata = NEW_META,
    overwrite: bool = False,
) -> SaveResult:
    async with client_for(sandbox) as client:
        return await save_link(
            client,
            backups,
            client_id=client_id or sandbox.demo_client_id,
            module_id="cegid_y2",
            external_id=external_id,
            metadata=metadata,
            loaded=loaded,
            overwrite=overwrite,
        )


class WatchingStore(BackupStore):
    """Records how many requests the server had seen when each backup was written."""

    def __init__(self, root: Path, sandbox: Any) -> None:
        super().__init__(root)
        self.sandbox = sandbox
        self.seen_at_write: list[list[str]] = []

    def write(
        self, region_code: str, link: ClientModuleLink, *, reason: str = "before-save"
    ) -> Path:
        self.seen_at_write.append(methods(self.sandbox))
        return super().write(region_code, link, reason=reason)


def test_backup_of_the_server_copy_is_written_before_the_put(
    sandbox: Any, run: Run[Any], tmp_path: Path
) -> None:
    before = sandbox.get_link(sandbox.demo_client_id, "cegid_y2")
    loaded = run(load(sandbox))
    sandbox.clear_request_log()
    store = WatchingStore(tmp_path / "backups", sandbox)

    result = run(save(sandbox, store, loaded))

    assert methods(sandbox) == ["GET", "PUT"]
    assert store.seen_at_write == [["GET"]]
    assert result.backup_path is not None
    backup = json.loads(result.backup_path.read_text(encoding="utf-8"))
    assert backup["link"] == before
    assert backup["region"] == "sandbox"
    after = sandbox.get_link(sandbox.demo_client_id, "cegid_y2")
    assert after["metadata"] == NEW_META
    assert result.response.link.metadata == NEW_META
    assert result.diff.removed == {"storeCode": "MTL-01"}
    assert result.diff.changed == {"loyaltyTier": ("gold", "platinum")}
    [entry] = store.list("sandbox", sandbox.demo_client_id, "cegid_y2").entries
    assert entry.path == result.backup_path


def test_unwritable_backup_folder_sends_nothing(
    sandbox: Any, run: Run[Any], tmp_path: Path
) -> None:
    before = sandbox.get_link(sandbox.demo_client_id, "cegid_y2")
    loaded = run(load(sandbox))
    sandbox.clear_request_log()
    blocker = tmp_path / "backups"
    blocker.write_text("a file where the folder should be")

    with pytest.raises(BackupError, match="Nothing was sent"):
        run(save(sandbox, BackupStore(blocker / "deeper"), loaded))

    assert methods(sandbox) == ["GET"]
    assert sandbox.get_link(sandbox.demo_client_id, "cegid_y2") == before


def test_change_on_the_server_since_loading_is_a_conflict(
    sandbox: Any, run: Run[Any], tmp_path: Path
) -> None:
    loaded = run(load(sandbox))
    theirs = sandbox.put_link_direct(
        sandbox.demo_client_id, "cegid_y2", "Y2-000481", {"loyaltyTier": "silver"}
    )
    sandbox.clear_request_log()
    store = BackupStore(tmp_path / "backups")

    with pytest.raises(ConflictError) as caught:
        run(save(sandbox, store, loaded))

    assert methods(sandbox) == ["GET"]
    assert sandbox.get_link(sandbox.demo_client_id, "cegid_y2") == theirs
    err = caught.value
    assert (err.kind, err.exit_code) == ("conflict", 12)
    assert err.loaded == loaded
    assert isinstance(err.server, LinkResponse)
    assert err.server.link.metadata == {"loyaltyTier": "silver"}
    assert "Nothing was sent" in err.message
    # The other person's version is kept too, in case the user overwrites it next.
    assert err.backup_path is not None
    assert json.loads(err.backup_path.read_text())["link"] == theirs


def test_overwrite_sends_despite_the_conflict(sandbox: Any, run: Run[Any], tmp_path: Path) -> None:
    loaded = run(load(sandbox))
    theirs = sandbox.put_link_direct(sandbox.demo_client_id, "cegid_y2", "Y2-X", {"k": "v"})
    sandbox.clear_request_log()
    store = BackupStore(tmp_path / "backups")

    result = run(save(sandbox, store, loaded, overwrite=True))

    assert methods(sandbox) == ["GET", "PUT"]
    assert sandbox.get_link(sandbox.demo_client_id, "cegid_y2")["metadata"] == NEW_META
    assert result.backup_path is not None
    assert json.loads(result.backup_path.read_text())["link"] == theirs


def test_changed_and_changed_back_is_still_a_conflict(
    sandbox: Any, run: Run[Any], tmp_path: Path
) -> None:
    loaded = run(load(sandbox))
    cid = sandbox.demo_client_id
    sandbox.put_link_direct(cid, "cegid_y2", "other", {})
    sandbox.put_link_direct(cid, "cegid_y2", loaded.external_id, dict(loaded.metadata))
    sandbox.clear_request_log()

    with pytest.raises(ConflictError):
        run(save(sandbox, BackupStore(tmp_path / "b"), loaded))
    assert methods(sandbox) == ["GET"]


def test_link_deleted_since_loading_is_a_conflict(
    sandbox: Any, run: Run[Any], tmp_path: Path
) -> None:
    # The edits start from a link the server no longer has (answers 404).
    loaded = ClientModuleLink(client_id=UNLINKED_CLIENT_ID, module_id="cegid_y2", external_id="A")
    store = BackupStore(tmp_path / "backups")

    with pytest.raises(ConflictError, match="deleted") as caught:
        run(save(sandbox, store, loaded, client_id=UNLINKED_CLIENT_ID))

    assert caught.value.server is None
    assert methods(sandbox) == ["GET"]
    assert sandbox.get_link(UNLINKED_CLIENT_ID, "cegid_y2") is None
    assert not store.root.exists()


def test_new_link_needs_no_backup(sandbox: Any, run: Run[Any], tmp_path: Path) -> None:
    store = BackupStore(tmp_path / "backups")

    result = run(save(sandbox, store, None, client_id=UNLINKED_CLIENT_ID, external_id="Y2-NEW"))

    assert methods(sandbox) == ["GET", "PUT"]
    assert result.backup_path is None
    assert not store.root.exists()
    assert sandbox.get_link(UNLINKED_CLIENT_ID, "cegid_y2")["externalId"] == "Y2-NEW"
    assert result.diff.external_id_change == ("", "Y2-NEW")


def test_nothing_changed_sends_nothing(sandbox: Any, run: Run[Any], tmp_path: Path) -> None:
    loaded = run(load(sandbox))
    sandbox.clear_request_log()
    store = BackupStore(tmp_path / "backups")

    with pytest.raises(NothingToSaveError) as caught:
        run(save(sandbox, store, loaded, external_id=loaded.external_id, metadata=loaded.metadata))

    assert (caught.value.kind, caught.value.exit_code) == ("nothing_to_save", 13)
    assert methods(sandbox) == ["GET"]
    assert not store.root.exists()


def test_reordering_keys_is_sent(sandbox: Any, run: Run[Any], tmp_path: Path) -> None:
    loaded = run(load(sandbox))
    reordered = dict(reversed(list(loaded.metadata.items())))
    sandbox.clear_request_log()

    result = run(
        save(
            sandbox,
            BackupStore(tmp_path / "b"),
            loaded,
            external_id=loaded.external_id,
            metadata=reordered,
        )
    )

    assert methods(sandbox) == ["GET", "PUT"]
    assert result.diff.order_changed
    assert list(sandbox.get_link(sandbox.demo_client_id, "cegid_y2")["metadata"]) == list(reordered)


def test_loaded_link_of_another_client_is_refused(
    sandbox: Any, run: Run[Any], tmp_path: Path
) -> None:
    other = ClientModuleLink(client_id=3104188, module_id="cegid_y2")
    with pytest.raises(InvalidInputError):
        run(save(sandbox, BackupStore(tmp_path / "b"), other))
    assert methods(sandbox) == []


def test_backup_current(sandbox: Any, run: Run[Any], tmp_path: Path) -> None:
    store = BackupStore(tmp_path / "backups")

    async def both() -> tuple[Path | None, Path | None]:
        async with client_for(sandbox) as client:
            kept = await backup_current(client, store, sandbox.demo_client_id, "cegid_y2")
            none = await backup_current(client, store, UNLINKED_CLIENT_ID, "cegid_y2")
            return kept, none

    kept, none = run(both())
    assert none is None
    assert kept is not None
    entry = store.read(kept)
    assert entry.reason == "manual"
    assert entry.link.to_json() == sandbox.get_link(sandbox.demo_client_id, "cegid_y2")
    assert methods(sandbox) == ["GET", "GET"]


def test_no_file_ever_holds_the_key_or_client_details(
    sandbox: Any, run: Run[Any], tmp_path: Path
) -> None:
    store = BackupStore()  # the default folder, under this test's own XDG_DATA_HOME
    journal = DraftJournal()
    loaded = run(load(sandbox))
    journal.save(
        Draft(DraftKey("sandbox", loaded.client_id, "cegid_y2"), "Y2", [("a", "b")], loaded)
    )
    run(save(sandbox, store, loaded))
    other = ClientModuleLink(client_id=3104188, module_id="cegid_y2")
    run(save(sandbox, store, None, client_id=other.client_id, external_id="Y2-b", metadata={}))

    files = [p for p in store.root.parent.rglob("*") if p.is_file()]
    # Two backups, the draft and its lock file (empty), the history journal.
    assert len(files) == 5
    for path in files:
        text = path.read_bytes()
        assert sandbox.demo_key.encode() not in text
        # The GET answer carries the client's name and email; only the link is kept.
        assert b"tremblay" not in text.lower()
        assert b"@example" not in text

"""The save controller's states, with a small host in place of the window.

The host is a plain object holding what a window would show (notices, status text, the
editor's content); the session, the sandbox server and the backup store are real, so a
PUT that the state says was sent is one the server received.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from booxi_desktop.core.link.model import LinkResponse, Metadata, MetaValue
from booxi_desktop.core.link.validation import ValidationIssue, validate
from booxi_desktop.core.regions import sandbox_region
from booxi_desktop.core.remote.keychain import PartnerKeyStore
from booxi_desktop.core.save import SaveStage
from booxi_desktop.core.storage.backups import BackupStore
from booxi_desktop.ui.host import EditorPort, Workbench
from booxi_desktop.ui.notices import Action, Notice
from booxi_desktop.ui.save.controller import (
    CHECK_LABEL,
    SAVE_LABEL,
    Phase,
    SaveController,
    SaveState,
)
from booxi_desktop.ui.save.request import SaveRequest
from booxi_desktop.ui.session import Session
from tests.ui.window_helpers import MemoryKeyring, puts, server_rows


@dataclass
class Rows:
    rows_: list[tuple[str, MetaValue]] = field(default_factory=list)

    def rows(self) -> list[tuple[str, MetaValue]]:
        return list(self.rows_)


class FakeEditor:
    """Holds a loaded link and the edits on it, as the link editor does."""

    def __init__(self) -> None:
        self.loaded: LinkResponse | None = None
        self.model = Rows()
        self._external_id = ""
        self.saved_with: list[tuple[str, Metadata]] = []

    def content(self) -> tuple[str, Metadata]:
        return self._external_id, dict(self.model.rows_)

    def external_id(self) -> str:
        return self._external_id

    def issues(self) -> list[ValidationIssue]:
        return validate(self._external_id, self.model.rows_)

    def is_modified(self) -> bool:
        loaded = self.loaded
        return loaded is not None and self.content() != (
            loaded.link.external_id,
            dict(loaded.link.metadata),
        )

    def commit_pending_edit(self) -> None:
        pass

    def show_link(self, response: LinkResponse) -> None:
        self.loaded = response
        self._external_id = response.link.external_id
        self.model.rows_ = list(response.link.metadata.items())

    def apply_edits(self, external_id: str, rows: list[tuple[str, MetaValue]], text: str) -> None:
        self._external_id, self.model.rows_ = external_id, list(rows)

    def apply_saved(self, response: LinkResponse, sent: tuple[str, Metadata]) -> None:
        self.saved_with.append(sent)
        self.loaded = response

    def focus_external_id(self) -> None:
        pass


class FakeHost:
    def __init__(self, session: Session, region: str, backups: BackupStore) -> None:
        self.session = session
        self.editor: EditorPort = FakeEditor()
        self.region_code = region
        self.link_shown = True
        self._backups = backups
        self._parent = QWidget()
        self.notices: list[Notice] = []
        self.status: list[str] = []

    def dialog_parent(self) -> QWidget:
        return self._parent

    def backup_store(self) -> BackupStore:
        return self._backups

    def show_notice(self, notice: Notice) -> None:
        self.notices.append(notice)

    def clear_notice(self) -> None:
        pass

    def show_status(self, text: str) -> None:
        self.status.append(text)

    def when_idle(self, action: Callable[[], None], refused: Notice | Callable[[], None]) -> None:
        raise AssertionError("the save controller checks the session itself")

    def unless_unsaved(self, doing: str, proceed: Callable[[], None]) -> None:
        proceed()

    def open_link(
        self, client_id: int, module_id: str, then: Callable[[], None] | None = None
    ) -> None:
        raise AssertionError("not used by the save controller")

    def switch_region(self, code: str) -> None:
        self.region_code = code


class HeldReview:
    """The review step, answered later by the test: proceed() or abandon()."""

    def __init__(self) -> None:
        self.proceed: Callable[[], None] | None = None
        self.abandon: Callable[[], None] | None = None

    def __call__(
        self,
        _parent: QWidget,
        _request: SaveRequest,
        _target: str,
        proceed: Callable[[], None],
        abandon: Callable[[], None],
    ) -> None:
        self.proceed, self.abandon = proceed, abandon


@pytest.fixture
def setup(qtbot, qloop, sandbox, tmp_path: Path):
    region = sandbox_region(sandbox.base_url)
    session = Session(
        [region],
        lambda: PartnerKeyStore(backend=MemoryKeyring()),
        session_keys={region.code: sandbox.demo_key},
    )
    host = FakeHost(session, region.code, BackupStore(tmp_path / "backups"))
    _: Workbench = host  # the fake is a Workbench as far as the type checker goes
    review = HeldReview()
    saves = SaveController(host, session.busyChanged, review)

    def load() -> None:
        task = qloop.create_task(
            session.client(region.code).get_link(sandbox.demo_client_id, sandbox.demo_module_id)
        )
        qtbot.waitUntil(task.done)
        host.editor.show_link(task.result())

    yield host, review, saves, load
    task = qloop.create_task(session.aclose())
    qtbot.waitUntil(task.done, timeout=5000)


def _edit(host: FakeHost, value: str) -> None:
    external_id, _ = host.editor.content()
    rows = host.editor.model.rows()
    rows[0] = (rows[0][0], value)
    host.editor.apply_edits(external_id, rows, "edit")


def test_save_goes_review_send_saved_then_runs_what_was_waiting_once_idle(
    qtbot, setup, sandbox
) -> None:
    host, review, saves, load = setup
    load()
    _edit(host, "NEW")
    ran: list[bool] = []
    saves.save(then=lambda: ran.append(host.session.busy))
    assert saves.state.phase is Phase.REVIEWING
    assert saves.state.then is not None
    assert puts(sandbox) == 0  # nothing is sent before the review says so
    assert review.proceed is not None
    review.proceed()
    assert saves.state.phase is Phase.SENDING
    qtbot.waitUntil(lambda: ran == [False])  # ran once the session was idle again
    key, value = server_rows(sandbox)[0]
    assert value == "NEW"
    assert saves.state == SaveState()
    assert [sent[1][key] for sent in host.editor.saved_with] == ["NEW"]
    assert list((host.backup_store().root).rglob("*.json"))


def test_abandoning_the_review_drops_what_was_waiting(qtbot, setup, sandbox) -> None:
    host, review, saves, load = setup
    load()
    _edit(host, "NEW")
    ran: list[bool] = []
    saves.save(then=lambda: ran.append(True))
    assert review.abandon is not None
    review.abandon()
    assert saves.state == SaveState()
    assert host.status[-1] == "Not saved: nothing was sent."
    assert puts(sandbox) == 0
    assert ran == []


def test_a_failed_save_drops_what_was_waiting_and_says_why(qtbot, setup, sandbox) -> None:
    host, review, saves, load = setup
    load()
    _edit(host, "NEW")
    ran: list[bool] = []
    saves.save(then=lambda: ran.append(True))
    sandbox.faults.fail_500 = 2  # the read before the PUT fails
    assert review.proceed is not None
    review.proceed()
    qtbot.waitUntil(lambda: not host.session.busy and bool(host.notices))
    assert saves.state.phase is Phase.IDLE
    assert saves.state.then is None
    assert puts(sandbox) == 0
    assert ran == []


def test_nothing_to_save_is_refused_without_a_review(qtbot, setup) -> None:
    host, review, saves, load = setup
    load()
    saves.save(then=lambda: None)
    assert review.proceed is None
    assert saves.state == SaveState()
    assert host.notices[-1].text.startswith("Not saved: there are no changes to save")


def test_no_link_shown_blocks_saving(setup) -> None:
    host, _review, saves, load = setup
    assert saves.blocker() == "load a link first"
    load()
    _edit(host, "NEW")
    assert saves.blocker() == ""
    host.link_shown = False
    assert saves.blocker() == "load a link first"


def _request(host: FakeHost) -> SaveRequest:
    loaded = host.editor.loaded
    assert loaded is not None
    return SaveRequest(host.region_code, loaded.link, *host.editor.content())


def test_cancel_during_the_put_marks_the_save_unsure_and_offers_to_compare(setup) -> None:
    host, _review, saves, load = setup
    load()
    request = _request(host)
    ran: list[bool] = []
    saves.state = SaveState(
        Phase.SENDING, lambda: ran.append(True), running=request, stage=SaveStage.SENDING
    )
    notice = saves.cancelled(SAVE_LABEL)
    assert notice is not None
    assert notice.action is Action.RELOAD_COMPARE
    assert saves.state == SaveState(unsure=request)
    notice = saves.cancelled(CHECK_LABEL)
    assert notice is not None
    assert notice.action is Action.RELOAD_COMPARE
    assert saves.cancelled("Loading") is None
    assert ran == []


def test_cancel_before_the_put_leaves_nothing_unsure(setup) -> None:
    host, _review, saves, load = setup
    load()
    saves.state = SaveState(Phase.SENDING, running=_request(host), stage=SaveStage.BACKING_UP)
    notice = saves.cancelled(SAVE_LABEL)
    assert notice is not None
    assert notice.action is Action.NONE
    assert saves.state == SaveState()
    notice = saves.cancelled(CHECK_LABEL)
    assert notice is not None
    assert notice.action is Action.NONE


def test_showing_another_link_forgets_the_re_create_choice(setup) -> None:
    _host, _review, saves, _load = setup
    saves.state = SaveState(recreate=True)
    saves.forget_link()
    assert saves.state == SaveState()

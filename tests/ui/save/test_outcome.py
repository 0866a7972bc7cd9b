"""The window refuses another record's link, and is honest about a PUT with no usable answer."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt

from booxi_desktop.core.storage.backups import BackupStore
from booxi_desktop.core.storage.drafts import Draft, DraftJournal, DraftKey
from booxi_desktop.ui.save.conflict_dialog import ConflictDialog
from tests.ui.window_helpers import edit_value, idle, load, puts, server_rows

OTHER = 3104188


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


class FaultsAfterBackup(BackupStore):
    """A real store that, once the backup is on disk, sets sandbox faults for the PUT."""

    def __init__(self, root, sandbox, **faults: float) -> None:
        super().__init__(root)
        self.sandbox = sandbox
        self.faults = faults

    def write(self, *args, **kw):
        path = super().write(*args, **kw)
        for name, value in self.faults.items():
            setattr(self.sandbox.faults, name, value)
        return path


class BlockingBackups(BackupStore):
    """A real store whose write waits for the test, to hold a save in its backup step."""

    def __init__(self, root) -> None:
        super().__init__(root)
        self.started = threading.Event()
        self.release = threading.Event()
        self.finished = threading.Event()

    def write(self, *args, **kw):
        self.started.set()
        self.release.wait(10)
        try:
            return super().write(*args, **kw)
        finally:
            self.finished.set()


def failed(qtbot, window) -> str:
    qtbot.waitUntil(lambda: window.banner.isVisible() and not window.session.busy)
    return window.banner.text


def test_a_load_answered_with_another_clients_link_shows_no_link(qtbot, make_window, sandbox):
    window = make_window()
    sandbox.faults.wrong_client = 1
    click(qtbot, window.load_bar.load_button)
    text = failed(qtbot, window)
    assert f"Asked for client {sandbox.demo_client_id}" in text
    assert f"client {OTHER}" in text
    assert window.editor.loaded is None
    assert window.pages.currentWidget() is window.placeholder
    assert not window.editor.save_button.isEnabled()
    assert not window.window_actions.save.isEnabled()
    assert str(OTHER) not in window.windowTitle()


def test_a_load_answered_with_another_module_shows_no_link(qtbot, make_window, sandbox):
    window = make_window()
    sandbox.faults.wrong_module = 1
    click(qtbot, window.load_bar.load_button)
    assert "acme_crm" in failed(qtbot, window)
    assert window.editor.loaded is None


def test_a_save_whose_read_names_another_record_sends_no_put_and_backs_up_nothing(
    qtbot, make_window, sandbox, tmp_path
):
    store = BackupStore(tmp_path / "backups")
    window = make_window(backups=store)
    load(qtbot, window)
    edit_value(window, 0, "mine")
    mine, theirs = server_rows(sandbox), server_rows(sandbox, OTHER)
    sandbox.clear_request_log()
    sandbox.faults.wrong_client = 1
    window.saves.save()
    text = failed(qtbot, window)
    # No backup of the foreign record, and no PUT anywhere.
    assert store.list_all().entries == []
    assert puts(sandbox) == 0
    assert [m for m, _, _ in sandbox.request_log] == ["GET"]
    assert "nothing was saved, backed up or sent" in text
    assert server_rows(sandbox) == mine
    assert server_rows(sandbox, OTHER) == theirs
    assert window.isWindowModified()
    assert window.editor.model.rows()[0][1] == "mine"
    assert window.editor.loaded.link.client_id == sandbox.demo_client_id


def test_a_put_answered_with_another_record_keeps_the_edits_unsaved_until_compared(
    qtbot, make_window, sandbox, tmp_path
):
    store = FaultsAfterBackup(tmp_path / "backups", sandbox, wrong_client=1)
    window = make_window(backups=store)
    load(qtbot, window)
    edit_value(window, 0, "sent")
    window.saves.save()
    text = failed(qtbot, window)
    assert puts(sandbox) == 1
    assert "may have applied" in text
    assert f"client {OTHER}" in text
    # The foreign answer is not the new baseline, and the edits are not marked saved.
    assert window.editor.loaded.link.client_id == sandbox.demo_client_id
    assert window.editor.model.baseline()[0][1] != "sent"
    assert window.isWindowModified()
    action = window.banner.action_button
    assert action.text() == "Reload and compare…"

    click(qtbot, action)
    qtbot.waitUntil(lambda: not window.isWindowModified() and not window.session.busy)
    assert window.editor.model.baseline()[0][1] == "sent"
    assert window.editor.loaded.link.client_id == sandbox.demo_client_id
    assert puts(sandbox) == 1
    assert "saved" in window.statusBar().currentMessage()


def test_a_put_that_timed_out_says_it_may_have_been_applied_and_not_retry(
    qtbot, make_window, sandbox, tmp_path
):
    store = FaultsAfterBackup(tmp_path / "backups", sandbox, latency_s=1.0)
    window = make_window(backups=store, timeout=0.4)
    load(qtbot, window)
    edit_value(window, 0, "sent")
    window.saves.save()
    text = failed(qtbot, window)
    sandbox.faults.latency_s = 0
    assert puts(sandbox) == 1
    assert "may have applied" in text
    assert "retry" not in text.lower()
    assert window.banner.action_button.text() == "Reload and compare…"
    assert window.isWindowModified()

    # The server applies it once its delay is over; the check then finds it there.
    qtbot.waitUntil(lambda: server_rows(sandbox)[0][1] == "sent", timeout=5000)
    click(qtbot, window.banner.action_button)
    qtbot.waitUntil(lambda: not window.isWindowModified() and not window.session.busy)
    assert window.editor.model.baseline() == server_rows(sandbox)
    assert puts(sandbox) == 1


def test_reload_and_compare_opens_the_conflict_dialog_when_the_server_differs(
    qtbot, make_window, sandbox, tmp_path
):
    store = FaultsAfterBackup(tmp_path / "backups", sandbox, latency_s=1.0)
    window = make_window(backups=store, timeout=0.4)
    load(qtbot, window)
    edit_value(window, 0, "sent")
    window.saves.save()
    failed(qtbot, window)
    sandbox.faults.latency_s = 0
    qtbot.waitUntil(lambda: server_rows(sandbox)[0][1] == "sent", timeout=5000)
    # Someone else saves on top before the user checks, and the user edits on meanwhile.
    sandbox.put_link_direct(sandbox.demo_client_id, sandbox.demo_module_id, "THEIRS", {"a": "b"})
    edit_value(window, 1, "typed after")
    click(qtbot, window.banner.action_button)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(ConflictDialog)))
    dialog = next(d for d in window.findChildren(ConflictDialog) if d.isVisible())
    assert "does not hold what was sent" in window.banner.text
    assert window.isWindowModified()
    assert window.editor.model.rows()[0][1] == "sent"
    assert puts(sandbox) == 1
    # Re-applying starts from the server's copy with every edit, the later one included.
    click(qtbot, dialog.reapply_button)
    qtbot.waitUntil(lambda: window.editor.external_id() == "THEIRS")
    values = list(window.editor.model.metadata().values())
    assert "sent" in values
    assert "typed after" in values
    assert window.editor.model.metadata()["a"] == "b"
    assert window.isWindowModified()
    assert puts(sandbox) == 1


def test_a_draft_restore_answered_with_another_record_applies_nothing_and_keeps_the_draft(
    qtbot, make_window, sandbox, tmp_path
):
    journal = DraftJournal(tmp_path / "drafts")
    key = DraftKey("sandbox", sandbox.demo_client_id, sandbox.demo_module_id)
    journal.save(Draft(key, "FROM-DRAFT", [("k", "v")], None))
    window = make_window(drafts=journal)
    sandbox.faults.wrong_client = 1
    window.drafts.restore(journal.get(key))
    assert f"client {OTHER}" in failed(qtbot, window)
    assert window.editor.loaded is None
    assert journal.get(key) is not None
    assert puts(sandbox) == 0


def test_cancel_while_backing_up_says_nothing_was_sent(qtbot, make_window, sandbox, tmp_path):
    store = BlockingBackups(tmp_path / "backups")
    window = make_window(backups=store)
    try:
        load(qtbot, window)
        edit_value(window, 0, "kept")
        before = server_rows(sandbox)
        window.saves.save()
        qtbot.waitUntil(store.started.is_set)
        click(qtbot, window.findChild(object, "cancelButton"))
        text = failed(qtbot, window)
        assert "before anything was sent" in text
        assert "may" not in text
    finally:
        store.release.set()
    qtbot.waitUntil(store.finished.is_set)
    idle(qtbot, window)
    assert puts(sandbox) == 0
    assert server_rows(sandbox) == before
    assert window.isWindowModified()


def test_cancel_once_the_put_started_says_it_may_have_been_received(
    qtbot, make_window, sandbox, tmp_path
):
    store = FaultsAfterBackup(tmp_path / "backups", sandbox, latency_s=2.0)
    window = make_window(backups=store)
    load(qtbot, window)
    edit_value(window, 0, "sent")
    window.saves.save()
    qtbot.waitUntil(lambda: puts(sandbox) == 1)
    click(qtbot, window.findChild(object, "cancelButton"))
    text = failed(qtbot, window)
    sandbox.faults.latency_s = 0
    assert "may have received" in text
    assert window.banner.action_button.text() == "Reload and compare…"
    assert window.isWindowModified()


def test_a_put_whose_connection_drops_offers_reload_and_compare(
    qtbot, make_window, sandbox, tmp_path
):
    store = FaultsAfterBackup(tmp_path / "backups", sandbox, drop_connection=1)
    window = make_window(backups=store)
    load(qtbot, window)
    edit_value(window, 0, "sent")
    before = server_rows(sandbox)
    window.saves.save()
    text = failed(qtbot, window)
    assert "may have applied" in text
    assert window.banner.action_button.text() == "Reload and compare…"
    # The sandbox dropped it before storing: the check finds the old copy and asks.
    assert server_rows(sandbox) == before
    click(qtbot, window.banner.action_button)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(ConflictDialog)))
    assert window.isWindowModified()


def test_a_cancelled_check_can_be_started_again(qtbot, make_window, sandbox, tmp_path):
    store = FaultsAfterBackup(tmp_path / "backups", sandbox, latency_s=1.0)
    window = make_window(backups=store, timeout=0.4)
    load(qtbot, window)
    edit_value(window, 0, "sent")
    window.saves.save()
    failed(qtbot, window)
    sandbox.faults.latency_s = 3.0
    click(qtbot, window.banner.action_button)
    qtbot.waitUntil(lambda: window.session.busy)
    click(qtbot, window.findChild(object, "cancelButton"))
    text = failed(qtbot, window)
    assert "Checking cancelled" in text
    sandbox.faults.latency_s = 0
    qtbot.waitUntil(lambda: server_rows(sandbox)[0][1] == "sent", timeout=5000)
    assert window.banner.action_button.text() == "Reload and compare…"
    click(qtbot, window.banner.action_button)
    qtbot.waitUntil(lambda: not window.isWindowModified() and not window.session.busy)

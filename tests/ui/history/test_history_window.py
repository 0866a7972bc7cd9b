"""Saves from the window land in the journal, the History window lists them, and a
record's backup opens in the Backups window (live sandbox, real files)."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from booxi_desktop.core.history.journal import HistoryJournal
from booxi_desktop.core.history.record import Outcome
from booxi_desktop.core.storage.backups import BackupStore
from booxi_desktop.ui.history.model import HistoryFilter
from booxi_desktop.ui.history.window import HistoryWindow
from tests.ui.window_helpers import Reviews, edit_value, idle, load, server_rows


class FaultsAfterBackup(BackupStore):
    """A real store that, once the backup is on disk, sets a sandbox fault for the PUT."""

    def __init__(self, root, sandbox, fault: str) -> None:
        super().__init__(root)
        self.sandbox, self.fault = sandbox, fault

    def write(self, *args, **kw):
        path = super().write(*args, **kw)
        setattr(self.sandbox.faults, self.fault, 1)
        return path


def open_history(qtbot, window) -> HistoryWindow:
    action = window.history_action
    assert action.objectName() == "historyAction"
    assert action.shortcut().toString() == "Ctrl+Shift+H"
    assert action.toolTip()
    assert action in window.window_actions.file_menu.actions()
    action.trigger()
    history = window.history.window
    assert history is not None
    qtbot.waitUntil(lambda: not history.loading)
    return history


def journal(tmp_path) -> HistoryJournal:
    return HistoryJournal.beside(BackupStore(tmp_path / "backups"))


def save_edit(qtbot, window, value: str) -> None:
    load(qtbot, window)
    edit_value(window, 0, value)
    window.saves.save()
    idle(qtbot, window)


def test_a_window_save_is_recorded_and_its_backup_opens(qtbot, make_window, sandbox, tmp_path):
    window = make_window()
    before = server_rows(sandbox)
    save_edit(qtbot, window, "EDITED")
    qtbot.waitUntil(lambda: len(journal(tmp_path).read().records) == 1)
    [record] = journal(tmp_path).read().records
    assert record.outcome is Outcome.SENT
    assert record.change is not None
    assert record.change.changed == {before[0][0]: (before[0][1], "EDITED")}
    assert record.backup_path is not None
    assert record.backup_path.parent.parent.parent.parent == tmp_path / "backups"

    history = open_history(qtbot, window)
    assert history.model.rowCount() == 1
    assert history.count_label.text() == "1 save(s)"
    history.table.selectRow(0)
    assert "EDITED" in history.details.toPlainText()
    assert history.open_backup_button.isEnabled()
    qtbot.mouseClick(history.open_backup_button, Qt.MouseButton.LeftButton)
    backups = window.backups.dialog
    assert backups is not None
    entry = backups.selected_entry()
    assert entry is not None
    assert entry.path == record.backup_path
    assert list(entry.link.metadata.items()) == before
    # The editor holds this very link, so comparing with it is offered.
    assert backups.compare_button.isEnabled()


def test_a_refused_save_records_its_status(qtbot, make_window, sandbox, tmp_path):
    store = FaultsAfterBackup(tmp_path / "backups", sandbox, "fail_500")
    window = make_window(backups=store)
    history = open_history(qtbot, window)
    assert history.count_label.text() == "No saves recorded yet."
    save_edit(qtbot, window, "REFUSED")
    # The window refreshes the History window once the request ends.
    qtbot.waitUntil(lambda: history.model.rowCount() == 1)
    record = history.model.record(0)
    assert record is not None
    assert (record.outcome, record.status) == (Outcome.REFUSED, 500)
    assert record.backup_path is not None
    assert record.backup_path.exists()


def test_a_cancelled_review_is_recorded(qtbot, make_window, sandbox, tmp_path):
    window = make_window(review=Reviews(accept=False))
    history = open_history(qtbot, window)
    save_edit(qtbot, window, "NEVER SENT")
    # No request ran: the History window is told once the record is written.
    qtbot.waitUntil(lambda: history.model.rowCount() == 1)
    [record] = journal(tmp_path).read().records
    assert record.outcome is Outcome.CANCELLED
    assert record.backup_path is None
    assert record.change is not None
    assert "NEVER SENT" in json.dumps(record.to_json())


def test_damaged_and_newer_records_are_counted_in_the_window(qtbot, make_window, tmp_path):
    window = make_window()
    save_edit(qtbot, window, "ONE")
    path = journal(tmp_path).path
    qtbot.waitUntil(path.exists)
    good = path.read_bytes()
    newer = json.loads(good) | {"version": 3}
    path.write_bytes(good + json.dumps(newer).encode() + b"\n" + good[:25])
    history = open_history(qtbot, window)
    assert history.model.rowCount() == 1
    assert history.warning_label.isVisibleTo(history)
    text = history.warning_label.text()
    assert "1 record could not be read" in text
    assert "written by a newer version" in text


def test_filter_fields_filter_the_list(qtbot, make_window, sandbox, tmp_path):
    window = make_window()
    save_edit(qtbot, window, "FIRST")
    edit_value(window, 0, "SECOND")
    window.saves.save()
    idle(qtbot, window)
    history = open_history(qtbot, window)
    qtbot.waitUntil(lambda: history.model.total == 2)
    history.set_filter(HistoryFilter(text="second"))
    assert history.model.rowCount() == 1
    assert history.count_label.text() == "Showing 1 of 2 save(s)"
    history.set_filter(HistoryFilter(client="1"))
    assert history.model.rowCount() == 0
    history.set_filter(HistoryFilter(client=str(sandbox.demo_client_id), region="sandbox"))
    assert history.model.rowCount() == 2
    qtbot.keyClicks(history.module_edit, "other")
    qtbot.waitUntil(lambda: history.model.rowCount() == 0)

"""The backups window over a real backup folder: list, compare, restore, export, prune."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QMessageBox, QPushButton

from booxi_desktop.core.link.model import ClientModuleLink
from booxi_desktop.core.storage.backups import BackupStore
from booxi_desktop.core.text import local_time_text
from booxi_desktop.ui.backups.list_model import BackupListModel, EntryRole
from booxi_desktop.ui.backups.window import BackupsWindow

T0 = datetime(2024, 5, 2, 14, 0, tzinfo=UTC)
REGION, CLIENT, MODULE = "na", 4412873, "cegid_y2"


class Clock:
    """Hands out the times a test sets, so "newest" is decided by the test, not by speed."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def link(n: int) -> ClientModuleLink:
    metadata = {"tier": "gold", "points": str(n)}
    metadata.update({f"extra{i}": "x" for i in range(n)})
    return ClientModuleLink(CLIENT, MODULE, f"C-{n}", metadata, modified_on=T0)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> BackupStore:
    backups = BackupStore(tmp_path / "backups", clock=clock)
    # Written out of time order: the list must sort by the backup's time, not by writing.
    for n, days_ago in ((1, 5), (3, 1), (2, 3)):
        clock.now = T0 - timedelta(days=days_ago)
        backups.write(REGION, link(n), reason="manual" if n == 2 else "before-save")
    return backups


def make(qtbot, store, editor=None, **kwargs) -> BackupsWindow:
    window = BackupsWindow(store, REGION, CLIENT, MODULE, editor, **kwargs)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def column(window: BackupsWindow, col: int) -> list[str]:
    model = window.model
    return [model.index(r, col).data() for r in range(model.rowCount())]


def click(qtbot, button: QPushButton) -> None:
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def files(store: BackupStore) -> list[Path]:
    return sorted(store.folder_for(REGION, CLIENT, MODULE).glob("*.json"))


def test_lists_newest_first_in_local_time_with_reason_and_key_count(qtbot, store) -> None:
    window = make(qtbot, store)
    expected_times = [T0 - timedelta(days=d) for d in (1, 3, 5)]
    assert column(window, 0) == [local_time_text(t) for t in expected_times]
    assert column(window, 1) == ["Before a save", "Manual backup", "Before a save"]
    assert column(window, 2) == ["5", "4", "3"]
    # The newest is selected and shown.
    assert window.selected_entry().link.external_id == "C-3"
    assert window.details.fields["external_id"].text() == "C-3"
    assert window.details.table.rowCount() == 5
    assert window.details.table.item(1, 1).text() == "3"
    assert not window.warning_label.isVisible()


def test_list_model_passes_qts_model_checks(qtbot, store, qtlog) -> None:
    model = BackupListModel()
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
    model.set_entries(store.list(REGION, CLIENT, MODULE).entries)
    assert model.rowCount() == 3
    assert model.index(0, 0).data(EntryRole).link.external_id == "C-3"
    assert model.entry(3) is None
    model.set_entries([])
    assert model.rowCount() == 0
    del tester
    assert [r.message for r in qtlog.records if "FAIL!" in r.message] == []


def test_selecting_another_backup_shows_it(qtbot, store) -> None:
    window = make(qtbot, store)
    window.select_row(2)
    assert window.selected_entry().link.external_id == "C-1"
    assert window.details.fields["external_id"].text() == "C-1"
    assert window.details.table.rowCount() == 3


def test_compare_shows_the_diff_from_the_backup_to_the_editor(qtbot, store) -> None:
    asked = []

    def editor():
        asked.append(True)
        return "C-9", {"tier": "silver", "points": "3", "new": "n"}

    window = make(qtbot, store, editor)
    click(qtbot, window.compare_button)
    assert window.tabs.currentWidget() is window.diff_view
    assert asked
    text = window.diff_view.toPlainText()
    assert "Only in the backup, not in the editor (3):" in text
    assert "extra0" in text
    assert "Different values, backup → editor (1):" in text
    assert '"gold"' in text
    assert '"silver"' in text
    assert "Only in the editor, not in the backup (1):" in text
    assert '"C-3"' in text
    assert '"C-9"' in text
    # Selecting another backup while comparing compares that one.
    window.select_row(2)
    assert "Only in the backup, not in the editor (1):" in window.diff_view.toPlainText()


def test_compare_is_off_without_an_editor(qtbot, store) -> None:
    window = make(qtbot, store, None)
    assert not window.compare_button.isEnabled()
    window.tabs.setCurrentWidget(window.diff_view)
    assert "No link is open in the editor" in window.diff_view.toPlainText()
    assert window.restore_button.isEnabled()


def test_restore_emits_the_selected_entry(qtbot, store) -> None:
    window = make(qtbot, store)
    window.select_row(1)
    with qtbot.waitSignal(window.restoreRequested) as signal:
        click(qtbot, window.restore_button)
    entry = signal.args[0]
    assert entry.path == window.selected_entry().path
    assert entry.link == link(2)
    assert window.status_label.isVisible()


def test_export_writes_the_link_as_the_api_shows_it(qtbot, store, tmp_path) -> None:
    dest = tmp_path / "out" / "exported.json"
    suggested = []

    def chooser(_parent, name):
        suggested.append(name)
        return dest

    window = make(qtbot, store, path_chooser=chooser)
    click(qtbot, window.export_button)
    assert json.loads(dest.read_text(encoding="utf-8")) == link(3).to_json()
    assert suggested[0].startswith(f"link-{CLIENT}-{MODULE}-")
    assert suggested[0].endswith(".json")
    assert str(dest) in window.status_label.text()


def test_export_cancelled_writes_nothing_and_a_failure_is_shown(qtbot, store, tmp_path) -> None:
    window = make(qtbot, store, path_chooser=lambda _p, _n: None)
    click(qtbot, window.export_button)
    assert list(tmp_path.glob("*.json")) == []

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    window.path_chooser = lambda _p, _n: blocker / "x.json"
    click(qtbot, window.export_button)
    assert "Could not export" in window.status_label.text()
    assert "b00020" in window.status_label.styleSheet()


def prune_box(qtbot, window: BackupsWindow) -> QMessageBox:
    def shown() -> list[QMessageBox]:
        return [b for b in window.findChildren(QMessageBox, "confirmPrune") if b.isVisible()]

    qtbot.waitUntil(lambda: len(shown()) == 1)
    return shown()[0]


def test_prune_asks_first_and_deletes_only_when_confirmed(qtbot, store, clock) -> None:
    for days_ago in (10, 9):
        clock.now = T0 - timedelta(days=days_ago)
        store.write(REGION, link(0))
    window = make(qtbot, store)
    before = files(store)
    assert len(before) == 5
    window.keep_spin.setValue(2)

    click(qtbot, window.prune_button)
    box = prune_box(qtbot, window)
    assert "Delete the 3 oldest backups" in box.text()
    keep_all = next(b for b in box.findChildren(QPushButton) if b.text() == "Keep all")
    assert box.defaultButton() == keep_all
    qtbot.mouseClick(keep_all, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not box.isVisible())
    assert files(store) == before
    assert window.model.rowCount() == 5

    click(qtbot, window.prune_button)
    box = prune_box(qtbot, window)
    confirm = box.findChild(QPushButton, "confirmPruneButton")
    assert confirm.text() == "Delete 3 backups"
    qtbot.mouseClick(confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.model.rowCount() == 2)
    assert [e.link.external_id for e in window.model.entries()] == ["C-3", "C-2"]
    assert len(files(store)) == 2
    assert "Deleted 3 old backup(s)." in window.status_label.text()


def test_prune_deletes_nothing_if_a_backup_arrived_while_asking(qtbot, store, clock) -> None:
    window = make(qtbot, store)
    window.keep_spin.setValue(1)
    click(qtbot, window.prune_button)
    box = prune_box(qtbot, window)
    clock.now = T0
    store.write(REGION, link(4))
    qtbot.mouseClick(box.findChild(QPushButton, "confirmPruneButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.model.rowCount() == 4)
    assert len(files(store)) == 4
    assert "nothing was deleted" in window.status_label.text()


def test_prune_with_nothing_to_delete_does_not_ask(qtbot, store) -> None:
    window = make(qtbot, store)
    window.keep_spin.setValue(3)
    click(qtbot, window.prune_button)
    assert window.findChildren(QMessageBox) == []
    assert "Nothing to delete" in window.status_label.text()
    assert len(files(store)) == 3


def test_a_corrupted_file_is_reported_and_the_others_listed(qtbot, store) -> None:
    folder = store.folder_for(REGION, CLIENT, MODULE)
    broken = folder / "20240101T000000.000000Z.json"
    broken.write_text("{ not json", encoding="utf-8")
    window = make(qtbot, store)
    assert window.model.rowCount() == 3
    assert window.warning_label.isVisible()
    assert broken.name in window.warning_label.text()
    assert "could not be read" in window.warning_label.text()
    # Pruning never touches what it cannot read.
    window.keep_spin.setValue(1)
    click(qtbot, window.prune_button)
    qtbot.mouseClick(
        prune_box(qtbot, window).findChild(QPushButton, "confirmPruneButton"),
        Qt.MouseButton.LeftButton,
    )
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    assert broken.exists()


def test_refresh_lists_new_backups_and_keeps_the_selection(qtbot, store, clock) -> None:
    window = make(qtbot, store)
    window.select_row(1)
    clock.now = T0
    store.write(REGION, link(7))
    window.refresh()
    assert window.model.rowCount() == 4
    assert window.selected_entry().link.external_id == "C-2"


def test_an_empty_folder_says_so_and_disables_actions(qtbot, tmp_path) -> None:
    window = make(qtbot, BackupStore(tmp_path / "none"), lambda: ("", {}))
    assert window.model.rowCount() == 0
    assert window.selected_entry() is None
    assert "no backups yet" in window.details.empty_label.text()
    for button in (
        window.compare_button,
        window.restore_button,
        window.export_button,
        window.prune_button,
    ):
        assert not button.isEnabled()

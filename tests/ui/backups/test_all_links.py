"""The Backups window's every-link list and "Back up now" (real folder, live sandbox)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from booxi_desktop.core.link.model import ClientModuleLink
from booxi_desktop.core.storage.backups import BackupStore
from booxi_desktop.ui.backups.list_model import LINK_HEADERS, BackupListModel
from booxi_desktop.ui.backups.window import BackupsWindow
from tests.ui.window_helpers import idle, load, server_rows


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def two_links(tmp_path) -> BackupStore:
    store = BackupStore(tmp_path / "backups")
    store.write("na", ClientModuleLink(11, "cegid_y2", "A", {"k": "1"}))
    store.write("eu", ClientModuleLink(22, "acme_crm", "B", {"k": "2"}))
    return store


def test_all_links_lists_every_backup_with_its_link(qtbot, tmp_path) -> None:
    window = BackupsWindow(two_links(tmp_path), "na", 11, "cegid_y2", lambda: ("A", {"k": "9"}))
    qtbot.addWidget(window)
    window.show()
    assert window.model.rowCount() == 1
    assert window.model.columnCount() == 3
    window.all_links_check.setChecked(True)
    assert window.model.rowCount() == 2
    model = window.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[-3:] == list(LINK_HEADERS)
    shown = {tuple(model.index(r, c).data() for c in (3, 4, 5)) for r in range(2)}
    assert shown == {("na", "11", "cegid_y2"), ("eu", "22", "acme_crm")}
    assert not window.prune_button.isEnabled()
    # Another link's backup cannot be compared with this link's editor.
    other = next(r for r in range(2) if model.entry(r).client_id == 22)
    window.select_row(other)
    assert not window.compare_button.isEnabled()
    window.tabs.setCurrentWidget(window.diff_view)
    assert "another link" in window.diff_view.toPlainText()
    own = 1 - other
    window.select_row(own)
    assert window.compare_button.isEnabled()
    window.all_links_check.setChecked(False)
    assert window.model.rowCount() == 1
    assert window.prune_button.isEnabled()


def test_list_model_link_columns_toggle(qapp, tmp_path) -> None:
    model = BackupListModel()
    model.set_entries(two_links(tmp_path).list_all().entries)
    assert model.columnCount() == 3
    model.set_show_link(True)
    assert model.columnCount() == 6
    assert model.index(0, 5).data() in {"cegid_y2", "acme_crm"}


def test_back_up_now_keeps_the_servers_current_copy(qtbot, make_window, sandbox, tmp_path):
    window = make_window()
    load(qtbot, window)
    window.window_actions.backups.trigger()
    dialog = window.backups.dialog
    assert dialog is not None
    assert dialog.model.rowCount() == 0
    assert dialog.backup_now_button.objectName() == "backupNowButton"
    click(qtbot, dialog.backup_now_button)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    idle(qtbot, window)
    entry = dialog.selected_entry()
    assert entry is not None
    assert entry.reason == "manual"
    assert list(entry.link.metadata.items()) == server_rows(sandbox)
    assert "Backed up the server's current copy" in dialog.status_label.text()

"""The conflict dialog: three versions side by side, and a choice made only once, on purpose."""

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton

from booxi_desktop.core.link.merge import reapply
from booxi_desktop.core.link.model import ClientModuleLink
from booxi_desktop.ui.save.conflict_dialog import (
    ConflictDialog,
)
from booxi_desktop.ui.widgets import theme

LOADED = ClientModuleLink(
    12,
    "cegid_y2",
    "C-1",
    {"tier": "gold", "store": "MTL-12", "points": "40", "same": "s"},
    modified_on=datetime(2024, 5, 2, 14, 0, tzinfo=UTC),
)
MINE_EID = "C-2"
MINE = {"tier": "platinum", "store": "MTL-12", "points": "55", "same": "s", "crm": "A-1"}
SERVER = ClientModuleLink(
    12,
    "cegid_y2",
    "C-1",
    {"tier": "silver", "store": "QC-3", "points": "40", "same": "s", "visits": "17"},
    modified_on=datetime(2024, 5, 2, 16, 0, tzinfo=UTC),
)


def make(qtbot, server=SERVER) -> tuple[ConflictDialog, list[str]]:
    dialog = ConflictDialog(LOADED, MINE_EID, MINE, server)
    qtbot.addWidget(dialog)
    choices: list[str] = []
    dialog.choiceMade.connect(choices.append)
    dialog.open()
    qtbot.waitExposed(dialog)
    return dialog, choices


def table_rows(dialog: ConflictDialog) -> dict[str, list[str]]:
    table = dialog.table
    return {
        table.item(r, 0).text(): [table.item(r, c).text() for c in (1, 2, 3)]
        for r in range(table.rowCount())
    }


def background(dialog: ConflictDialog, label: str, column: int):
    table = dialog.table
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == label)
    return table.item(row, column).background().color()


def test_three_columns_hold_loaded_mine_and_server_values(qtbot) -> None:
    dialog, _ = make(qtbot)
    headers = [dialog.table.horizontalHeaderItem(c).text() for c in range(4)]
    assert headers == ["Key", "When you loaded", "Yours (editor)", "Server now"]
    rows = table_rows(dialog)
    assert rows["externalId"] == ["C-1", "C-2", "C-1"]
    assert rows["tier"] == ["gold", "platinum", "silver"]
    assert rows["store"] == ["MTL-12", "MTL-12", "QC-3"]
    assert rows["points"] == ["40", "55", "40"]
    assert rows["crm"] == ["(no such key)", "A-1", "(no such key)"]
    assert rows["visits"] == ["(no such key)", "(no such key)", "17"]
    # Loaded order first, then keys only the editor has, then keys only the server has.
    assert list(rows) == [
        "externalId",
        "tier",
        "store",
        "points",
        "same",
        "crm",
        "visits",
        "last modified",
    ]
    assert rows["last modified"][1] == "—"
    assert rows["last modified"][0] != rows["last modified"][2]


def test_cells_that_differ_are_highlighted_by_whose_change_it_is(qtbot) -> None:
    dialog, _ = make(qtbot)
    assert background(dialog, "points", 2) == theme.qcolor(theme.YOURS)
    assert background(dialog, "store", 3) == theme.qcolor(theme.SERVER)
    assert background(dialog, "tier", 2) == theme.qcolor(theme.CLASH)
    assert background(dialog, "tier", 3) == theme.qcolor(theme.CLASH)
    assert background(dialog, "store", 2) != theme.qcolor(theme.YOURS)
    assert background(dialog, "points", 3) != theme.qcolor(theme.SERVER)


def test_only_what_differs_is_shown_until_asked(qtbot) -> None:
    dialog, _ = make(qtbot)
    labels = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    hidden = {label for r, label in enumerate(labels) if dialog.table.isRowHidden(r)}
    assert hidden == {"same"}
    dialog.only_differences.setChecked(False)
    assert not any(dialog.table.isRowHidden(r) for r in range(len(labels)))


def test_link_deleted_on_the_server(qtbot) -> None:
    dialog, _ = make(qtbot, server=None)
    rows = table_rows(dialog)
    assert all(values[2] == "deleted on the server" for values in rows.values())
    heading = dialog.findChild(QLabel, "conflictHeading")
    assert "The link was deleted on the server" in heading.text()
    assert "an empty link" in dialog.reapply_button.description()


def test_reapply_emits_reapply_once_and_closes(qtbot) -> None:
    dialog, choices = make(qtbot)
    with qtbot.waitSignal(dialog.choiceMade) as signal:
        qtbot.mouseClick(dialog.reapply_button, Qt.MouseButton.LeftButton)
    assert signal.args == ["reapply"]
    assert choices == ["reapply"]
    assert not dialog.isVisible()
    assert dialog.result() == ConflictDialog.DialogCode.Accepted
    assert dialog.reapplied == reapply(LOADED, MINE_EID, MINE, SERVER)
    assert dialog.reapplied.clashes == ["tier"]


def confirmation(qtbot, dialog: ConflictDialog) -> QMessageBox:
    qtbot.mouseClick(dialog.overwrite_button, Qt.MouseButton.LeftButton)

    def shown() -> list[QMessageBox]:
        return [b for b in dialog.findChildren(QMessageBox, "confirmOverwrite") if b.isVisible()]

    qtbot.waitUntil(lambda: len(shown()) == 1)
    return shown()[0]


def test_overwrite_needs_the_second_confirmation(qtbot) -> None:
    dialog, choices = make(qtbot)
    box = confirmation(qtbot, dialog)
    assert choices == []
    assert dialog.isVisible()
    # What will be lost is named before anyone agrees to lose it.
    assert "tier" in box.informativeText()
    assert "store" in box.informativeText()
    assert "visits" in box.informativeText()

    keep = next(b for b in box.findChildren(QPushButton) if b.text() == "Don't overwrite")
    assert box.defaultButton() == keep
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not box.isVisible())
    assert choices == []
    assert dialog.isVisible()

    box = confirmation(qtbot, dialog)
    with qtbot.waitSignal(dialog.choiceMade) as signal:
        qtbot.mouseClick(
            box.findChild(QPushButton, "confirmOverwriteButton"), Qt.MouseButton.LeftButton
        )
    assert signal.args == ["overwrite"]
    assert choices == ["overwrite"]
    assert dialog.result() == ConflictDialog.DialogCode.Accepted
    assert not dialog.isVisible()


@pytest.mark.parametrize("how", ["button", "escape"])
def test_cancel_and_escape_emit_cancel_once(qtbot, how) -> None:
    dialog, choices = make(qtbot)
    with qtbot.waitSignal(dialog.rejected):
        if how == "button":
            qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        else:
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert choices == ["cancel"]
    dialog.reject()
    assert choices == ["cancel"]

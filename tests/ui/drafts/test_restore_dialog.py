"""The start-up offer to restore unsaved edits: one row per link, each answered on its own."""

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from booxi_desktop.core.link.model import ClientModuleLink
from booxi_desktop.core.storage.drafts import Draft, DraftKey, DraftListing
from booxi_desktop.core.text import local_time_text
from booxi_desktop.ui.drafts.restore_dialog import (
    ACTIONS_COLUMN,
    CHANGES_COLUMN,
    LINK_COLUMN,
    SAVED_COLUMN,
    DraftRestoreDialog,
)

T0 = datetime(2024, 5, 2, 14, 3, 22, tzinfo=UTC)
BASE = ClientModuleLink(4412873, "cegid_y2", "C-1", {"tier": "gold", "points": "40", "old": "x"})
EDITED = Draft(
    DraftKey("na", 4412873, "cegid_y2"),
    "C-2",
    [("tier", "platinum"), ("points", "40"), ("crm", "A-1")],
    BASE,
    T0,
)
NEW_LINK = Draft(
    DraftKey("eu", 99120, "lightspeed_r"), "LS-5", [("store", "PAR")], None, T0 - timedelta(hours=5)
)
WARNING = "Skipped /data/drafts/na/1/x.json: not a readable draft (invalid JSON)."


def make(qtbot, drafts=(EDITED, NEW_LINK), warnings=()) -> DraftRestoreDialog:
    dialog = DraftRestoreDialog(DraftListing(list(drafts), list(warnings)))
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    return dialog


def cell(dialog: DraftRestoreDialog, row: int, column: int) -> str:
    return dialog.table.item(row, column).text()


def test_one_row_per_link_with_what_changed(qtbot) -> None:
    dialog = make(qtbot)
    assert dialog.table.rowCount() == 2
    assert cell(dialog, 0, LINK_COLUMN) == "Client 4412873 · cegid_y2 · North America"
    assert cell(dialog, 1, LINK_COLUMN) == "Client 99120 · lightspeed_r · Europe"
    assert cell(dialog, 0, SAVED_COLUMN) == local_time_text(T0)
    assert cell(dialog, 0, CHANGES_COLUMN) == (
        "1 changed, 1 added, 1 deleted, external ID changed · 3 key(s)"
    )
    assert cell(dialog, 1, CHANGES_COLUMN) == "New link · 1 key(s)"
    assert "deleted on the server: old" in dialog.table.item(0, CHANGES_COLUMN).toolTip()
    assert dialog.table.cellWidget(0, ACTIONS_COLUMN) is not None
    assert not dialog.warning_label.isVisible()


def test_restore_emits_that_rows_draft_and_closes(qtbot) -> None:
    dialog = make(qtbot)
    restore, _ = dialog.row_buttons(1)
    with (
        qtbot.waitSignal(dialog.restoreRequested) as signal,
        qtbot.assertNotEmitted(dialog.discardRequested),
    ):
        qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
    assert signal.args == [NEW_LINK]
    assert dialog.result() == DraftRestoreDialog.DialogCode.Accepted
    assert not dialog.isVisible()


def test_discard_emits_the_draft_removes_the_row_and_keeps_asking_about_the_rest(qtbot) -> None:
    dialog = make(qtbot)
    _, discard = dialog.row_buttons(0)
    assert "for good" in discard.toolTip()
    with qtbot.waitSignal(dialog.discardRequested) as signal:
        qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
    assert signal.args == [EDITED]
    assert dialog.table.rowCount() == 1
    assert cell(dialog, 0, LINK_COLUMN).startswith("Client 99120")
    assert dialog.isVisible()

    # The remaining row's buttons now act on the remaining draft.
    restore, _ = dialog.row_buttons(0)
    with qtbot.waitSignal(dialog.restoreRequested) as signal:
        qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
    assert signal.args == [NEW_LINK]


def test_discarding_the_last_draft_closes_the_dialog(qtbot) -> None:
    dialog = make(qtbot, drafts=[EDITED])
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.row_buttons(0)[1], Qt.MouseButton.LeftButton)


def test_decide_later_emits_nothing(qtbot) -> None:
    dialog = make(qtbot)
    with (
        qtbot.waitSignal(dialog.rejected),
        qtbot.assertNotEmitted(dialog.restoreRequested),
        qtbot.assertNotEmitted(dialog.discardRequested),
    ):
        qtbot.mouseClick(dialog.later_button, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize("drafts", [[EDITED], []])
def test_warnings_are_shown(qtbot, drafts) -> None:
    dialog = make(qtbot, drafts=drafts, warnings=[WARNING])
    assert dialog.warning_label.isVisible()
    assert WARNING in dialog.warning_label.text()

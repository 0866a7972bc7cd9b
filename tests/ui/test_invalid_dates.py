"""Dates no time zone can show, served by the sandbox: the window, Backups and inspector."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from booxi_desktop.core.link.model import ClientModuleLink
from booxi_desktop.core.storage.backups import BackupStore
from booxi_desktop.ui.backups.window import BackupsWindow
from booxi_desktop.ui.editor import link_editor as link_form
from booxi_desktop.ui.inspector.findings.links_model import MODIFIED_COLUMN
from booxi_desktop.ui.save.review_dialog import ReviewDialog
from booxi_desktop.ui.save.steps import review_in_dialog
from tests import YEAR_9999_WEST, YEAR_ONE_WEST
from tests.ui.webhook_panel_helpers import MODULE, load_text, make_panel
from tests.ui.window_helpers import idle, load, puts, server_rows

pytestmark = pytest.mark.usefixtures("west_of_utc")


@pytest.mark.parametrize(
    "dates",
    [
        {"created_on": YEAR_ONE_WEST},
        {"modified_on": YEAR_9999_WEST},
        {"created_on": YEAR_ONE_WEST, "modified_on": YEAR_9999_WEST},
    ],
    ids=["created-year-1", "modified-9999", "both"],
)
def test_a_link_with_such_dates_loads_whole_with_its_dates_named(
    qtbot, make_window, sandbox, dates
) -> None:
    sandbox.set_link_dates(sandbox.demo_client_id, sandbox.demo_module_id, **dates)
    served = sandbox.get_link(sandbox.demo_client_id, sandbox.demo_module_id)
    window = make_window(review=review_in_dialog)
    load(qtbot, window)

    assert window.pages.currentWidget() is window.editor
    assert window.editor.model.rows() == server_rows(sandbox)
    assert window.editor.external_id() == served["externalId"]
    header = window.editor.dates_label.text()
    for text in dates.values():
        assert f"{text!r} is not a valid date" in header
    assert not window.isWindowModified()
    assert not window.editor.save_button.isEnabled()
    assert not window.window_actions.save.isEnabled()
    # Nothing to review, nothing sent: a half-loaded editor would offer to delete it all.
    window.saves.save()
    assert not [d for d in window.findChildren(ReviewDialog) if d.isVisible()]
    assert puts(sandbox) == 0


def test_a_link_that_cannot_be_shown_is_not_counted_as_loaded(
    qtbot, make_window, sandbox, monkeypatch
) -> None:
    def fails(_response: object) -> tuple[str, str, bool]:
        raise ValueError("the header cannot be built")

    window = make_window(review=review_in_dialog)
    load(qtbot, window)
    monkeypatch.setattr(link_form, "header_texts", fails)
    window.open_link(sandbox.demo_client_id, sandbox.demo_module_id)
    qtbot.waitUntil(lambda: "Could not show the link" in window.banner.text)
    idle(qtbot, window)

    assert window.editor.loaded is None
    assert window.pages.currentWidget() is window.placeholder
    assert window.editor.model.rows() == []
    assert not window.editor.save_button.isEnabled()
    assert not window.window_actions.save.isEnabled()
    assert not window.isWindowModified()
    window.saves.save()
    assert not [d for d in window.findChildren(ReviewDialog) if d.isVisible()]
    assert puts(sandbox) == 0


def test_the_backups_window_lists_a_backup_with_such_dates(qtbot, tmp_path) -> None:
    store = BackupStore(tmp_path / "backups")
    plain = ClientModuleLink(42, "cegid_y2", "Y2-1", {"tier": "gold"})
    odd = ClientModuleLink.from_json(
        plain.to_json() | {"createdOn": YEAR_ONE_WEST, "modifiedOn": YEAR_9999_WEST}
    )
    store.write("na", plain)
    odd_path = store.write("na", odd)
    window = BackupsWindow(store, "na", 42, "cegid_y2", None)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)

    assert len(window.model.entries()) == 2
    window.select_row(window.model.row_of(odd_path))
    fields = window.details.fields
    assert f"createdOn {YEAR_ONE_WEST!r} is not a valid date" in fields["created"].text()
    assert f"modifiedOn {YEAR_9999_WEST!r} is not a valid date" in fields["modified"].text()
    saved = json.loads(odd_path.read_text())["link"]
    assert (saved["createdOn"], saved["modifiedOn"]) == (YEAR_ONE_WEST, YEAR_9999_WEST)


@pytest.mark.usefixtures("qloop")
def test_the_inspector_link_table_shows_such_dates_as_invalid(qtbot) -> None:
    link = {
        "moduleId": MODULE,
        "clientId": 42,
        "externalId": "Y2-1",
        "metadata": {"tier": "gold"},
        "createdOn": YEAR_ONE_WEST,
        "modifiedOn": YEAR_9999_WEST,
    }
    other = link | {"clientId": 43, "createdOn": "2024-05-01T14:03:22Z"}
    panel = make_panel(qtbot)
    panel.set_context(MODULE, 42)
    load_text(qtbot, panel, json.dumps({"eventContent": {"clientLinks": [link, other]}}))

    model = panel.findings_view.links_model
    assert model.rowCount() == 2
    for row in range(2):
        cell = model.index(row, MODIFIED_COLUMN)
        assert cell.data() == "invalid date"
        assert YEAR_9999_WEST in cell.data(Qt.ItemDataRole.ToolTipRole)
    details = panel.findings_view.link_box.details.text()
    assert "is not a valid date" in details
    assert "bad_date" in panel.findings.problem_codes

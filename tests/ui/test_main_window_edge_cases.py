"""Paths where edits could be lost or sent to the wrong place, against a live sandbox."""

from __future__ import annotations

from PySide6.QtTest import QTest

from booxi_desktop.core.regions import sandbox_region
from booxi_desktop.core.storage.backups import BackupStore
from booxi_desktop.ui.save.unsaved_prompt import Choice
from tests.ui.window_helpers import Prompts, Reviews, edit_value, load, puts, server_rows


def test_save_includes_a_value_still_being_typed(qtbot, make_window, sandbox):
    window = make_window()
    load(qtbot, window)
    table = window.editor.table
    index = window.editor.model.index(0, 1)
    table.setCurrentIndex(index)
    table.edit(index)
    editor = table.indexWidget(index)
    assert editor is not None
    editor.selectAll()
    QTest.keyClicks(editor, "TYPED")
    window.saves.save()  # Ctrl+S with the cell editor still open
    qtbot.waitUntil(lambda: puts(sandbox) == 1 and not window.session.busy)
    assert server_rows(sandbox)[0][1] == "TYPED"
    assert not window.isWindowModified()


def test_edits_made_while_a_save_runs_stay_unsaved(qtbot, make_window, sandbox):
    window = make_window()
    load(qtbot, window)
    edit_value(window, 0, "sent")
    sandbox.faults.latency_s = 0.3
    window.saves.save()
    qtbot.waitUntil(lambda: window.session.busy)
    # An edit that lands while the PUT runs (the table itself is read-only then).
    window.editor.model.set_cell_raw(1, 1, "typed meanwhile")
    window.editor._content_changed()
    qtbot.waitUntil(lambda: puts(sandbox) == 1 and not window.session.busy)
    sandbox.faults.latency_s = 0
    assert server_rows(sandbox)[0][1] == "sent"
    assert window.editor.model.rows()[1][1] == "typed meanwhile"
    assert window.editor.is_modified()


def test_retrying_a_failed_load_still_asks_about_edits(qtbot, make_window, sandbox):
    prompts = Prompts(Choice.CANCEL)
    window = make_window(ask=prompts)
    load(qtbot, window)
    sandbox.faults.fail_500 = 1
    window.open_link(sandbox.demo_client_id, "acme_crm")
    qtbot.waitUntil(lambda: window.banner.isVisible() and not window.session.busy)
    edit_value(window, 0, "do not lose me")
    window.banner.action_button.click()
    assert prompts.asked == ["loading another link"]
    assert window.editor.model.rows()[0][1] == "do not lose me"


def test_retrying_a_failed_save_reviews_and_sends_the_current_edits(qtbot, make_window, sandbox):
    reviews = Reviews()
    window = make_window(review=reviews)
    load(qtbot, window)
    edit_value(window, 0, "FIRST")
    sandbox.faults.fail_500 = 2  # the GET before the PUT fails
    window.saves.save()
    qtbot.waitUntil(lambda: window.banner.isVisible() and not window.session.busy)
    sandbox.faults.fail_500 = 0
    edit_value(window, 0, "SECOND")
    window.banner.action_button.click()
    qtbot.waitUntil(lambda: puts(sandbox) == 1 and not window.session.busy)
    assert len(reviews.requests) == 2
    assert server_rows(sandbox)[0][1] == "SECOND"


def test_a_backup_of_another_link_is_not_restored_into_the_editor(
    qtbot, make_window, sandbox, tmp_path
):
    from booxi_desktop.core.link.model import ClientModuleLink

    store = BackupStore(tmp_path / "backups")
    window = make_window(backups=store)
    load(qtbot, window)
    other = ClientModuleLink(sandbox.demo_client_id, "acme_crm", "OTHER", {"x": "y"})
    path = store.write("sandbox", other)
    window.backups.restore(store.read(path))
    assert "another link" in window.banner.text
    assert "x" not in window.editor.model.metadata()
    assert not window.isWindowModified()


def test_a_client_id_beyond_32_bits_reaches_the_request_intact(qtbot, make_window, sandbox):
    window = make_window()
    big = 3_000_000_000
    window.load_bar.set_ids(big, "cegid_y2")
    window.load_bar.load_button.click()
    qtbot.waitUntil(lambda: window.banner.isVisible() and not window.session.busy)
    assert any(f"/client/{big}/" in path for _, path, _ in sandbox.request_log)
    assert sandbox_region(sandbox.base_url).code == window.region.code

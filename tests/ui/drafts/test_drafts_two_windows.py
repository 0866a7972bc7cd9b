"""Two windows on one link, and drafts left for later: nobody's unsaved edits are lost.

Each window has its own journal on the same drafts folder, as two app processes do;
``flock`` locks belong to an open file, so two windows in this process exclude each
other exactly as two processes do.
"""

from __future__ import annotations

import os
import signal

import pytest
from PySide6.QtCore import Qt

from booxi_desktop.core.link.model import ClientModuleLink
from booxi_desktop.core.storage.drafts import Draft, DraftJournal, DraftKey
from booxi_desktop.ui.drafts.restore_dialog import DraftRestoreDialog
from booxi_desktop.ui.quit_signals import QuitSignals
from booxi_desktop.ui.save.unsaved_prompt import Choice
from tests.ui.window_helpers import Prompts, edit_value, load, window_factory


@pytest.fixture
def root(tmp_path):
    return tmp_path / "drafts"


@pytest.fixture
def make_window(qtbot, qloop, sandbox, tmp_path, root):
    with window_factory(qtbot, qloop, sandbox, tmp_path) as make:

        def build(delay_ms: int = 20, **options):
            window = make(drafts=DraftJournal(root), **options)
            window.drafts.keeper._timer.setInterval(delay_ms)
            return window

        yield build


def key_of(sandbox) -> DraftKey:
    return DraftKey("sandbox", sandbox.demo_client_id, sandbox.demo_module_id)


def own_draft(window, sandbox) -> Draft | None:
    return window.drafts.journal.get(key_of(sandbox))


def first_value(window) -> str:
    return window.editor.model.rows()[0][1]


def offered(window) -> list[Draft] | None:
    """The drafts the window offers back "from last time"; ``None`` if it offers none."""
    window.drafts.offer_restore()
    dialog = window.findChild(DraftRestoreDialog)
    if dialog is None:
        return None
    drafts = list(dialog.drafts)
    dialog.reject()
    dialog.setParent(None)
    return drafts


def editing(qtbot, make_window, sandbox, value: str, **options):
    window = make_window(**options)
    load(qtbot, window)
    edit_value(window, 0, value)
    qtbot.waitUntil(lambda: (d := own_draft(window, sandbox)) is not None and d.rows[0][1] == value)
    return window


def test_a_second_window_is_not_offered_the_first_windows_live_draft(qtbot, make_window, sandbox):
    editing(qtbot, make_window, sandbox, "first window's edit")
    second = make_window()
    assert offered(second) is None


@pytest.mark.parametrize("action", ["save", "discard", "undo"])
def test_the_second_windows_save_discard_or_undo_keeps_the_first_windows_draft(
    qtbot, make_window, sandbox, action
):
    first = editing(qtbot, make_window, sandbox, "first window's edit")
    second = editing(
        qtbot, make_window, sandbox, "second window's edit", ask=Prompts(Choice.DISCARD)
    )
    if action == "save":
        second.saves.save()
    elif action == "discard":
        second.open_link(sandbox.demo_client_id, sandbox.demo_module_id)
    else:
        second.undo_stack.undo()
    qtbot.waitUntil(lambda: not second.session.busy and not second.isWindowModified())
    qtbot.waitUntil(lambda: own_draft(second, sandbox) is None)
    kept = own_draft(first, sandbox)
    assert kept is not None
    assert kept.rows[0][1] == "first window's edit"
    assert first.isWindowModified()
    assert first_value(first) == "first window's edit"


def test_opening_or_editing_a_link_another_window_edits_says_so(qtbot, make_window, sandbox):
    first, second = make_window(), make_window()
    load(qtbot, first)
    load(qtbot, second)
    assert "another booxi-desktop window" not in first.banner.text + second.banner.text
    edit_value(second, 0, "second window's edit")
    qtbot.waitUntil(lambda: own_draft(second, sandbox) is not None)
    assert "another booxi-desktop window" not in second.banner.text
    edit_value(first, 0, "first window's edit")
    qtbot.waitUntil(lambda: "unsaved edits in another booxi-desktop window" in first.banner.text)
    third = make_window()
    load(qtbot, third)
    assert "unsaved edits in another booxi-desktop window" in third.banner.text


def test_decide_later_then_editing_that_link_keeps_the_crash_draft(
    qtbot, make_window, sandbox, root
):
    server = sandbox.get_link(sandbox.demo_client_id, sandbox.demo_module_id)
    base = ClientModuleLink.from_json(server)
    crash_rows = [*base.metadata.items(), ("crashKey", "typed before the crash")]
    gone = DraftJournal(root)
    gone.save(Draft(key_of(sandbox), base.external_id, crash_rows, base))
    gone.release()

    window = make_window()
    window.drafts.offer_restore()
    dialog = window.findChild(DraftRestoreDialog)
    qtbot.mouseClick(dialog.later_button, Qt.MouseButton.LeftButton)
    load(qtbot, window)
    told = window.banner.text
    edit_value(window, 0, "edited after deciding later")
    qtbot.waitUntil(lambda: own_draft(window, sandbox) is not None)
    window.saves.save()
    qtbot.waitUntil(lambda: not window.session.busy and not window.isWindowModified())

    assert gone.get(key_of(sandbox)).rows == crash_rows
    next_start = make_window()
    assert [d.rows for d in offered(next_start)] == [crash_rows]
    assert "Unsaved edits from an earlier session" in told


def test_sigterm_within_the_debounce_writes_the_pending_draft(qtbot, qapp, make_window, sandbox):
    window = make_window(delay_ms=60_000)  # only the signal can write the draft
    load(qtbot, window)
    edit_value(window, 0, "typed just before the logout")
    assert own_draft(window, sandbox) is None
    quits: list[bool] = []
    signals = QuitSignals(qapp, keep=window.drafts.flush, quit=lambda: quits.append(True))
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        qtbot.waitUntil(lambda: quits == [True], timeout=5000)
    finally:
        signals.uninstall()
    assert own_draft(window, sandbox).rows[0][1] == "typed just before the logout"


def test_the_session_managers_logout_writes_the_pending_draft(qtbot, qapp, make_window, sandbox):
    window = make_window(delay_ms=60_000)
    load(qtbot, window)
    edit_value(window, 0, "typed just before the logout")
    quits: list[bool] = []
    signals = QuitSignals(qapp, keep=window.drafts.flush, quit=lambda: quits.append(True))
    try:
        # No session manager can be built here; its signal's slot is what Qt calls.
        signals._commit_data(None)
    finally:
        signals.uninstall()
    assert own_draft(window, sandbox).rows[0][1] == "typed just before the logout"
    assert quits == []  # the session manager decides whether the app ends


def plant_crash_draft(sandbox, root) -> tuple[DraftJournal, list]:
    server = sandbox.get_link(sandbox.demo_client_id, sandbox.demo_module_id)
    base = ClientModuleLink.from_json(server)
    rows = [*base.metadata.items(), ("crashKey", "typed before the crash")]
    gone = DraftJournal(root)
    gone.save(Draft(key_of(sandbox), base.external_id, rows, base))
    gone.release()
    return gone, rows


def click_restore(qtbot, window) -> None:
    window.drafts.offer_restore()
    dialog = window.findChild(DraftRestoreDialog)
    restore, _ = dialog.row_buttons(0)
    qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)


def test_a_restore_cancelled_at_the_unsaved_prompt_keeps_the_crash_draft(
    qtbot, make_window, sandbox, root
):
    window = editing(qtbot, make_window, sandbox, "edits already open", ask=Prompts(Choice.CANCEL))
    gone, rows = plant_crash_draft(sandbox, root)
    click_restore(qtbot, window)
    edit_value(window, 0, "still editing after the cancel")
    qtbot.waitUntil(
        lambda: own_draft(window, sandbox).rows[0][1] == "still editing after the cancel"
    )
    assert gone.get(key_of(sandbox)).rows == rows
    assert [d.rows for d in offered(make_window())] == [rows]


def test_a_restored_crash_draft_moves_into_the_restoring_windows_own_file(
    qtbot, make_window, sandbox, root
):
    gone, rows = plant_crash_draft(sandbox, root)
    window = make_window()
    click_restore(qtbot, window)
    qtbot.waitUntil(lambda: (d := own_draft(window, sandbox)) is not None and d.rows == rows)
    qtbot.waitUntil(lambda: gone.get(key_of(sandbox)) is None)
    assert window.editor.model.rows() == rows
    # Live in the restoring window now: not offered to another.
    assert offered(make_window()) is None


def test_a_crash_draft_another_window_restored_first_is_left_to_it(
    qtbot, make_window, sandbox, root
):
    gone, rows = plant_crash_draft(sandbox, root)
    first, second = make_window(), make_window()
    first.drafts.offer_restore()
    second.drafts.offer_restore()
    for window in (first, second):
        restore, _ = window.findChild(DraftRestoreDialog).row_buttons(0)
        qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
    taken = "Another booxi-desktop window has taken"
    # Both loads run at once: whichever window applies the draft first keeps it.
    qtbot.waitUntil(lambda: any(taken in w.banner.text for w in (first, second)))
    loser = first if taken in first.banner.text else second
    winner = second if loser is first else first
    qtbot.waitUntil(lambda: (d := own_draft(winner, sandbox)) is not None and d.rows == rows)
    qtbot.waitUntil(lambda: gone.get(key_of(sandbox)) is None)  # now in the winner's own file
    assert taken not in winner.banner.text
    assert not loser.isWindowModified()
    assert own_draft(loser, sandbox) is None

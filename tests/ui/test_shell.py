"""What the window offers its controllers (ui.host.Workbench), seen on a real window."""

from __future__ import annotations

from booxi_desktop.ui.host import Workbench
from booxi_desktop.ui.notices import Notice
from tests.ui.window_helpers import Prompts, edit_value, idle, load


def test_when_idle_runs_at_once_when_no_request_runs(qtbot, make_window) -> None:
    window = make_window()
    host: Workbench = window
    ran: list[bool] = []
    host.when_idle(lambda: ran.append(True), Notice("refused"))
    assert ran == [True]
    assert window.banner.notice is None


def test_when_idle_refuses_while_a_request_runs(qtbot, make_window, sandbox) -> None:
    window = make_window()
    sandbox.faults.latency_s = 0.5
    window.load_bar.load_button.click()
    qtbot.waitUntil(lambda: window.session.busy)
    ran: list[str] = []
    window.when_idle(lambda: ran.append("action"), Notice("Not now: a request is running."))
    assert window.banner.text == "Not now: a request is running."
    window.when_idle(lambda: ran.append("action"), lambda: ran.append("refused"))
    assert ran == ["refused"]
    sandbox.faults.latency_s = 0
    idle(qtbot, window)


def test_close_discarding_closes_without_asking(qtbot, make_window) -> None:
    prompts = Prompts()  # asking at all fails the test
    window = make_window(ask=prompts)
    load(qtbot, window)
    edit_value(window, 0, "unsaved")
    window.close_discarding()
    assert not window.isVisible()
    assert prompts.asked == []


def test_a_retry_after_a_failed_load_loads_the_same_link(qtbot, make_window, sandbox) -> None:
    window = make_window()
    sandbox.faults.fail_500 = 1
    window.open_link(sandbox.demo_client_id, "acme_crm")
    qtbot.waitUntil(lambda: window.banner.isVisible() and not window.session.busy)
    assert window.editor.loaded is None
    window.banner.action_button.click()
    qtbot.waitUntil(lambda: window.editor.loaded is not None and not window.session.busy)
    assert window.editor.loaded.link.module_id == "acme_crm"
    assert window.load_bar.module_id() == "acme_crm"


def test_the_undo_history_says_what_its_first_row_stands_for(qtbot, make_window) -> None:
    window = make_window()
    view = window.window_actions.undo_view
    assert view.emptyLabel() == "No link loaded"
    load(qtbot, window)
    assert view.emptyLabel() == "As loaded from the server"
    edit_value(window, 0, "changed")
    # Refreshed on every edit: the label stays, and the loaded state keeps its row.
    assert view.emptyLabel() == "As loaded from the server"
    assert view.model().index(0, 0).data() == "As loaded from the server"

"""``booxi-desktop --self-test``: loads the demo link through the window, says one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QIcon, QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit

from booxi_desktop import APP_ID
from booxi_desktop.ui import self_test
from booxi_desktop.ui.app_icon import app_icon
from booxi_desktop.ui.self_test import (
    COMMITTED,
    EXIT_FAILED,
    EXIT_HUNG,
    TYPED,
    DemoLink,
    SelfTestFailed,
    check_sorting,
    check_text,
)


@pytest.fixture
def app_id(qapp):
    """The application as ``booxi-desktop`` sets it up: its desktop file name and icon."""
    before = qapp.desktopFileName(), qapp.windowIcon()
    qapp.setDesktopFileName(APP_ID)
    qapp.setWindowIcon(app_icon())
    yield
    qapp.setDesktopFileName(before[0])
    qapp.setWindowIcon(before[1])


def demo_of(sandbox, **changes) -> DemoLink:
    held = sandbox.get_link(sandbox.demo_client_id, sandbox.demo_module_id)
    demo = DemoLink(
        sandbox.demo_client_id, sandbox.demo_module_id, held["externalId"], held["metadata"]
    )
    return DemoLink(**{**demo.__dict__, **changes})


def run_check(qtbot, qloop, window, demo) -> int:
    task = qloop.create_task(self_test.run(window, demo, timeout_s=20))
    qtbot.waitUntil(task.done, timeout=25_000)
    return task.result()


@pytest.mark.usefixtures("app_id")
def test_passes_when_the_editor_shows_the_demo_link(qtbot, qloop, make_window, sandbox, capsys):
    window = make_window()
    assert run_check(qtbot, qloop, window, demo_of(sandbox)) == 0
    out = capsys.readouterr().out
    assert out.startswith("self-test passed: ")
    assert out.count("\n") == 1
    assert "externalId " + demo_of(sandbox).external_id in out
    assert "keychain " in out
    assert "non-Latin text typed and sorted by locale" in out
    assert "a sample booking received" in out
    assert window.webhooks.receive.panel.model.rowCount() == 1
    assert window.webhooks.receive.receiver is None  # stopped again
    assert window.editor.loaded is not None
    assert [method for method, *_ in sandbox.request_log][-1:] == ["GET"]


@pytest.mark.usefixtures("app_id")
def test_fails_when_the_editor_shows_something_else(qtbot, qloop, make_window, sandbox, capsys):
    window = make_window()
    demo = demo_of(sandbox, external_id="not-the-demo-link")
    assert run_check(qtbot, qloop, window, demo) == EXIT_FAILED
    out = capsys.readouterr().out
    assert out.startswith("self-test failed: the editor shows externalId ")
    assert out.count("\n") == 1


@pytest.mark.usefixtures("app_id")
def test_fails_with_the_reason_when_the_load_fails(qtbot, qloop, make_window, sandbox, capsys):
    window = make_window()
    sandbox.faults.fail_500 = 50
    assert run_check(qtbot, qloop, window, demo_of(sandbox)) == EXIT_FAILED
    out = capsys.readouterr().out
    assert out.startswith("self-test failed: loading the demo link failed: ")


def test_fails_when_the_app_announces_another_desktop_file(
    qtbot, qloop, make_window, sandbox, capsys
):
    window = make_window()
    assert run_check(qtbot, qloop, window, demo_of(sandbox)) == EXIT_FAILED
    assert capsys.readouterr().out.startswith("self-test failed: the desktop file name is ")


@pytest.mark.usefixtures("app_id")
def test_fails_when_the_icon_is_missing(qapp, qtbot, qloop, make_window, sandbox, capsys):
    qapp.setWindowIcon(QIcon())
    window = make_window()
    assert run_check(qtbot, qloop, window, demo_of(sandbox)) == EXIT_FAILED
    assert capsys.readouterr().out.startswith("self-test failed: the app icon is missing")


def test_non_latin_text_typed_into_a_field_reads_back(qtbot):
    field = QLineEdit()
    qtbot.addWidget(field)
    check_text(field)
    assert field.text() == TYPED + COMMITTED
    assert any("\u0590" <= c <= "\u06ff" for c in field.text())  # Hebrew and Arabic
    assert any(ord(c) > 0xFFFF for c in field.text())  # beyond the BMP


def test_the_text_check_fails_when_a_field_loses_characters(qtbot):
    field = QLineEdit()
    qtbot.addWidget(field)
    field.setMaxLength(len(TYPED) // 2)
    with pytest.raises(SelfTestFailed, match="read back as"):
        check_text(field)


def test_the_text_check_fails_when_a_field_takes_only_ascii(qtbot):
    field = QLineEdit()
    qtbot.addWidget(field)
    field.setValidator(QRegularExpressionValidator(QRegularExpression("[ -~]*"), field))
    with pytest.raises(SelfTestFailed, match="read back as"):
        check_text(field)


def test_sorting_follows_each_locales_collation(qapp):
    check_sorting()


def test_the_sorting_check_fails_on_code_point_order(qapp):
    # The C locale compares code points: "ä" comes after "b".
    with pytest.raises(SelfTestFailed, match="C sorts a ä b as a b ä"):
        check_sorting({"C": ("a", "ä", "b")})


def child_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "QT_QPA_PLATFORM": "offscreen"}


@pytest.mark.subprocess
@pytest.mark.usefixtures("app_id")
def test_fails_when_the_webhook_receiver_cannot_listen(
    qtbot, qloop, make_window, sandbox, capsys, monkeypatch
):
    from booxi_desktop.core.webhook.receiver.process import ReceiverProcess

    def refuse(self, port=0):
        raise OSError(98, "Address already in use")

    monkeypatch.setattr(ReceiverProcess, "start", refuse)
    window = make_window()
    assert run_check(qtbot, qloop, window, demo_of(sandbox)) == EXIT_FAILED
    out = capsys.readouterr().out
    assert out.startswith("self-test failed: the webhook receiver cannot listen on 127.0.0.1")


def test_the_installed_command_passes_from_start_to_exit(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "booxi_desktop", "--self-test"],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=tmp_path,
        timeout=90,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("self-test passed: booxi-desktop ")
    assert "on offscreen" in lines[0]
    # Settings of the run went to a throwaway folder, not the user's (here the test's).
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        assert not (Path(os.environ[var]) / "booxi-desktop").exists()


@pytest.mark.subprocess
def test_the_watchdog_ends_a_run_that_hangs():
    code = (
        "import threading\n"
        "from booxi_desktop.ui.self_test import start_watchdog\n"
        "start_watchdog(0.2)\n"
        "threading.Event().wait()\n"  # never set: only the watchdog ends this
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=child_env(),
        timeout=60,
        check=False,
    )
    assert done.returncode == EXIT_HUNG
    assert done.stdout == "self-test failed: no result within 0.2 s\n"

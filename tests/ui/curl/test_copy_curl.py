"""Edit → Copy as cURL through the real window; the copied command run against the sandbox."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from PySide6.QtGui import QGuiApplication

from tests.ui.window_helpers import edit_value, load

needs_curl = pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
HOSTILE = 'it\'s $HOME `id` $(id)\n"é🎉"'


def run_copied(key: str) -> subprocess.CompletedProcess[str]:
    command = QGuiApplication.clipboard().text()
    env = {**os.environ, "BOOXI_PARTNER_KEY": key}
    return subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, env=env, timeout=30, check=False
    )


def test_without_a_link_there_is_nothing_to_copy(make_window) -> None:
    window = make_window()
    assert not window.curl.action.isEnabled()
    assert window.curl.copy() is None


@needs_curl
def test_a_clean_editor_copies_the_get(qtbot, make_window, sandbox) -> None:
    window = make_window()
    load(qtbot, window)
    window.curl.action.trigger()
    copied = QGuiApplication.clipboard().text()
    assert "--request GET" in copied
    assert sandbox.demo_key not in copied
    assert "GET" in window.statusBar().currentMessage()
    result = run_copied(sandbox.demo_key)
    assert result.returncode == 0, result.stderr


@needs_curl
def test_edits_copy_the_put_of_the_current_body(qtbot, make_window, sandbox) -> None:
    window = make_window()
    load(qtbot, window)
    edit_value(window, 0, HOSTILE)
    before = len(sandbox.request_log)
    window.curl.action.trigger()
    assert len(sandbox.request_log) == before  # copying sends nothing
    copied = QGuiApplication.clipboard().text()
    assert "--request PUT" in copied
    assert sandbox.demo_key not in copied
    assert "unsaved edits" in window.statusBar().currentMessage()
    result = run_copied(sandbox.demo_key)
    assert result.returncode == 0, result.stderr
    stored = sandbox.get_link(sandbox.demo_client_id, sandbox.demo_module_id)
    external_id, metadata = window.editor.content()
    assert stored["metadata"] == metadata
    assert stored["externalId"] == external_id
    assert HOSTILE in metadata.values()

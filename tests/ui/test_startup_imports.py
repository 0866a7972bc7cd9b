"""Building the main window imports only what the first paint needs.

Everything else (the HTTP client, the keychain, the event loop glue, the webhook
panel, the backups window, the save dialogs) is imported when first used. A module
that joins this list should be needed to show the empty window; if it is not, import
it where it is used instead.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.subprocess

ALLOWED = {
    "booxi_desktop",
    "booxi_desktop.core",
    "booxi_desktop.core.errors",
    "booxi_desktop.core.regions",
    "booxi_desktop.ui",
    "booxi_desktop.ui.app",
    "booxi_desktop.ui.backups",
    "booxi_desktop.ui.backups.controller",  # only the action; the window comes on demand
    "booxi_desktop.ui.drafts",
    "booxi_desktop.ui.history",
    "booxi_desktop.ui.history.actions",  # the File menu entry
    "booxi_desktop.ui.history.controller",  # the window and the journal come on demand
    "booxi_desktop.ui.drafts.controller",  # the journal itself is opened after the first paint
    "booxi_desktop.ui.curl",
    "booxi_desktop.ui.curl.controller",  # only the Copy as cURL action; the builder on use
    "booxi_desktop.ui.editor",
    "booxi_desktop.ui.editor.load_flow",  # the one way to load; the client comes on first use
    "booxi_desktop.ui.editor.load_bar",
    "booxi_desktop.ui.editor.row_actions",  # in the Edit menu; the editor comes with a link
    "booxi_desktop.ui.find",
    "booxi_desktop.ui.find.controller",  # only the Find action; the dialog comes on demand
    "booxi_desktop.ui.help",
    "booxi_desktop.ui.help.controller",  # only the Help entries; their windows come on demand
    "booxi_desktop.ui.inspector",
    "booxi_desktop.ui.inspector.controller",  # only the tab; the panel comes on demand
    "booxi_desktop.ui.keys",
    "booxi_desktop.ui.keys.controller",  # only the key label; the dialog comes on demand
    "booxi_desktop.ui.keys.key_state",
    "booxi_desktop.ui.keys.region_bar",
    "booxi_desktop.ui.main_window",
    "booxi_desktop.ui.notices",
    "booxi_desktop.ui.save",
    "booxi_desktop.ui.save.controller",  # the save workflow's state; its dialogs come on demand
    "booxi_desktop.ui.save.outcome",  # what a save's end does to the window: small, no dialogs
    "booxi_desktop.ui.save.steps",  # the dialogs themselves are imported when a save starts
    "booxi_desktop.ui.save.unsaved_prompt",
    "booxi_desktop.ui.session",
    "booxi_desktop.ui.settings",
    "booxi_desktop.ui.widgets",
    "booxi_desktop.ui.widgets.first_paint",
    "booxi_desktop.ui.widgets.lazy_qt",
    "booxi_desktop.ui.widgets.naming",
    "booxi_desktop.ui.widgets.notice_banner",
    "booxi_desktop.ui.widgets.side_panel",
    "booxi_desktop.ui.widgets.theme",
    "booxi_desktop.ui.window_actions",
}

# Each is a noticeable part of start-up time or memory, and none is needed to show the window.
HEAVY = (
    "httpx",
    "keyring",
    "qasync",
    "ssl",
    "booxi_desktop.core.remote.client",
    "booxi_desktop.core.save",
    "booxi_desktop.ui.inspector.panel",
    "booxi_desktop.ui.backups.window",
    "booxi_desktop.ui.history.window",
    "booxi_desktop.core.history.journal",
    "booxi_desktop.ui.save.review_dialog",
    "booxi_desktop.ui.save.conflict_dialog",
    "booxi_desktop.ui.editor.link_editor",
    "booxi_desktop.core.text",  # with json and datetime; the backups' wording only
    "html",  # its entity table; escaping waits for the first notice shown
    "platformdirs",  # the settings file's folder is asked of Qt; the data folders come later
)

_PROBE = """
import json, sys
from PySide6.QtWidgets import QApplication
from booxi_desktop.ui import app
qt = QApplication([])
window = app.build_window(app.parse_args([]))
window.show()
qt.processEvents()
print(json.dumps(sorted(m for m in sys.modules if m == "booxi_desktop" or m.startswith(
    ("booxi_desktop.", "httpx", "keyring", "qasync", "ssl", "html", "platformdirs")))))
"""


def _run_probe(code: str, home: Path) -> subprocess.CompletedProcess[str]:
    """``code`` in a fresh interpreter, offscreen, with its data folders under ``home``."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[var] = str(home / var.lower())
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result


def _modules_after_building_the_window(home: Path) -> set[str]:
    result = _run_probe(_PROBE, home)
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    return _modules_after_building_the_window(tmp_path_factory.mktemp("home"))


def test_building_the_window_loads_only_the_listed_modules(loaded: set[str]) -> None:
    ours = {m for m in loaded if m == "booxi_desktop" or m.startswith("booxi_desktop.")}
    assert ours - ALLOWED == set(), "new at start-up: import it where it is used, or list it"


def test_building_the_window_loads_nothing_heavy(loaded: set[str]) -> None:
    assert sorted(m for m in HEAVY if m in loaded) == []


def test_the_list_is_not_stale(loaded: set[str]) -> None:
    # A module that left start-up leaves the list too, so the list stays a true picture.
    assert ALLOWED - loaded == set()


# The app's own start, as `booxi-desktop` runs it: is the Qt namespace built at the
# first paint, and which thread builds it (a profile hook watches every call for it).
_QT_NAMESPACE_PROBE = """
import os, sys, threading
import PySide6.QtCore as QtCore
print("LAZY", "Qt" not in vars(QtCore), flush=True)
from PySide6.QtCore import QEvent, QObject, QTimer
from booxi_desktop.ui import app

def watch(frame, event, arg):
    # PySide6 builds the namespace's enums, Qt.AlignmentFlag among them, with enum's
    # functional API, in the thread that first touches it.
    code = frame.f_code
    if event == "call" and code.co_name == "_create_" and code.co_filename.endswith("enum.py"):
        if frame.f_locals.get("class_name") == "AlignmentFlag":
            print("BUILT_BY", threading.current_thread().name, flush=True)
            os._exit(0)

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            print("BUILT_AT_PAINT", "Qt" in vars(QtCore), flush=True)
            QTimer.singleShot(20000, lambda: os._exit(3))
        return False

hook = FirstPaint()
build = app.build_window
def build_window(args):
    window = build(args)
    window.installEventFilter(hook)
    return window
app.build_window = build_window
threading.setprofile(watch)
sys.setprofile(watch)
app.main(ARGV)
"""


@pytest.mark.parametrize("argv", [["--demo"], []], ids=["demo", "keychain opened at start"])
def test_the_qt_namespace_is_built_after_the_first_paint_by_the_warm_up(
    tmp_path: Path, argv: list[str]
) -> None:
    # PySide6 builds all of `Qt` at once on first use, a noticeable share of start-up, and
    # a stall on the UI thread: see ui.widgets.lazy_qt for what start-up uses instead.
    result = _run_probe(_QT_NAMESPACE_PROBE.replace("ARGV", repr(argv)), tmp_path)
    said = dict(
        line.split() for line in result.stdout.splitlines() if line.startswith(("LAZY ", "BUILT"))
    )
    if said.get("LAZY") != "True":
        pytest.skip("this PySide6 builds its types when imported, not on first use")
    assert said.get("BUILT_AT_PAINT") == "False", "something before the first paint uses Qt.…"
    assert said.get("BUILT_BY", "").startswith("warm-up"), said


# The app's own start again, until its warm-up is over and a moment more.
_SWITCH_INTERVAL_PROBE = """
import os, sys
from PySide6.QtCore import QTimer
from booxi_desktop.ui import app

default = sys.getswitchinterval()
use_sandbox = app.use_sandbox
def probe(window, sandbox):
    use_sandbox(window, sandbox)
    print("AT_LOOP_START", sys.getswitchinterval(), window.session.warming_up, flush=True)
    def poll():
        if window.session.warming_up:
            QTimer.singleShot(10, poll)
        else:
            QTimer.singleShot(200, lambda: (print("AFTER", sys.getswitchinterval(), default,
                flush=True), os._exit(0)))
    poll()
app.use_sandbox = probe
app.main(["--demo"])
"""


def test_the_switch_interval_is_short_only_while_the_warm_up_imports(tmp_path: Path) -> None:
    said = {
        line.split()[0]: line.split()[1:]
        for line in _run_probe(_SWITCH_INTERVAL_PROBE, tmp_path).stdout.splitlines()
        if line.startswith(("AT_LOOP_START", "AFTER"))
    }
    interval, warming_up = said["AT_LOOP_START"]
    if warming_up == "True":  # input is taken while the warm-up still imports
        assert float(interval) < 0.005
    after, default = said["AFTER"]
    assert float(after) == float(default)

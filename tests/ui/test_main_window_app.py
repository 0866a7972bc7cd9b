"""Start-up: command line, demo mode wiring, --base-url, and the packaged entry point."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from booxi_desktop.core.remote.keychain import PartnerKeyStore
from booxi_desktop.ui import app
from tests.ui.window_helpers import MemoryKeyring, load

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def memory_keychain(monkeypatch):
    backend = MemoryKeyring()
    monkeypatch.setattr(
        "booxi_desktop.ui.session._default_key_store", lambda: PartnerKeyStore(backend=backend)
    )
    return backend


@pytest.fixture
def started(qtbot, qloop):
    windows = []

    def start(argv):
        window = app.build_window(app.parse_args(argv))
        window.show()
        windows.append(window)
        return window

    yield start
    for window in windows:
        task = qloop.create_task(window.session.aclose())
        qtbot.waitUntil(task.done)
        window.close_discarding()


def test_arguments():
    args = app.parse_args(["--demo", "--region", "eu"])
    assert args.demo
    assert args.region == "eu"
    assert args.base_url is None
    with pytest.raises(SystemExit):
        app.parse_args(["--region", "mars"])


@pytest.mark.parametrize(
    "argv",
    [
        ["--base-url", "https://api.example.com/booking/v1"],
        ["--base-url", "http://10.0.0.5:8080/booking/v1"],
        ["--demo", "--base-url", "http://127.0.0.1:9/booking/v1"],
    ],
)
def test_a_base_url_off_this_machine_is_refused_before_any_window(argv, capsys):
    assert app.main(argv) == 2
    assert "booxi-desktop:" in capsys.readouterr().err


def test_demo_mode_selects_the_sandbox_with_its_key_for_this_session_only(
    qtbot, started, sandbox, memory_keychain
):
    window = started(["--demo"])
    assert "Starting the local sandbox" in window.placeholder.text()
    app.use_sandbox(window, sandbox)
    combo = window.findChild(object, "regionCombo")
    assert combo.currentData() == "sandbox"
    assert "127.0.0.1" in combo.currentText()
    assert [combo.itemData(i) for i in range(combo.count())] == ["na", "eu", "sandbox"]
    assert window.load_bar.client_id() == sandbox.demo_client_id
    assert window.load_bar.module_id() == sandbox.demo_module_id
    assert "press <b>Load</b>" in window.placeholder.text()
    qtbot.waitUntil(lambda: "session only" in window.region_bar.key_state.text())
    load(qtbot, window)
    assert window.editor.model.rows() == list(
        sandbox.get_link(sandbox.demo_client_id, sandbox.demo_module_id)["metadata"].items()
    )
    assert memory_keychain.passwords == {}


def test_base_url_adds_a_local_region_and_selects_it(started, memory_keychain):
    window = started(["--base-url", "http://127.0.0.1:8765/booking/v1"])
    assert window.region.code == "sandbox"
    assert window.region.base_url == "http://127.0.0.1:8765/booking/v1"


def test_region_option_selects_europe(started, memory_keychain):
    assert started(["--region", "eu"]).region.host == "api.booxi.eu"


@pytest.mark.subprocess
def test_version_from_the_module_entry_point():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-m", "booxi_desktop", "--version"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    assert out.stdout.startswith("booxi-desktop ")


@pytest.mark.subprocess
def test_pyside_no_longer_reads_the_source_of_each_module_imported_after_it(tmp_path):
    for name in ("fresh_before", "fresh_after"):
        (tmp_path / f"{name}.py").write_text("VALUE = 1\n")
    code = f"""
import linecache, sys
sys.path.insert(0, {str(tmp_path)!r})
import PySide6.QtCore
def read(name):
    return any(path.endswith(name + ".py") for path in linecache.cache)
import fresh_before
from booxi_desktop.ui.app import skip_pyside_source_reads
applied = skip_pyside_source_reads()
import fresh_after
print(read("fresh_before"), applied, read("fresh_after"))
"""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    # The first line proves the hook reads sources on this PySide6: the test means something.
    assert out.stdout.split() == ["True", "True", "False"], out.stderr

"""Real app processes on one link: every typed edit survives the others' saves and kill -9.

Each process is ``crash_app.py``: a real window, offscreen, on the sandbox this test
runs, driven one command a line. After every step: each live window's edits are in
its own draft file, and exactly the killed windows' edits are left to be offered.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from booxi_desktop.core.storage.drafts import DraftJournal
from booxi_desktop.ui.drafts.restore_dialog import DraftRestoreDialog
from tests.ui.window_helpers import window_factory

HERE = Path(__file__).parent
TIMEOUT_S = 15


class App:
    """One running app; ``typed`` is what it was told to type since its last clean state."""

    def __init__(self, name: str, env: dict[str, str], tmp_path: Path) -> None:
        self.name = name
        self.typed: dict[str, str] = {}
        self.draft: Path | None = None
        self._stderr = tmp_path / f"{name}.stderr"
        with self._stderr.open("w") as err:
            self.proc = subprocess.Popen(
                [sys.executable, str(HERE / "crash_app.py")],
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=err,
                text=True,
            )
        self._lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._lines.put(line.rstrip("\n"))

    def line(self) -> str:
        try:
            return self._lines.get(timeout=TIMEOUT_S)
        except queue.Empty:
            raise AssertionError(f"{self.name} did not answer: {self.errors()}") from None

    def errors(self) -> str:
        return self._stderr.read_text(errors="replace")[-2000:]

    def send(self, command: str) -> dict:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        answer = self.line()
        assert answer.startswith("OK "), f"{self.name}: {answer} {self.errors()}"
        state = json.loads(answer[3:])
        self.draft = Path(state["draft"]) if state["draft"] else None
        return state

    def type(self, key: str, value: str) -> None:
        self.send(f"type {key} {value}")
        self.typed[key] = value

    def act(self, action: str) -> None:
        state = self.send(action)
        assert not state["modified"], state
        self.typed = {}

    def end(self, how: int) -> int:
        self.proc.send_signal(how)
        return self.proc.wait(timeout=TIMEOUT_S)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=TIMEOUT_S)


def on_disk(root: Path) -> dict[Path, dict]:
    return {d.source: dict(d.rows) for d in DraftJournal(root).load_all().drafts}


def left_behind(root: Path) -> list[dict]:
    return sorted(
        (dict(d.rows) for d in DraftJournal(root).left_behind().drafts), key=lambda r: sorted(r)
    )


def app_env(sandbox, root: Path, **extra: str) -> dict[str, str]:
    """The environment of one app process: offscreen, on the test's sandbox and drafts folder."""
    return dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        CRASH_BASE_URL=sandbox.base_url,
        CRASH_KEY=sandbox.demo_key,
        CRASH_DRAFTS=str(root),
        CRASH_CLIENT=str(sandbox.demo_client_id),
        CRASH_MODULE=sandbox.demo_module_id,
        **extra,
    )


def holds(rows: dict, typed: dict[str, str]) -> bool:
    return all(rows.get(k) == v for k, v in typed.items())


@pytest.mark.subprocess
def test_two_apps_on_one_link_never_lose_each_others_edits(qtbot, qloop, sandbox, tmp_path):
    root = tmp_path / "drafts"
    env = app_env(sandbox, root)
    apps: list[App] = []
    killed: list[dict[str, str]] = []

    def start(*names: str) -> list[App]:
        started = [App(name, env, tmp_path) for name in names]
        apps.extend(started)
        for app in started:
            assert app.line() == "READY", app.errors()
            app.send("load")
        return started

    def check(*live: App) -> None:
        """Each live app's edits are in its own file; the killed ones' are left behind."""
        for app in live:
            if app.typed:
                qtbot.waitUntil(
                    lambda app=app: holds(on_disk(root).get(app.draft, {}), app.typed),
                    timeout=TIMEOUT_S * 1000,
                )
            else:
                qtbot.waitUntil(lambda app=app: app.draft not in on_disk(root))
        behind = left_behind(root)
        assert len(behind) == len(killed), behind
        for typed in killed:
            assert any(holds(rows, typed) for rows in behind), (typed, behind)

    def kill_9(app: App) -> None:
        assert app.end(signal.SIGKILL) == -signal.SIGKILL
        killed.append(dict(app.typed))

    try:
        first, second = start("first", "second")
        # Round by round the window that acts changes side: the earlier one acts, then
        # the one that stayed, then the newer one.
        actor, other = first, second
        for n, action in enumerate(["save", "discard", "undo"]):
            actor.type(f"{actor.name}{n}a", f"typed by {actor.name} before {action}")
            other.type(f"{other.name}{n}a", f"typed by {other.name} while {actor.name} edits")
            check(actor, other)
            assert actor.draft != other.draft
            actor.act(action)
            check(actor, other)
            if action == "save":
                metadata = sandbox.get_link(sandbox.demo_client_id, sandbox.demo_module_id)
                assert f"{actor.name}{n}a" in metadata["metadata"]
            actor.type(f"{actor.name}{n}b", f"typed by {actor.name} after {action}")
            check(actor, other)
            kill_9(actor)
            other.type(f"{other.name}{n}b", f"typed by {other.name} after the kill")
            check(other)
            (newcomer,) = start(f"third{n}")
            check(other, newcomer)
            actor, other = other, newcomer

        # A logout: the newest window's edits, typed just now, are kept and then offered.
        other.type("last", "typed before SIGTERM")
        assert other.end(signal.SIGTERM) == 0, other.errors()
        assert other.line() == "BYE"
        killed.append(dict(other.typed))
        actor.type("survivor", "still typing")
        check(actor)

        # The next start offers exactly the edits of the windows that are gone.
        with window_factory(qtbot, qloop, sandbox, tmp_path) as make:
            window = make(drafts=DraftJournal(root))
            window.drafts.offer_restore()
            dialog = window.findChild(DraftRestoreDialog)
            offered = [dict(d.rows) for d in dialog.drafts]
            assert len(offered) == len(killed)
            for typed in killed:
                assert any(holds(rows, typed) for rows in offered)
            # And restoring one puts its typed edits back in the editor.
            restore, _ = dialog.row_buttons(0)
            qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
            wanted = next(typed for typed in killed if holds(offered[0], typed))
            qtbot.waitUntil(
                lambda: holds(window.editor.model.metadata(), wanted), timeout=TIMEOUT_S * 1000
            )
    finally:
        for app in apps:
            app.close()


@pytest.mark.subprocess
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_within_the_debounce_keeps_the_edits(sandbox, tmp_path, how):
    root = tmp_path / "drafts"
    # Only the signal's handling can write the draft.
    env = app_env(sandbox, root, CRASH_DELAY_MS="60000")
    app = App("app", env, tmp_path)
    try:
        assert app.line() == "READY", app.errors()
        app.send("load")
        app.type("logoutKey", "typed just before the logout")
        app.send("external LOGOUT-EXT")
        assert on_disk(root) == {}
        assert app.end(how) == 0, app.errors()
        assert app.line() == "BYE"
    finally:
        app.close()
    (draft,) = DraftJournal(root).left_behind().drafts
    assert dict(draft.rows)["logoutKey"] == "typed just before the logout"
    assert draft.external_id == "LOGOUT-EXT"

"""A whole session with a known partner key leaves that key in no file it wrote."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from booxi_desktop.cli.main import main as cli_main
from booxi_desktop.sandbox.server import SandboxServer
from booxi_desktop.ui.keys.key_dialog import KeyDialog
from tests.ui.window_helpers import MemoryKeyring, load, window_factory

KNOWN_KEY = "pk_live_KNOWN_SECRET_5f2c9e81d07a4b36"


@pytest.fixture
def keyed_sandbox():
    """A sandbox that accepts only the known key, so the session must really use it."""
    with SandboxServer(rate_limit=False) as server:
        server.keys.clear()
        server.keys[KNOWN_KEY] = frozenset({server.demo_module_id})
        yield server


def files_under(*roots: Path) -> list[Path]:
    return [p for root in roots if root.exists() for p in root.rglob("*") if p.is_file()]


def leaks(path: Path) -> bool:
    data = path.read_bytes()
    forms = [
        KNOWN_KEY.encode(),
        base64.b64encode(KNOWN_KEY.encode()),
        KNOWN_KEY.encode("utf-16-le"),
    ]
    return any(form in data for form in forms)


def test_a_session_writes_the_key_nowhere(qtbot, qloop, keyed_sandbox, tmp_path, capsys):
    sandbox = keyed_sandbox
    log_file = tmp_path / "debug.log"
    handler = logging.FileHandler(log_file)
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.DEBUG)
    keychain = MemoryKeyring()
    try:
        with window_factory(qtbot, qloop, sandbox, tmp_path) as make:
            window = make(key=None, backend=keychain)
            # The user types the key into the key dialog and saves it to the keychain.
            window.open_key_dialog()
            dialog = window.findChild(KeyDialog)
            qtbot.keyClicks(dialog.key_edit, KNOWN_KEY)
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
            assert KNOWN_KEY in keychain.passwords.values()

            load(qtbot, window)
            model = window.editor.model
            model.setData(model.index(0, 1), "edited", Qt.ItemDataRole.EditRole)
            window.drafts.flush()
            window.saves.save()
            qtbot.waitUntil(lambda: not window.session.busy and not window.isWindowModified())
            model.setData(model.index(0, 1), "second edit", Qt.ItemDataRole.EditRole)
            window.drafts.flush()
            window.settings.sync()

            os.environ["BOOXI_PARTNER_KEY"] = KNOWN_KEY
            body = tmp_path / "body.json"
            body.write_text(json.dumps({"externalId": "CLI", "metadata": {"k": "v"}}))
            args = ["--client", str(sandbox.demo_client_id), "--module", sandbox.demo_module_id]
            running = asyncio.events._get_running_loop()
            asyncio.events._set_running_loop(None)  # the command line runs its own loop
            try:
                code = cli_main(["put", *args, "--file", str(body), "--base-url", sandbox.base_url])
            finally:
                asyncio.events._set_running_loop(running)
            assert code == 0
    finally:
        os.environ.pop("BOOXI_PARTNER_KEY", None)
        logging.getLogger().removeHandler(handler)
        handler.close()

    out = capsys.readouterr()
    assert KNOWN_KEY not in out.out + out.err
    xdg = [Path(os.environ[v]) for v in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME")]
    written = files_under(tmp_path, *xdg)
    names = {p.name for p in written}
    # The scan covers what the session really wrote: backups, drafts, settings and the log.
    assert any(p.parent.name != "drafts" and p.suffix == ".json" for p in written)
    assert "settings.ini" in names
    assert log_file.stat().st_size > 0
    assert [p for p in written if leaks(p)] == []

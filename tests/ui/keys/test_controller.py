"""The region bar's key label and the key dialog, driven by the keys controller."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from booxi_desktop.core.regions import EUROPE, NORTH_AMERICA
from booxi_desktop.core.remote.keychain import PartnerKeyStore
from booxi_desktop.ui.keys.controller import KeysController
from booxi_desktop.ui.keys.key_dialog import KeyDialog
from booxi_desktop.ui.keys.region_bar import RegionBar
from booxi_desktop.ui.session import Session
from tests.ui.window_helpers import MemoryKeyring


def _controller(qtbot, code: list[str]) -> tuple[KeysController, RegionBar, Session, QWidget]:
    parent = QWidget()
    qtbot.addWidget(parent)
    session = Session([NORTH_AMERICA, EUROPE], lambda: PartnerKeyStore(MemoryKeyring()))
    bar = RegionBar([NORTH_AMERICA, EUROPE])
    qtbot.addWidget(bar)
    return KeysController(session, bar, lambda: code[0], parent), bar, session, parent


def test_the_label_follows_the_selected_regions_key(qtbot) -> None:
    code = ["na"]
    keys, bar, session, _ = _controller(qtbot, code)
    keys.refresh()
    assert bar.key_state.text() == "No key"
    session.set_key("na", "pk-north", session_only=True)
    assert bar.key_state.text() == "Key for this session only"
    code[0] = "eu"
    keys.refresh()
    assert bar.key_state.text() == "No key"


def test_one_key_dialog_at_a_time_for_the_selected_region(qtbot) -> None:
    code = ["eu"]
    keys, bar, _, parent = _controller(qtbot, code)
    bar.keyDialogRequested.emit()
    keys.open_dialog()
    shown = [d for d in parent.findChildren(KeyDialog) if d.isVisible()]
    assert len(shown) == 1
    assert "Europe" in shown[0].windowTitle()

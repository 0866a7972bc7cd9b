"""The partner-key dialog: masked entry, keychain or session-only storage, replace, forget."""

from __future__ import annotations

from pathlib import Path

from keyring.backends.fail import Keyring as FailKeyring
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit

from booxi_desktop.core.regions import EUROPE, NORTH_AMERICA
from booxi_desktop.core.remote.keychain import SERVICE, KeyState, PartnerKeyStore
from booxi_desktop.ui.keys.key_dialog import KeyDialog
from booxi_desktop.ui.session import Session
from tests.ui.window_helpers import MemoryKeyring

SECRET = "pk_live_8f2b6c0d4e1a9375"


def make_dialog(qtbot, backend, code: str = "na", session: Session | None = None):
    session = session or Session([NORTH_AMERICA, EUROPE], lambda: PartnerKeyStore(backend=backend))
    dialog = KeyDialog(session, code)
    qtbot.addWidget(dialog)
    dialog.open()
    return session, dialog


def enter_and_save(qtbot, dialog: KeyDialog, key: str) -> None:
    qtbot.keyClicks(dialog.key_edit, key)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_the_key_is_masked_until_shown(qtbot):
    _, dialog = make_dialog(qtbot, MemoryKeyring())
    assert dialog.key_edit.echoMode() is QLineEdit.EchoMode.Password
    dialog.show_button.click()
    assert dialog.key_edit.echoMode() is QLineEdit.EchoMode.Normal
    dialog.show_button.click()
    assert dialog.key_edit.echoMode() is QLineEdit.EchoMode.Password


def test_save_stores_the_key_in_the_keychain_per_region(qtbot):
    backend = MemoryKeyring()
    session, dialog = make_dialog(qtbot, backend)
    assert "No key" in dialog.state_label.text()
    assert not dialog.save_button.isEnabled()
    assert not dialog.forget_button.isEnabled()
    enter_and_save(qtbot, dialog, SECRET)
    assert backend.passwords == {(SERVICE, "na"): SECRET}
    assert session.key_store.state("na") is KeyState.STORED
    assert session.key_store.state("eu") is KeyState.NONE
    assert dialog.result() == KeyDialog.DialogCode.Accepted
    assert dialog.key_edit.text() == ""


def test_replace_then_forget(qtbot):
    backend = MemoryKeyring()
    backend.set_password(SERVICE, "eu", "old-key-1234")
    session, dialog = make_dialog(qtbot, backend, "eu")
    assert "Stored in the OS keychain" in dialog.state_label.text()
    assert dialog.save_button.text() == "Replace key"
    enter_and_save(qtbot, dialog, "new-key-5678")
    assert backend.passwords[(SERVICE, "eu")] == "new-key-5678"
    _, dialog = make_dialog(qtbot, backend, "eu", session)
    assert dialog.forget_button.isEnabled()
    qtbot.mouseClick(dialog.forget_button, Qt.MouseButton.LeftButton)
    assert backend.passwords == {}
    assert session.key_store.get("eu") is None
    assert "No key" in dialog.state_label.text()


def test_session_only_by_choice_never_reaches_the_keychain(qtbot):
    backend = MemoryKeyring()
    session, dialog = make_dialog(qtbot, backend)
    dialog.session_only_box.setChecked(True)
    enter_and_save(qtbot, dialog, SECRET)
    assert backend.passwords == {}
    assert session.key_store.state("na") is KeyState.SESSION_ONLY
    assert session.key_store.get("na") == SECRET


def test_without_a_keychain_the_key_is_session_only_and_in_no_file(qtbot, tmp_path):
    session, dialog = make_dialog(qtbot, FailKeyring())
    assert dialog.session_only_box.isChecked()
    assert not dialog.session_only_box.isEnabled()
    enter_and_save(qtbot, dialog, SECRET)
    assert session.key_store.state("na") is KeyState.SESSION_ONLY
    assert "Session only" in dialog.state_label.text()
    assert "No secure keychain" in dialog.state_label.text()
    written = [p for p in Path(tmp_path).parent.rglob("*") if p.is_file()]
    assert not [p for p in written if SECRET.encode() in p.read_bytes()]


def test_the_window_shows_the_key_state_and_opens_the_dialog(qtbot, make_window):
    window = make_window(key=None, backend=FailKeyring())
    qtbot.waitUntil(lambda: "No key" in window.region_bar.key_state.text())
    qtbot.mouseClick(window.findChild(object, "keyButton"), Qt.MouseButton.LeftButton)
    dialog = window.findChild(KeyDialog)
    assert dialog.isVisible()
    assert "Local sandbox" in dialog.windowTitle()
    assert "127.0.0.1" in dialog.findChild(QLabel, "keyIntro").text()
    enter_and_save(qtbot, dialog, SECRET)
    assert "session only" in window.region_bar.key_state.text()
    assert "never written to a file" in window.region_bar.key_state.toolTip()
    qtbot.mouseClick(window.load_bar.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.banner.isVisible() and not window.session.busy)
    assert "401" in window.banner.text
    assert SECRET not in window.banner.text
    assert SECRET not in window.statusBar().currentMessage()


def test_a_key_with_a_curly_quote_is_refused_in_the_dialog(qtbot):
    from booxi_desktop.core.regions import NORTH_AMERICA
    from booxi_desktop.core.remote.keychain import PartnerKeyStore
    from booxi_desktop.ui.keys.key_dialog import KeyDialog
    from booxi_desktop.ui.session import Session
    from tests.ui.window_helpers import MemoryKeyring

    keychain = MemoryKeyring()
    session = Session([NORTH_AMERICA], lambda: PartnerKeyStore(backend=keychain))
    dialog = KeyDialog(session, "na")
    qtbot.addWidget(dialog)
    dialog.key_edit.setText("pk_live_abc\u2019def")
    dialog.save_button.click()
    assert keychain.passwords == {}
    assert "cannot have" in dialog.state_label.text()
    assert "abc" not in dialog.state_label.text()
    assert dialog.result() == 0

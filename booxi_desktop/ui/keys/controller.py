"""The partner key of the selected region: its state on the region bar, and the key dialog."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from booxi_desktop.ui.keys.key_state import key_state_text
from booxi_desktop.ui.keys.region_bar import RegionBar
from booxi_desktop.ui.session import Session

if TYPE_CHECKING:
    from booxi_desktop.ui.keys.key_dialog import KeyDialog


class KeysController(QObject):
    """Keeps the region bar's key label true and opens one key dialog at a time."""

    def __init__(
        self,
        session: Session,
        region_bar: RegionBar,
        region_code: Callable[[], str],
        dialog_parent: QWidget,
    ) -> None:
        super().__init__(dialog_parent)
        self._session = session
        self._bar = region_bar
        self._region_code = region_code
        self._parent = dialog_parent
        self._dialog: KeyDialog | None = None
        self._open_when_read = False
        region_bar.keyDialogRequested.connect(self.open_dialog)
        session.keyChanged.connect(lambda _code: self.refresh())
        session.keychainOpened.connect(self._keychain_opened)

    def open_dialog(self) -> None:
        if self._session.keychain_deferred:
            self._session.open_keychain()  # the dialog says whether keys can be kept there
        if self._session.keychain_checking:
            # The dialog shows where the key lives: open it once the keychain has said.
            self._open_when_read = True
            return
        if self._dialog is not None:
            self._dialog.close()
        # The dialog is imported when first opened: most runs never show it.
        from booxi_desktop.ui.keys.key_dialog import KeyDialog

        self._dialog = KeyDialog(self._session, self._region_code(), self._parent)
        self._dialog.finished.connect(self.refresh)
        self._dialog.open()

    def refresh(self) -> None:
        code = self._region_code()
        short, detail = key_state_text(self._session, code)
        # Not shown as missing (in red) while the keychain has not answered yet.
        checking = self._session.keychain_checking
        self._bar.set_key_state(short, detail, checking or self._session.has_key(code))

    def _keychain_opened(self) -> None:
        self.refresh()
        if self._open_when_read:
            self._open_when_read = False
            self.open_dialog()

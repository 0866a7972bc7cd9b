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
        region_bar.keyDialogRequested.connect(self.open_dialog)
        session.keyChanged.connect(lambda _code: self.refresh())

    def open_dialog(self) -> None:
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
        self._bar.set_key_state(short, detail, self._session.has_key(code))

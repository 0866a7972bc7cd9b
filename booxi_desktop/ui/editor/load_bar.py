"""Client id, module id, Load and Cancel, with a busy indicator while a request runs."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRegularExpression, QTimer, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QWidget,
)

from booxi_desktop.ui.widgets.naming import named

# Positive whole numbers only; a regular expression because QIntValidator stops at 2**31.
CLIENT_ID_PATTERN = QRegularExpression(r"[1-9][0-9]{0,17}")
BUSY_DELAY_MS = 150


class LoadBar(QWidget):
    loadRequested = Signal(object, str)  # object: client ids exceed a C++ int
    cancelRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._busy = False
        self.client_edit = named(
            QLineEdit(),
            "clientIdEdit",
            accessible="Client id",
            tip="The Booxi client id: a positive whole number",
        )
        self.client_edit.setValidator(QRegularExpressionValidator(CLIENT_ID_PATTERN, self))
        self.client_edit.setPlaceholderText("e.g. 3104187")
        self.client_edit.setMaximumWidth(140)

        self.module_edit = named(
            QComboBox(),
            "moduleIdEdit",
            accessible="Module id",
            tip="The integration module's id, e.g. cegid_y2; recent ones are in the list",
        )
        self.module_edit.setEditable(True)
        self.module_edit.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.module_edit.setMinimumContentsLength(14)
        self._module_line = self.module_edit.lineEdit()
        assert self._module_line is not None  # an editable combo always has one
        self._module_line.setPlaceholderText("e.g. cegid_y2")

        self.load_button = named(
            QPushButton("&Load"),
            "loadButton",
            accessible="Load link",
            tip="Fetch this client's link for the module (Enter)",
        )
        self.cancel_button = named(
            QPushButton("Cancel"),
            "cancelButton",
            accessible="Cancel request",
            tip="Stop the request that is running",
        )
        self.cancel_button.setEnabled(False)
        self.busy = named(QProgressBar(), "busyIndicator", accessible="Request running")
        self.busy.setMaximumWidth(90)
        self.busy.setTextVisible(False)
        self.busy.setRange(0, 0)
        self.busy.setVisible(False)
        retain = self.busy.sizePolicy()
        retain.setRetainSizeWhenHidden(True)
        self.busy.setSizePolicy(retain)
        # Shown only for requests slower than this: a flash of animation on every fast
        # request would cost repaints and read as flicker.
        self._busy_delay = QTimer(self, singleShot=True, interval=BUSY_DELAY_MS)
        self._busy_delay.timeout.connect(lambda: self.busy.setVisible(self._busy))

        client_label = QLabel("&Client id:")
        client_label.setBuddy(self.client_edit)
        module_label = QLabel("&Module id:")
        module_label.setBuddy(self.module_edit)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        widgets: list[QWidget] = [client_label, self.client_edit, module_label, self.module_edit]
        widgets += [self.load_button, self.cancel_button, self.busy]
        for widget in widgets:
            layout.addWidget(widget, 1 if widget is self.module_edit else 0)

        self.load_button.clicked.connect(self._request_load)
        self.client_edit.returnPressed.connect(self._request_load)
        self._module_line.returnPressed.connect(self._request_load)
        self.cancel_button.clicked.connect(self.cancelRequested)
        self.client_edit.textChanged.connect(self._refresh)
        self.module_edit.editTextChanged.connect(self._refresh)
        self._refresh()

    def set_recent_modules(self, modules: Sequence[str]) -> None:
        text = self.module_edit.currentText()
        self.module_edit.clear()
        self.module_edit.addItems(list(modules))
        self.module_edit.setEditText(text)

    def set_ids(self, client_id: int | None, module_id: str) -> None:
        self.client_edit.setText("" if client_id is None else str(client_id))
        self.module_edit.setEditText(module_id)

    def client_id(self) -> int | None:
        text = self.client_edit.text()
        return int(text) if text.isdigit() and int(text) > 0 else None

    def module_id(self) -> str:
        return self.module_edit.currentText().strip()

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        if busy:
            self._busy_delay.start()
        else:
            self._busy_delay.stop()
            self.busy.setVisible(False)
        self.cancel_button.setEnabled(busy)
        self._refresh()

    def _refresh(self) -> None:
        ready = self.client_id() is not None and bool(self.module_id())
        self.load_button.setEnabled(ready and not self._busy)

    def _request_load(self) -> None:
        client_id = self.client_id()
        if client_id is not None and self.module_id() and not self._busy:
            self.loadRequested.emit(client_id, self.module_id())

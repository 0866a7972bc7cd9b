"""Enter, replace or forget the partner key of one region, and see where it is kept."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from booxi_desktop.ui.keys.key_state import key_state_text
from booxi_desktop.ui.session import Session
from booxi_desktop.ui.widgets.naming import named, wrapped


class KeyDialog(QDialog):
    """Opened with ``open()`` (never ``exec()``), so it is safe while a request runs."""

    def __init__(self, session: Session, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._code = code
        region = session.regions[code]
        self.setWindowTitle(f"Partner key — {region.label}")
        self.setMinimumWidth(460)

        intro = named(
            QLabel(
                f"The key is sent only to <b>{region.host}</b>, in the Booxi-PartnerKey header."
            ),
            "keyIntro",
        )
        intro.setWordWrap(True)
        self.state_label = named(wrapped(QLabel()), "keyStateLabel")
        self.state_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.key_edit = named(
            QLineEdit(),
            "keyEdit",
            accessible="Partner key",
            tip="The partner key Booxi gave you for this region",
        )
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.show_button = named(
            QToolButton(),
            "showKeyButton",
            accessible="Show the key",
            tip="Show or hide the characters you type",
        )
        self.show_button.setText("Show")
        self.show_button.setCheckable(True)
        self.show_button.toggled.connect(self._toggle_visible)
        entry = QHBoxLayout()
        entry.addWidget(self.key_edit, 1)
        entry.addWidget(self.show_button)

        self.session_only_box = named(
            QCheckBox("Keep for this session only (do not store in the keychain)"), "sessionOnlyBox"
        )

        form = QFormLayout()
        form.addRow("Where it is kept:", self.state_label)
        form.addRow("New key:", entry)
        form.addRow("", self.session_only_box)

        self.save_button = named(QPushButton("Save key"), "saveKeyButton")
        self.save_button.setDefault(True)
        self.save_button.setToolTip("Store this key for the region, replacing any other")
        self.forget_button = named(
            QPushButton("Forget key"),
            "forgetKeyButton",
            tip="Remove the region's key from the keychain and memory",
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.forget_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self._save)
        self.forget_button.clicked.connect(self._forget)
        # Only the button follows the typing: _refresh asks the keychain (D-Bus) each time.
        self.key_edit.textChanged.connect(
            lambda text: self.save_button.setEnabled(bool(text.strip()))
        )

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._refresh()

    def done(self, result: int) -> None:
        # The typed key must not outlive the dialog in a widget's memory.
        self.key_edit.clear()
        super().done(result)

    def _toggle_visible(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.key_edit.setEchoMode(mode)
        self.show_button.setText("Hide" if shown else "Show")

    def _refresh(self) -> None:
        store = self._session.key_store
        has_key = self._session.has_key(self._code)
        self.state_label.setText(key_state_text(self._session, self._code)[1])
        self.save_button.setText("Replace key" if has_key else "Save key")
        self.save_button.setEnabled(bool(self.key_edit.text().strip()))
        self.forget_button.setEnabled(has_key)
        self.key_edit.setPlaceholderText(
            "Type a new key to replace the current one" if has_key else "Paste the partner key"
        )
        if not store.keychain_available:
            self.session_only_box.setChecked(True)
            self.session_only_box.setEnabled(False)
            self.session_only_box.setToolTip(store.last_problem)

    def _save(self) -> None:
        key = self.key_edit.text().strip()
        if not key:
            return
        try:
            self._session.set_key(self._code, key, session_only=self.session_only_box.isChecked())
        except ValueError as exc:
            # The message names the problem, never the key itself.
            self.state_label.setText(f"Not saved: {exc}.")
            self.key_edit.setFocus()
            return
        self._refresh()
        self.accept()

    def _forget(self) -> None:
        self._session.forget_key(self._code)
        self._refresh()

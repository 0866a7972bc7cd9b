"""A second question before something that cannot be taken back, asked without exec().

The box is opened with ``open()`` and answers through a callback, so it can be asked
from anywhere, a coroutine included; the safe answer is the default and Escape.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from booxi_desktop.ui.widgets.naming import named


def confirm_destructive(
    parent: QWidget,
    *,
    name: str,
    title: str,
    question: str,
    consequences: str,
    confirm_text: str,
    keep_text: str,
    on_confirm: Callable[[], None],
    on_close: Callable[[], None] | None = None,
) -> QMessageBox:
    """Ask; ``on_confirm`` runs only if the destructive button was clicked.

    The box is named ``name`` and its confirming button ``name + "Button"``.
    """
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        title,
        question,
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    named(box, name)
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setInformativeText(consequences)
    confirm = box.addButton(confirm_text, QMessageBox.ButtonRole.DestructiveRole)
    named(confirm, f"{name}Button")
    keep = box.addButton(keep_text, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)

    def answered() -> None:
        box.deleteLater()
        if on_close is not None:
            on_close()
        if box.clickedButton() == confirm:
            on_confirm()

    box.finished.connect(answered)
    box.open()
    return box

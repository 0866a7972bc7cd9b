"""The question asked before unsaved edits would be thrown away.

Called from ordinary slots only, before any coroutine starts: a modal ``exec()`` inside
a running qasync task fails ("Cannot enter into task"). Tests pass their own answer.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from PySide6.QtWidgets import QWidget

from booxi_desktop.ui.widgets.naming import named


class Choice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


AskUnsaved = Callable[[QWidget, str], Choice]


def ask_unsaved(parent: QWidget, doing: str) -> Choice:
    """``doing`` completes "Save them before …?", e.g. "loading another link"."""
    # Imported when first asked: the class is slow to load, and the window starts without it.
    from PySide6.QtWidgets import QMessageBox

    answers = {
        QMessageBox.StandardButton.Save: Choice.SAVE,
        QMessageBox.StandardButton.Discard: Choice.DISCARD,
    }
    buttons = (
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    box = named(
        QMessageBox(
            QMessageBox.Icon.Warning,
            "Unsaved changes",
            "This link has changes that are not saved on the server.",
            buttons,
            parent,
        ),
        "unsavedPrompt",
    )
    box.setInformativeText(f"Save them before {doing}?")
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    return answers.get(QMessageBox.StandardButton(box.exec()), Choice.CANCEL)

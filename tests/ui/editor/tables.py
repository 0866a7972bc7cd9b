"""A metadata model wired to its undo history as the link editor wires it, for widget-free tests."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack

from booxi_desktop.core.link.model import MetaValue
from booxi_desktop.ui.editor.commands import SetCellCommand
from booxi_desktop.ui.editor.metadata_model import MetadataTableModel


def undoable_model() -> MetadataTableModel:
    """A model whose cell edits (``setData``) become commands on its undo stack.

    The same wiring as ``LinkEditor._edit_cell``; ``tests/ui/editor/test_link_editor.py``
    checks the editor's own.
    """
    model = MetadataTableModel(QUndoStack())

    def push(row: int, column: int, value: MetaValue) -> None:
        model.undo_stack.push(SetCellCommand(model, row, column, value))

    model.editRequested.connect(push)
    return model


def has_errors(model: MetadataTableModel) -> bool:
    return any(issue.is_error for issue in model.issues())

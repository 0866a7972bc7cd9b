"""The metadata table's vocabulary, shared by the model and the undo commands.

The commands are typed against :class:`EditableRows`, what they need of a table, so that
they do not import the model, and the model does not import them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Protocol

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtGui import QUndoStack

from booxi_desktop.core.link.model import MetaValue

Row = tuple[str, MetaValue]
AnyIndex = QModelIndex | QPersistentModelIndex

KEY_COLUMN = 0
VALUE_COLUMN = 1


class EditableRows(Protocol):
    """The table as undo commands see it: reads, and ``*_raw`` mutators that record nothing."""

    @property
    def undo_stack(self) -> QUndoStack: ...

    def rowCount(self, parent: AnyIndex = ...) -> int: ...

    def rows(self) -> list[Row]: ...

    def cell(self, row: int, column: int) -> MetaValue: ...

    def set_cell_raw(self, row: int, column: int, value: MetaValue) -> None: ...

    def insert_rows_raw(self, position: int, rows: Sequence[Row]) -> None: ...

    def remove_rows_raw(self, positions: Iterable[int]) -> list[tuple[int, Row]]: ...

    def restore_rows_raw(self, removed: Sequence[tuple[int, Row]]) -> None: ...

    def replace_all_raw(self, rows: Sequence[Row]) -> None: ...

    def batched(self) -> AbstractContextManager[None]: ...

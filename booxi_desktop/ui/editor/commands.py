"""Every edit of a link as one undoable step, named for the undo history.

Commands change the table only through the model's ``*_raw`` mutators, which record
nothing, so undoing never pushes new commands. Consecutive edits of one cell, and
consecutive typing in the externalId field, merge into one step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum

from PySide6.QtGui import QUndoCommand

from booxi_desktop.core.link.diff import same_value
from booxi_desktop.core.link.model import MetaValue, value_text
from booxi_desktop.core.link.tsv import format_pairs, parse_pairs
from booxi_desktop.core.text import elide, plural
from booxi_desktop.ui.editor.rows import KEY_COLUMN, VALUE_COLUMN, EditableRows, Row

_NAME_LIMIT = 40


class _MergeId(IntEnum):
    """QUndoStack merges two commands only when both return the same id other than -1."""

    SET_CELL = 7101
    SET_EXTERNAL_ID = 7102


def key_name(key: str) -> str:
    """A key as the undo history shows it: never blank, never a whole screen wide."""
    if key == "":
        return "(empty key)"
    return elide(key, _NAME_LIMIT)


def rows_text(count: int) -> str:
    return plural(count, "row")


class SetCellCommand(QUndoCommand):
    """One cell edit: "Edit value of loyaltyTier", "Rename key tier to loyaltyTier"."""

    def __init__(
        self,
        model: EditableRows,
        row: int,
        column: int,
        new_value: MetaValue,
        parent: QUndoCommand | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.row = row
        self.column = column
        self.old_value = model.cell(row, column)
        self.new_value = new_value
        self._key = model.cell(row, KEY_COLUMN)
        self._name_text()

    def _name_text(self) -> None:
        if self.column == KEY_COLUMN:
            old, new = value_text(self.old_value), value_text(self.new_value)
            self.setText(f"Rename key {key_name(old)} to {key_name(new)}")
        else:
            self.setText(f"Edit value of {key_name(value_text(self._key))}")

    def id(self) -> int:
        return _MergeId.SET_CELL

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (
            isinstance(other, SetCellCommand)
            and other.model is self.model
            and (other.row, other.column) == (self.row, self.column)
        ):
            return False
        self.new_value = other.new_value
        self._name_text()
        # Back to where it started: the stack drops the step.
        self.setObsolete(same_value(self.old_value, self.new_value))
        return True

    def redo(self) -> None:
        self.model.set_cell_raw(self.row, self.column, self.new_value)

    def undo(self) -> None:
        self.model.set_cell_raw(self.row, self.column, self.old_value)


class InsertRowsCommand(QUndoCommand):
    """New rows at one position: "Add row", "Add 3 rows", or a caller's text ("Paste 3 rows")."""

    def __init__(
        self,
        model: EditableRows,
        position: int,
        rows: Sequence[Row],
        text: str | None = None,
        parent: QUndoCommand | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.position = max(0, min(position, model.rowCount()))
        self.new_rows = list(rows)
        if text is None:
            text = "Add row" if len(self.new_rows) == 1 else f"Add {rows_text(len(rows))}"
        self.setText(text)

    def redo(self) -> None:
        self.model.insert_rows_raw(self.position, self.new_rows)

    def undo(self) -> None:
        self.model.remove_rows_raw(range(self.position, self.position + len(self.new_rows)))


class RemoveRowsCommand(QUndoCommand):
    """Rows removed anywhere in the table; undo puts each back at its original position."""

    def __init__(
        self,
        model: EditableRows,
        positions: Iterable[int],
        text: str | None = None,
        parent: QUndoCommand | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.positions = sorted({p for p in positions if 0 <= p < model.rowCount()})
        self._removed: list[tuple[int, Row]] = []
        if text is None:
            if len(self.positions) == 1:
                key = model.cell(self.positions[0], KEY_COLUMN)
                text = f"Remove row {key_name(value_text(key))}"
            else:
                text = f"Remove {rows_text(len(self.positions))}"
        self.setText(text)

    def redo(self) -> None:
        self._removed = self.model.remove_rows_raw(self.positions)

    def undo(self) -> None:
        self.model.restore_rows_raw(self._removed)


class ReplaceMetadataCommand(QUndoCommand):
    """The whole table at once: restoring a backup or a draft, taking a webhook's metadata."""

    def __init__(
        self,
        model: EditableRows,
        rows: Sequence[Row],
        text: str,
        parent: QUndoCommand | None = None,
    ) -> None:
        super().__init__(text, parent)
        self.model = model
        self.old_rows = model.rows()
        self.new_rows = list(rows)

    def redo(self) -> None:
        self.model.replace_all_raw(self.new_rows)

    def undo(self) -> None:
        self.model.replace_all_raw(self.old_rows)


class PasteRowsCommand(QUndoCommand):
    """Pasted pairs as one step: values of keys already present are updated, the rest inserted.

    A single command rather than a macro of many, so the model announces one change per
    paste, and per undo, instead of one per pasted row.
    """

    def __init__(
        self,
        model: EditableRows,
        at_row: int,
        pairs: Sequence[tuple[str, str]],
        parent: QUndoCommand | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.position = max(0, min(at_row, model.rowCount()))
        first_row: dict[str, int] = {}
        for position, (key, _) in enumerate(model.rows()):
            first_row.setdefault(key, position)
        pasted: dict[int, str] = {}  # a key pasted twice keeps its last value, as a dict would
        self.inserted: list[Row] = []
        for key, value in pairs:
            existing = first_row.get(key)
            if existing is None:
                self.inserted.append((key, value))
            else:
                pasted[existing] = value
        # row -> (old, new) for the values that really change
        self.updates: dict[int, tuple[MetaValue, MetaValue]] = {
            row: (model.cell(row, VALUE_COLUMN), new)
            for row, new in pasted.items()
            if not same_value(model.cell(row, VALUE_COLUMN), new)
        }
        self.setText(f"Paste {rows_text(len(self.updates) + len(self.inserted))}")

    def is_empty(self) -> bool:
        return not (self.updates or self.inserted)

    def redo(self) -> None:
        with self.model.batched():
            for row, (_, new) in self.updates.items():
                self.model.set_cell_raw(row, VALUE_COLUMN, new)
            self.model.insert_rows_raw(self.position, self.inserted)

    def undo(self) -> None:
        with self.model.batched():
            end = self.position + len(self.inserted)
            self.model.remove_rows_raw(range(self.position, end))
            for row, (old, _) in self.updates.items():
                self.model.set_cell_raw(row, VALUE_COLUMN, old)


class SetExternalIdCommand(QUndoCommand):
    """An externalId change; ``setter`` writes it into the field (which lives outside the model).

    Consecutive commands with an equal ``setter`` merge, so typing is one step. Pass the
    same bound method each time (a new lambda per keystroke would never merge).
    """

    def __init__(
        self,
        setter: Callable[[str], None],
        old: str,
        new: str,
        parent: QUndoCommand | None = None,
    ) -> None:
        super().__init__(parent)
        self.setter = setter
        self.old = old
        self.new = new
        self._name_text()

    def _name_text(self) -> None:
        self.setText(f"Set externalId to {key_name(self.new)}" if self.new else "Clear externalId")

    def id(self) -> int:
        return _MergeId.SET_EXTERNAL_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (isinstance(other, SetExternalIdCommand) and other.setter == self.setter):
            return False
        self.new = other.new
        self._name_text()
        self.setObsolete(self.new == self.old)
        return True

    def redo(self) -> None:
        self.setter(self.new)

    def undo(self) -> None:
        self.setter(self.old)


@dataclass(frozen=True)
class PasteResult:
    updated: int
    inserted: int

    @property
    def changed(self) -> int:
        return self.updated + self.inserted


def paste_rows(model: EditableRows, at_row: int, text: str) -> PasteResult:
    """Paste spreadsheet rows (``key<TAB>value`` lines) as one undo step.

    A pasted key that already exists updates that row's value; other pairs are inserted at
    ``at_row`` in the pasted order. Nothing is pushed when nothing would change.
    """
    command = PasteRowsCommand(model, at_row, parse_pairs(text))
    result = PasteResult(len(command.updates), len(command.inserted))
    if not command.is_empty():
        model.undo_stack.push(command)
    return result


def copy_rows(model: EditableRows, rows: Iterable[int]) -> str:
    """Clipboard text for the given rows, in table order, as :func:`paste_rows` reads it."""
    wanted = sorted({r for r in rows if 0 <= r < model.rowCount()})
    return format_pairs(
        (value_text(model.cell(r, KEY_COLUMN)), value_text(model.cell(r, VALUE_COLUMN)))
        for r in wanted
    )

"""Undo commands for the metadata table, each checked through undo and redo."""

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtGui import QUndoStack
from PySide6.QtTest import QAbstractItemModelTester

from booxi_desktop.ui.editor.commands import (
    InsertRowsCommand,
    RemoveRowsCommand,
    ReplaceMetadataCommand,
    SetCellCommand,
    SetExternalIdCommand,
    copy_rows,
    paste_rows,
)
from booxi_desktop.ui.editor.metadata_model import MetadataTableModel
from tests.ui.editor.tables import undoable_model

ROWS = [("loyaltyTier", "gold"), ("storeId", "MTL-12"), ("points", 42), ("note", None)]


@pytest.fixture
def model(qapp, qtlog) -> Iterator[MetadataTableModel]:
    """A loaded model under Qt's own model checker; any complaint it logs fails the test."""
    table = undoable_model()
    tester = QAbstractItemModelTester(table, QAbstractItemModelTester.FailureReportingMode.Warning)
    table.load(ROWS)
    yield table
    del tester
    assert [r.message for r in qtlog.records if "FAIL!" in r.message] == []


def history(model: MetadataTableModel) -> list[str]:
    stack = model.undo_stack
    return [stack.text(i) for i in range(stack.count())]


COMMANDS: dict[str, Callable[[MetadataTableModel], object]] = {
    "set value": lambda m: SetCellCommand(m, 2, 1, "42"),
    "rename key": lambda m: SetCellCommand(m, 0, 0, "tier"),
    "insert": lambda m: InsertRowsCommand(m, 1, [("a", "1"), ("b", "2")]),
    "insert at end": lambda m: InsertRowsCommand(m, 99, [("z", "")]),
    "remove scattered": lambda m: RemoveRowsCommand(m, [3, 0, 2]),
    "replace": lambda m: ReplaceMetadataCommand(m, [("from", "backup")], "Restore backup"),
}


@pytest.mark.parametrize("make", COMMANDS.values(), ids=COMMANDS.keys())
def test_undo_and_redo_restore_exactly(model, make) -> None:
    model.undo_stack.push(make(model))
    after = model.rows()
    assert after != ROWS
    for _ in range(2):
        model.undo_stack.undo()
        assert model.rows() == ROWS
        assert [type(v) for _, v in model.rows()] == [type(v) for _, v in ROWS]
        assert not model.is_modified()
        model.undo_stack.redo()
        assert model.rows() == after


def test_history_names(model) -> None:
    stack = model.undo_stack
    stack.push(SetCellCommand(model, 0, 1, "silver"))
    stack.push(SetCellCommand(model, 1, 0, "storeCode"))
    stack.push(InsertRowsCommand(model, 4, [("", "")]))
    stack.push(InsertRowsCommand(model, 5, [("a", ""), ("b", ""), ("c", "")]))
    stack.push(RemoveRowsCommand(model, [4]))
    stack.push(RemoveRowsCommand(model, [0, 1]))
    stack.push(SetCellCommand(model, 0, 1, "x"))
    stack.push(ReplaceMetadataCommand(model, [], "Use webhook metadata"))
    assert history(model) == [
        "Edit value of loyaltyTier",
        "Rename key storeId to storeCode",
        "Add row",
        "Add 3 rows",
        "Remove row (empty key)",
        "Remove 2 rows",
        "Edit value of points",
        "Use webhook metadata",
    ]


def test_long_keys_are_shortened_in_history(model) -> None:
    model.undo_stack.push(InsertRowsCommand(model, 0, [("k" * 300, "v")]))
    model.undo_stack.push(SetCellCommand(model, 0, 1, "w"))
    assert history(model)[1] == "Edit value of " + "k" * 39 + "…"


def test_consecutive_edits_of_one_cell_merge(model) -> None:
    for text in ("s", "si", "silver"):
        model.setData(model.index(0, 1), text)
    assert history(model) == ["Edit value of loyaltyTier"]
    model.undo_stack.undo()
    assert model.rows() == ROWS
    model.undo_stack.redo()
    assert model.rows()[0] == ("loyaltyTier", "silver")


def test_key_renames_merge_and_name_the_last_key(model) -> None:
    model.setData(model.index(1, 0), "store")
    model.setData(model.index(1, 0), "storeCode")
    assert history(model) == ["Rename key storeId to storeCode"]


def test_edits_of_different_cells_stay_separate(model) -> None:
    model.setData(model.index(0, 1), "silver")
    model.setData(model.index(1, 1), "QC-3")
    model.setData(model.index(0, 1), "bronze")
    assert model.undo_stack.count() == 3
    model.undo_stack.undo()
    assert model.rows()[0] == ("loyaltyTier", "silver")


def test_editing_back_to_the_original_drops_the_step(model) -> None:
    model.setData(model.index(0, 1), "silver")
    model.setData(model.index(0, 1), "gold")
    assert model.undo_stack.count() == 0
    assert not model.is_modified()


def test_external_id_typing_is_one_step() -> None:
    field: list[str] = ["C-1"]

    def set_field(text: str) -> None:
        field[0] = text

    stack = QUndoStack()
    old = "C-1"
    for new in ("C-12", "C-123"):
        stack.push(SetExternalIdCommand(set_field, old, new))
        old = new
    assert field == ["C-123"]
    assert [stack.text(i) for i in range(stack.count())] == ["Set externalId to C-123"]
    stack.undo()
    assert field == ["C-1"]
    stack.redo()
    assert field == ["C-123"]
    stack.push(SetExternalIdCommand(set_field, "C-123", ""))
    assert stack.text(0) == "Clear externalId"
    stack.push(SetExternalIdCommand(set_field, "", "C-1"))
    assert stack.count() == 0
    assert field == ["C-1"]


def test_external_id_edits_of_different_fields_do_not_merge() -> None:
    a: list[str] = []
    b: list[str] = []
    stack = QUndoStack()
    stack.push(SetExternalIdCommand(a.append, "", "x"))
    stack.push(SetExternalIdCommand(b.append, "", "y"))
    assert stack.count() == 2


def test_paste_updates_existing_keys_and_inserts_others(model) -> None:
    result = paste_rows(model, 1, "storeId\tQC-9\nchannel\tweb\r\nregion\tca\r\n")
    assert (result.updated, result.inserted) == (1, 2)
    assert model.rows() == [
        ("loyaltyTier", "gold"),
        ("channel", "web"),
        ("region", "ca"),
        ("storeId", "QC-9"),
        ("points", 42),
        ("note", None),
    ]
    assert history(model) == ["Paste 3 rows"]
    model.undo_stack.undo()
    assert model.rows() == ROWS
    model.undo_stack.redo()
    assert model.rows()[3] == ("storeId", "QC-9")


def test_paste_is_announced_once(model) -> None:
    emitted: list[None] = []
    model.contentChanged.connect(lambda: emitted.append(None))
    paste_rows(model, 0, "loyaltyTier\tx\nstoreId\ty\na\t1\nb\t2\n")
    model.undo_stack.undo()
    assert len(emitted) == 2


def test_paste_turns_a_number_into_text(model) -> None:
    result = paste_rows(model, 0, "points\t42\n")
    assert result.updated == 1
    assert model.rows()[2] == ("points", "42")


def test_paste_of_nothing_new_records_nothing(model) -> None:
    assert paste_rows(model, 0, "loyaltyTier\tgold\n").changed == 0
    assert paste_rows(model, 0, "\n\n").changed == 0
    assert model.undo_stack.count() == 0


def test_copy_then_paste_into_an_empty_table(model) -> None:
    text = copy_rows(model, [3, 0, 2, 99])
    assert text == "loyaltyTier\tgold\npoints\t42\nnote\tnull\n"
    model.load([])
    paste_rows(model, 0, text)
    assert model.rows() == [("loyaltyTier", "gold"), ("points", "42"), ("note", "null")]


def test_copy_keeps_awkward_values(model) -> None:
    rows = [("multi", "a\nb"), (" spaced ", " v "), ("tab", "x\ty")]
    model.load(rows)
    text = copy_rows(model, range(3))
    model.load([])
    paste_rows(model, 0, text)
    assert model.rows() == rows

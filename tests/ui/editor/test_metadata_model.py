"""The metadata table model on its own: a QUndoStack and the model, no widget."""

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtTest import QAbstractItemModelTester

from booxi_desktop.core.link import validation
from booxi_desktop.ui.editor import metadata_model
from booxi_desktop.ui.editor.metadata_model import (
    ChangedRole,
    IssueRole,
    MetadataTableModel,
)
from booxi_desktop.ui.widgets.theme import CHANGED_TINT, ERROR_TINT, WARNING_TINT, qcolor
from tests.ui.editor.tables import has_errors, undoable_model

R = Qt.ItemDataRole
ROWS = [("loyaltyTier", "gold"), ("storeId", "MTL-12"), ("points", 42)]


@pytest.fixture
def model(qapp, qtlog) -> Iterator[MetadataTableModel]:
    """A model under Qt's own model checker; any complaint it logs fails the test."""
    table = undoable_model()
    tester = QAbstractItemModelTester(table, QAbstractItemModelTester.FailureReportingMode.Warning)
    yield table
    del tester
    assert [r.message for r in qtlog.records if "FAIL!" in r.message] == []


def cell(model: MetadataTableModel, row: int, column: int, role: int = R.DisplayRole) -> object:
    return model.index(row, column).data(role)


def test_load_shows_rows_unmodified(model) -> None:
    model.load(ROWS)
    assert model.rowCount() == 3
    assert model.columnCount() == 2
    assert [cell(model, r, c) for r in range(3) for c in range(2)] == [
        "loyaltyTier",
        "gold",
        "storeId",
        "MTL-12",
        "points",
        "42",
    ]
    assert model.rows() == ROWS
    assert list(model.metadata().items()) == ROWS
    assert not model.is_modified()
    assert not any(cell(model, r, c, ChangedRole) for r in range(3) for c in range(2))


def test_headers(model) -> None:
    model.load(ROWS)
    horizontal = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(2)]
    assert horizontal == ["Key", "Value"]
    assert model.headerData(2, Qt.Orientation.Vertical) == "3"


def test_cells_are_editable(model) -> None:
    model.load(ROWS)
    flags = model.flags(model.index(0, 1))
    assert flags & Qt.ItemFlag.ItemIsEditable
    assert flags & Qt.ItemFlag.ItemIsSelectable
    assert flags & Qt.ItemFlag.ItemIsEnabled


def test_set_data_goes_through_the_undo_stack(model) -> None:
    model.load(ROWS)
    assert model.setData(model.index(0, 1), "platinum")
    assert model.undo_stack.count() == 1
    assert model.undo_stack.text(0) == "Edit value of loyaltyTier"
    assert cell(model, 0, 1) == "platinum"
    model.undo_stack.undo()
    assert model.rows() == ROWS
    model.undo_stack.redo()
    assert model.rows()[0] == ("loyaltyTier", "platinum")


def test_set_data_only_asks_for_the_edit(qapp) -> None:
    """The model records no undo step itself: it asks, and whoever owns the history acts."""
    model = MetadataTableModel(QUndoStack())
    model.load(ROWS)
    asked: list[tuple[int, int, object]] = []
    model.editRequested.connect(lambda row, column, value: asked.append((row, column, value)))
    assert model.setData(model.index(0, 1), "platinum")
    assert model.setData(model.index(1, 0), None)  # a key is always text
    assert model.setData(model.index(2, 1), 42)  # the same value: nothing to ask
    assert not model.setData(model.index(0, 1), "x", R.DisplayRole)
    assert asked == [(0, 1, "platinum"), (1, 0, "")]
    assert model.rows() == ROWS
    assert model.undo_stack.count() == 0


def test_undo_restores_the_original_type(model) -> None:
    model.load(ROWS)
    model.setData(model.index(2, 1), "42")
    assert model.rows()[2] == ("points", "42")
    assert not has_errors(model)
    model.undo_stack.undo()
    assert type(model.rows()[2][1]) is int
    assert has_errors(model)


def test_set_data_with_the_same_value_records_nothing(model) -> None:
    model.load(ROWS)
    assert model.setData(model.index(0, 0), "loyaltyTier")
    assert model.undo_stack.count() == 0
    assert not model.setData(model.index(0, 1), "x", R.DisplayRole)
    assert model.undo_stack.count() == 0


def test_load_starts_a_new_history(model) -> None:
    model.load(ROWS)
    model.setData(model.index(0, 1), "silver")
    model.load([("other", "link")])
    assert model.undo_stack.count() == 0
    assert not model.is_modified()


def test_non_string_values_show_as_json(model) -> None:
    model.load([("n", 42), ("f", 1.5), ("b", True), ("z", None), ("s", "42")])
    assert [cell(model, r, 1) for r in range(5)] == ["42", "1.5", "true", "null", "42"]
    # A null opens an empty editor, not the word "null".
    assert cell(model, 3, 1, R.EditRole) == ""
    assert cell(model, 0, 1, R.FontRole).italic()
    assert cell(model, 4, 1, R.FontRole) is None
    assert "must be text" in cell(model, 0, 1, R.ToolTipRole)
    assert cell(model, 4, 1, R.ToolTipRole) is None


def test_change_marks_follow_the_baseline_by_key(model) -> None:
    model.load(ROWS)
    model.setData(model.index(0, 1), "silver")
    assert cell(model, 0, 1, ChangedRole) is True
    assert cell(model, 0, 0, ChangedRole) is False
    assert cell(model, 0, 1, R.FontRole).bold()
    assert cell(model, 0, 1, R.BackgroundRole) == qcolor(CHANGED_TINT)
    assert cell(model, 0, 1, R.ToolTipRole) == "Was: gold"
    model.setData(model.index(1, 0), "storeCode")  # a renamed key is a new key
    assert cell(model, 1, 0, ChangedRole) is True
    assert cell(model, 1, 1, ChangedRole) is True
    assert cell(model, 2, 1, ChangedRole) is False
    assert model.is_modified()


def test_undoing_every_edit_is_unmodified_again(model) -> None:
    model.load(ROWS)
    model.setData(model.index(0, 1), "silver")
    model.setData(model.index(1, 1), "QC-1")
    model.undo_stack.undo()
    assert model.is_modified()
    model.undo_stack.undo()
    assert not model.is_modified()
    assert cell(model, 0, 1, ChangedRole) is False


def test_type_change_and_reordering_count_as_modified(model) -> None:
    model.load([("a", "1"), ("b", "2")])
    model.replace_all_raw([("a", 1), ("b", "2")])
    assert model.is_modified()
    model.replace_all_raw([("b", "2"), ("a", "1")])
    assert model.is_modified()
    # Moved rows keep their keys and values: nothing is marked.
    assert not any(cell(model, r, c, ChangedRole) for r in range(2) for c in range(2))


def test_set_baseline_clears_marks(model, qtbot) -> None:
    model.load(ROWS)
    model.setData(model.index(0, 1), "silver")
    with qtbot.waitSignal(model.baselineChanged, timeout=0):
        model.set_baseline()
    assert not model.is_modified()
    assert cell(model, 0, 1, ChangedRole) is False
    assert cell(model, 0, 1, R.BackgroundRole) is None
    assert model.baseline()[0] == ("loyaltyTier", "silver")
    model.set_baseline(ROWS)
    assert model.is_modified()
    assert cell(model, 0, 1, ChangedRole) is True


def test_duplicate_key_is_an_error_on_the_later_row(model) -> None:
    model.load([("a", "1"), ("b", "2"), ("a", "3")])
    assert cell(model, 2, 0, IssueRole) == "error"
    assert cell(model, 2, 0, R.BackgroundRole) == qcolor(ERROR_TINT)
    assert "duplicate key (also on row 1)" in cell(model, 2, 0, R.ToolTipRole)
    assert cell(model, 0, 0, IssueRole) is None
    assert cell(model, 2, 1, IssueRole) is None
    assert has_errors(model)
    assert list(model.metadata().items()) == [("a", "3"), ("b", "2")]


def test_fixing_a_key_clears_marks_on_another_row(model) -> None:
    model.load([("a", "1"), ("a", "2")])
    seen: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda top, bottom, _roles: seen.append((top.row(), bottom.row())))
    model.setData(model.index(0, 0), "b")
    assert cell(model, 1, 0, IssueRole) is None
    # Row 1 was never edited, yet views must hear that its marks changed.
    assert any(top <= 1 <= bottom for top, bottom in seen)
    assert not has_errors(model)


@pytest.mark.parametrize(
    ("key", "message"),
    [("", "key is empty"), (" tier", "key has leading or trailing spaces")],
)
def test_bad_keys_are_errors(model, key: str, message: str) -> None:
    model.load([(key, "v")])
    assert cell(model, 0, 0, IssueRole) == "error"
    assert cell(model, 0, 0, R.ToolTipRole) == message
    assert [i.message for i in model.issues()] == [message]


def test_long_key_and_value_are_warnings(model) -> None:
    model.load([("k" * 41, "v" * 501)])
    for column in (0, 1):
        assert cell(model, 0, column, IssueRole) == "warning"
        assert cell(model, 0, column, R.BackgroundRole) == qcolor(WARNING_TINT)
    assert "more than 500" in cell(model, 0, 1, R.ToolTipRole)
    assert not has_errors(model)


def test_too_many_keys_is_a_link_warning(model) -> None:
    model.load([(f"k{i}", "v") for i in range(51)])
    assert [(i.severity, i.row) for i in model.issues()] == [(validation.Severity.WARNING, None)]


def test_validation_runs_once_per_change(model, monkeypatch) -> None:
    calls: list[int] = []

    def counting(external_id, rows):
        calls.append(len(rows))
        return validation.validate(external_id, rows)

    monkeypatch.setattr(metadata_model, "validate", counting)
    model.load([(f"k{i}", "v") for i in range(100)])
    for row in range(100):
        for role in (R.BackgroundRole, R.ToolTipRole, IssueRole):
            cell(model, row, 0, role)
    model.issues()
    assert calls == [100]
    model.setData(model.index(0, 1), "w")
    cell(model, 0, 1, R.BackgroundRole)
    model.issues()
    assert calls == [100, 100]


def test_content_changed_once_per_edit_not_on_baseline(model, qtbot) -> None:
    model.load(ROWS)
    emitted: list[None] = []
    model.contentChanged.connect(lambda: emitted.append(None))
    model.setData(model.index(0, 1), "silver")
    assert len(emitted) == 1
    model.undo_stack.undo()
    assert len(emitted) == 2
    model.set_baseline()
    assert len(emitted) == 2
    with model.batched():
        model.set_cell_raw(0, 1, "x")
        model.insert_rows_raw(0, [("new", "row")])
        assert len(emitted) == 2
    assert len(emitted) == 3


def test_remove_and_restore_scattered_rows(model) -> None:
    rows = [(f"k{i}", str(i)) for i in range(8)]
    model.load(rows)
    removed = model.remove_rows_raw([6, 1, 2, 99, 5])
    assert removed == [(1, rows[1]), (2, rows[2]), (5, rows[5]), (6, rows[6])]
    assert [k for k, _ in model.rows()] == ["k0", "k3", "k4", "k7"]
    model.restore_rows_raw(removed)
    assert model.rows() == rows


def test_ten_thousand_rows(model) -> None:
    rows = [(f"key{i:05}", f"value {i}") for i in range(10_000)]
    model.load(rows)
    assert model.rowCount() == 10_000
    assert cell(model, 9_999, 1) == "value 9999"
    assert not has_errors(model)
    model.setData(model.index(9_999, 0), "key00000")
    assert cell(model, 9_999, 0, IssueRole) == "error"
    assert model.is_modified()
    model.undo_stack.undo()
    assert model.rows() == rows
    assert not model.is_modified()


def test_marks_are_current_while_views_hear_of_new_rows(model) -> None:
    model.load([("a", "1")])
    seen: list[object] = []
    model.rowsInserted.connect(
        lambda _parent, first, _last: seen.append(cell(model, first, 0, IssueRole))
    )
    model.insert_rows_raw(1, [("a", "2")])
    assert seen == ["error"]


def test_a_burst_of_changes_settles_once(model, qtbot, qapp) -> None:
    model.load([(f"k{i}", "v") for i in range(200)])
    for row in range(200):
        model.setData(model.index(row, 1), "w")
    qapp.processEvents()
    changed: list[None] = []
    settled: list[None] = []
    model.contentChanged.connect(lambda: changed.append(None))
    model.contentSettled.connect(lambda: settled.append(None))
    with qtbot.waitSignal(model.contentSettled, timeout=1000):
        model.undo_stack.setIndex(0)  # what clicking the first entry of a QUndoView does
    qapp.processEvents()
    assert (len(changed), len(settled)) == (200, 1)
    assert not model.is_modified()

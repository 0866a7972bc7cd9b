"""Metadata table costs against bare Qt baselines measured in the same run.

(a) load 10,000 keys into the model shown in a QTableView, until the view has painted,
    against a minimal QAbstractTableModel over a list in the same kind of view;
(b) 1,000 SetCellCommand pushes, 1,000 undos and 1,000 redos on a 10,000-key table shown
    in a view, against 1,000 raw ``set_cell_raw`` calls;
(c) one jump of 1,000 steps back in the history (what a click in a QUndoView does) with a
    listener that checks validation, hooked on contentChanged and on contentSettled.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_table.py
Targets: (a) <= 150 ms; (b) <= 200 ms for each 1,000 undo steps.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTableView

from booxi_desktop.ui.editor.commands import SetCellCommand
from booxi_desktop.ui.editor.metadata_model import MetadataTableModel

KEYS = 10_000
STEPS = 1_000
REPEATS = 7


class ListModel(QAbstractTableModel):
    """The least a table model can do: display text from a list, reset on load."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[tuple[str, Any]] = []

    def load(self, rows: list[tuple[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return str(self._rows[index.row()][index.column()])
        return None


class PaintWatch(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.painted = False

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def link_rows(variant: int) -> list[tuple[str, Any]]:
    return [(f"key{i:05}", f"value {i} / {variant}") for i in range(KEYS)]


def time_load_and_paint(model: Any) -> float:
    """Median ms from load() until the view has painted the new rows."""
    view = QTableView()
    view.resize(900, 700)
    view.setModel(model)
    view.show()
    QTest.qWaitForWindowExposed(view)
    watch = PaintWatch()
    view.viewport().installEventFilter(watch)
    app = QApplication.instance()
    samples = []
    for repeat in range(REPEATS):
        rows = link_rows(repeat)
        app.processEvents()
        watch.painted = False
        start = time.perf_counter()
        model.load(rows)
        while not watch.painted:
            app.processEvents()
        samples.append((time.perf_counter() - start) * 1000)
    view.close()
    return statistics.median(samples)


def time_ms(work: Callable[[], None]) -> float:
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        work()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def edited_table() -> tuple[MetadataTableModel, range]:
    model = MetadataTableModel(QUndoStack())
    model.load(link_rows(0))
    return model, range(0, KEYS, KEYS // STEPS)  # distinct cells, so no edit merges


def bench_undo() -> dict[str, float]:
    model, rows = edited_table()
    stack = model.undo_stack
    view = QTableView()
    view.setModel(model)
    view.show()
    QTest.qWaitForWindowExposed(view)

    def raw() -> None:
        for row in rows:
            model.set_cell_raw(row, 1, f"raw {row}")

    def push() -> None:
        stack.clear()
        for row in rows:
            stack.push(SetCellCommand(model, row, 1, f"edited {row}"))

    def undo() -> None:
        for _ in rows:
            stack.undo()

    def redo() -> None:
        for _ in rows:
            stack.redo()

    results = {"raw": time_ms(raw)}
    push_t, undo_t, redo_t = [], [], []
    for _ in range(REPEATS):
        push_t.append(time_ms_once(push))
        undo_t.append(time_ms_once(undo))
        redo_t.append(time_ms_once(redo))
    assert stack.count() == STEPS
    assert stack.index() == STEPS
    view.close()
    results.update(
        push=statistics.median(push_t),
        undo=statistics.median(undo_t),
        redo=statistics.median(redo_t),
    )
    return results


def time_ms_once(work: Callable[[], None]) -> float:
    start = time.perf_counter()
    work()
    return (time.perf_counter() - start) * 1000


def time_history_jump(signal_name: str) -> float:
    """ms for undoing every step at once and letting the listener run, as a window would."""
    model, rows = edited_table()
    for row in rows:
        model.undo_stack.push(SetCellCommand(model, row, 1, f"edited {row}"))
    app = QApplication.instance()
    app.processEvents()
    checked: list[bool] = []
    getattr(model, signal_name).connect(
        lambda: checked.append(any(i.is_error for i in model.issues()))
    )
    start = time.perf_counter()
    model.undo_stack.setIndex(0)
    while not checked:
        app.processEvents()
    elapsed = (time.perf_counter() - start) * 1000
    print(f"    listener on {signal_name:<15} {elapsed:8.1f} ms   ({len(checked)} validations)")
    return elapsed


def main() -> None:
    QApplication.instance() or QApplication([])
    base_load = time_load_and_paint(ListModel())
    our_load = time_load_and_paint(MetadataTableModel(QUndoStack()))
    print(f"(a) load {KEYS:,} keys + paint, median of {REPEATS}:")
    print(f"    baseline list model  {base_load:8.1f} ms")
    print(f"    MetadataTableModel   {our_load:8.1f} ms   ratio {our_load / base_load:5.2f}x")
    undo = bench_undo()
    print(f"(b) {STEPS:,} cell edits on a {KEYS:,}-key table, median of {REPEATS}:")
    print(f"    baseline set_cell_raw {undo['raw']:8.1f} ms")
    for name in ("push", "undo", "redo"):
        ratio = undo[name] / undo["raw"]
        print(f"    {name:<21} {undo[name]:8.1f} ms   ratio {ratio:5.2f}x")
    total = undo["push"] + undo["undo"] + undo["redo"]
    print(f"    push+undo+redo        {total:8.1f} ms")
    print(f"(c) jump back {STEPS:,} steps in the history of a {KEYS:,}-key table:")
    settled = time_history_jump("contentSettled")
    changed = time_history_jump("contentChanged")
    print(f"    ratio changed/settled {changed / settled:8.1f}x")


if __name__ == "__main__":
    main()

"""The History window opening over a journal of 10,000 records, against a bare table window.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_history.py [RUNS]

Each run is a fresh process (so the first open pays its imports and Qt's first-use
costs) with the app's main window already on screen, as a user would have it. It times, from the
click until the table has painted its rows:
  - baseline: a QDialog with a QTableView over a plain list model of 10,000 rows
    already in memory;
  - History: importing the History window, building it, reading the journal in a
    worker thread and painting the rows;
and until every record is listed; then six more opens in the same process (warm, each
closed once fully listed), and the worst UI stall over all of them.
Targets: the first open paints its rows in at most 150 ms, and no open stalls the UI
thread for more than 50 ms while the rest of the journal is read (the baseline's worst
stall is printed beside it). Start-up's background imports are finished before the
first click, as they are a few seconds after launch.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

RECORDS = 10_000
TARGET_MS = 150.0
STALL_TARGET_MS = 50.0
WARM = 6

_CHILD = r"""
import os, sys, time
sys.path.insert(0, os.path.join(sys.argv[1], "benchmarks"))
from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QTableView, QVBoxLayout
from measure import StallMeter

class Painted(QObject):
    def __init__(self, ready):
        super().__init__()
        self.ready, self.done = ready, False
    def eventFilter(self, _obj, event):
        if event.type() == QEvent.Type.Paint and self.ready():
            self.done = True
        return False

class ListModel(QAbstractTableModel):
    def __init__(self, rows):
        super().__init__()
        self.rows = rows
    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.rows)
    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else 7
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        return None

def open_baseline(main, rows):
    dialog = QDialog(main)
    dialog.resize(1040, 620)
    view = QTableView(dialog)
    view.setModel(ListModel(rows))
    QVBoxLayout(dialog).addWidget(view)
    return dialog, view, lambda: True, lambda: True

def open_history(main, journal_root):
    from booxi_desktop.core.history.journal import HistoryJournal
    from booxi_desktop.ui.history.window import HistoryWindow
    window = HistoryWindow(HistoryJournal(journal_root), main)
    return window, window.table, lambda: window.model.rowCount() > 0, lambda: not window.loading

def timed(app, main, opener, *args):
    start = time.perf_counter()
    dialog, view, ready, complete = opener(main, *args)
    watch = Painted(ready)
    view.viewport().installEventFilter(watch)
    dialog.show()
    while not watch.done:
        app.processEvents()
    painted = (time.perf_counter() - start) * 1000
    while not complete():
        app.processEvents()
    done = (time.perf_counter() - start) * 1000
    dialog.close()
    dialog.deleteLater()
    app.processEvents()
    return painted, done

which, root = sys.argv[2], sys.argv[3]
app = QApplication(sys.argv[:1])
# The app's own main window, as built at start-up: the History window opens over it.
from booxi_desktop.ui import app as ui_app
main = ui_app.build_window(ui_app.parse_args([]))
main.show()
for _ in range(20):
    app.processEvents()
# Start-up's background imports done, as a few seconds after launch: their hold on the
# interpreter lock would stall the baseline and History alike.
from booxi_desktop.ui.background import warm_up
warm_up(lambda: None).result()
for _ in range(20):
    app.processEvents()
rows = [(f"2026-01-01 00:{i % 60:02}", "na", str(1000 + i), "cegid_y2", "Sent", "1 changed",
         "Window") for i in range(int(sys.argv[4]))]
meter = StallMeter()
meter.start()
opener, args = (open_baseline, (rows,)) if which == "baseline" else (open_history, (root,))
first, loaded = timed(app, main, opener, *args)
stalls = [meter.stop()]
warm = []
for _ in range(int(sys.argv[5])):
    meter.start()
    warm.append(timed(app, main, opener, *args)[0])
    stalls.append(meter.stop())
warm.sort()
print(
    f"RESULT {first:.3f} {warm[len(warm) // 2]:.3f} {stalls[0]:.3f} {loaded:.3f} "
    f"{max(stalls[1:]):.3f}",
    flush=True,
)
"""


def write_journal(root: Path) -> None:
    """A real journal of RECORDS saves, as the app writes them (one line each)."""
    from booxi_desktop.core.history.journal import HistoryJournal
    from booxi_desktop.core.history.record import Change, HistoryRecord, Outcome

    journal = HistoryJournal(root)
    journal.path.parent.mkdir(parents=True, exist_ok=True)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    outcomes = list(Outcome)
    lines = []
    for i in range(RECORDS):
        record = HistoryRecord(
            at=start + timedelta(minutes=i),
            region=("na", "eu", "sandbox")[i % 3],
            client_id=3_100_000 + i % 400,
            module_id=("cegid_y2", "acme_crm")[i % 2],
            outcome=outcomes[i % len(outcomes)],
            status=500 if outcomes[i % len(outcomes)] is Outcome.REFUSED else None,
            change=Change(
                added={f"key{i % 7}": f"value {i}"},
                changed={"loyaltyTier": ("gold", "platinum"), "storeCode": ("MTL-01", "QC-2")},
            ),
            backup=str(root / "backups" / f"{i}.json"),
        )
        lines.append(json.dumps(record.to_json()))
    journal.path.write_text("\n".join(lines) + "\n")
    assert len(journal.read().records) == RECORDS


def run_child(which: str, root: Path) -> tuple[float, ...]:
    here = Path(__file__).resolve().parent.parent
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    # The main window's settings and data go to the benchmark's folder, not the user's.
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[var] = str(root / var.lower())
    env.pop("BOOXI_PARTNER_KEY", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(here), env.get("PYTHONPATH", "")]))
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(here), which, str(root), str(RECORDS), str(WARM)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT"))
    # first open, median warm open, stall of the first open, first open fully listed,
    # worst stall of the warm opens
    return tuple(float(x) for x in line.split()[1:])


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_journal(root)
        size_mb = (root / "history" / "journal.jsonl").stat().st_size / 1e6
        base = [run_child("baseline", root) for _ in range(runs)]
        ours = [run_child("history", root) for _ in range(runs)]
    med = statistics.median
    b_first, b_warm = med(r[0] for r in base), med(r[1] for r in base)
    h_first, h_warm = med(r[0] for r in ours), med(r[1] for r in ours)
    stall, warm_stall = max(r[2] for r in ours), max(r[4] for r in ours)
    loaded = med(r[3] for r in ours)
    print(f"History window, {RECORDS:,} records ({size_mb:.1f} MB journal), median of {runs}")
    print("fresh processes; from the click until the table has painted its rows:")
    print(
        f"  first open  baseline table {b_first:8.1f} ms   History {h_first:8.1f} ms   "
        f"ratio {h_first / b_first:5.2f}x   (target <= {TARGET_MS:.0f} ms)"
    )
    print(
        f"  warm open   baseline table {b_warm:8.1f} ms   History {h_warm:8.1f} ms   "
        f"ratio {h_warm / b_warm:5.2f}x"
    )
    print(f"  first open until every record is listed    History {loaded:8.1f} ms")
    print(
        f"  worst UI stall, first open      baseline {max(r[2] for r in base):8.1f} ms   "
        f"History {stall:8.1f} ms   (target <= {STALL_TARGET_MS:.0f} ms)"
    )
    print(
        f"  worst UI stall, warm opens      baseline {max(r[4] for r in base):8.1f} ms   "
        f"History {warm_stall:8.1f} ms   (target <= {STALL_TARGET_MS:.0f} ms)"
    )
    print(
        "  worst UI stall per run (first open / warm opens), ms: "
        f"baseline {[(round(r[2]), round(r[4])) for r in base]}   "
        f"History {[(round(r[2]), round(r[4])) for r in ours]}"
    )
    missed = h_first > TARGET_MS or max(stall, warm_stall) > STALL_TARGET_MS
    if missed:
        print("MISSED the target")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

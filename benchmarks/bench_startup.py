"""Process start to first paint of the main window, and peak RSS once idle.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_startup.py [RUNS]

Compares ``booxi-desktop --demo`` with a bare PySide6 QMainWindow started the same way in
the same run. Targets: at most 1.5x the bare window's time, at most 90 MB peak RSS
(the warm-up after the first paint included: it runs in that idle half-second).

A third window, built in one script with the widgets this window shows at start (menus,
toolbar, undo history panel, region and load bars, tabs), built the same way, and none of
the app's code, tells how much of the difference is the cost of those widgets in PySide6
and Qt, and how much the app's own. Like the app, it leaves PySide6's ``Qt`` namespace
unbuilt (see booxi_desktop/ui/widgets/lazy_qt.py).
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time

MARKER = "FIRST_PAINT"
RATIO_TARGET = 1.5
RSS_TARGET_MB = 90

# Shared by both children: print the marker on the window's first paint, then report
# peak RSS after half a second of idling (deferred start-up work included) and quit.
_HOOK = """
import resource, sys, time
import PySide6.QtCore
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

class FirstPaint(QObject):
    done = False
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            print(f"FIRST_PAINT {time.time()}", flush=True)
            print(f"QT_NAMESPACE_BUILT {'Qt' in vars(PySide6.QtCore)}", flush=True)
            QTimer.singleShot(500, lambda: finish(obj.window()))
        return False

def finish(window):
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"RSS {rss_mb:.1f}", flush=True)
    window.close()
    QApplication.instance().quit()

hook = FirstPaint()
"""

BARE = (
    _HOOK
    + """
from PySide6.QtWidgets import QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1120, 700)
window.installEventFilter(hook)
window.show()
app.exec()
"""
)

WIDGETS = (
    _HOOK
    + """
from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QAction, QKeySequence, QRegularExpressionValidator, QUndoStack
from PySide6.QtWidgets import (
    QComboBox, QFrame, QHBoxLayout, QLabel, QLineEdit, QMainWindow, QProgressBar, QPushButton,
    QSplitter, QStackedWidget, QTabWidget, QToolBar, QToolButton, QUndoView, QVBoxLayout,
    QWidget,
)
app = QApplication(sys.argv[:1])
window = QMainWindow()
Key = QKeySequence.StandardKey
def action(text, key):
    made = QAction(text, window)
    made.setShortcuts([QKeySequence(key)])
    return made
save, quit_ = action("Save", Key.Save), action("Quit", Key.Quit)
backups = action("Backups", "Ctrl+Shift+B")
undo, redo = action("Undo", Key.Undo), action("Redo", Key.Redo)
rows = [action(t, k) for t, k in (("Copy", Key.Copy), ("Paste", Key.Paste), ("Delete", Key.Delete))]
for row in rows:
    row.setProperty("shortcutContext", "WidgetWithChildrenShortcut")
more = [action(t, k) for t, k in (("History", "Ctrl+Shift+H"), ("Sample", "Ctrl+Shift+O"),
    ("Receive", "Ctrl+Shift+R"), ("Find", "Ctrl+F"), ("cURL", "Ctrl+Shift+C"), ("Keys", "F1"))]
history = QWidget()
toggle = QAction("Undo history", history, checkable=True, checked=True)
toggle.toggled.connect(history.setVisible)
header = QHBoxLayout()
header.addWidget(QLabel("<b>Undo history</b>"), 1)
header.addWidget(QToolButton(text="✕", autoRaise=True))
column = QVBoxLayout(history)
column.addLayout(header)
column.addWidget(QUndoView(QUndoStack(window)), 1)
menus = window.menuBar()
menus.addMenu("&File").addActions([save, backups, *more[:4], quit_])
menus.addMenu("&Edit").addActions([undo, redo, *rows, more[4]])
menus.addMenu("&View").addAction(toggle)
menus.addMenu("&Help").addAction(more[5])
toolbar = QToolBar("Main", window)
toolbar.setProperty("toolButtonStyle", "ToolButtonTextOnly")
toolbar.addActions([undo, redo, backups, toggle, more[0]])
window.addToolBar(toolbar)
def row_of(*widgets):
    holder = QWidget()
    layout = QHBoxLayout(holder)
    for widget in widgets:
        layout.addWidget(widget)
    return holder
regions = QComboBox()
regions.addItems(["North America — api.booxi.com", "Europe — api.booxi.eu", "Local sandbox"])
region_bar = row_of(QLabel("&Region:"), regions, QPushButton("Partner key…"), QLabel("No key"))
notice = QLabel()
notice.setProperty("textFormat", "RichText")
banner = row_of(notice, QPushButton(), QToolButton())
banner.hide()
client = QLineEdit("3104187")
client.setValidator(QRegularExpressionValidator(QRegularExpression("[1-9][0-9]{0,17}"), client))
module = QComboBox()
module.setEditable(True)
module.setEditText("cegid_y2")
busy = QProgressBar()
busy.setRange(0, 0)
busy.hide()
load_bar = row_of(QLabel("&Client id:"), client, QLabel("&Module id:"), module,
    QPushButton("&Load"), QPushButton("Cancel"), busy)
intro = QLabel("<h3>Demo mode</h3><p>A local sandbox with sample clients runs here.</p>")
intro.setWordWrap(True)
intro.setProperty("alignment", "AlignCenter")
pages = QStackedWidget()
pages.addWidget(intro)
link_page = QWidget()
column = QVBoxLayout(link_page)
column.addWidget(load_bar)
column.addWidget(pages, 1)
tabs = QTabWidget()
tabs.setDocumentMode(True)
tabs.addTab(link_page, "Module link")
tabs.addTab(QWidget(), "Webhook inspector")
central = QWidget()
column = QVBoxLayout(central)
for widget in (region_bar, banner, tabs):
    column.addWidget(widget)
split = QSplitter()
split.addWidget(central)
split.addWidget(history)
split.setStretchFactor(0, 1)
split.setSizes([890, 230])
window.setCentralWidget(split)
window.statusBar()
window.setWindowTitle("booxi-desktop[*]")
window.resize(1120, 700)
window.installEventFilter(hook)
window.show()
app.exec()
"""
)

APP = (
    _HOOK
    + """
from booxi_desktop.ui import app as entry

_build = entry.build_window
def build_window(*args, **kwargs):
    window = _build(*args, **kwargs)
    window.installEventFilter(hook)
    return window
entry.build_window = build_window
sys.exit(entry.main(["--demo"]))
"""
)


def run_once(code: str) -> tuple[float, float, bool]:
    # The child stamps its first paint itself: busy right after it (the warm-up), it could
    # leave this process waiting for a core, and a stamp taken here would count that wait.
    started = time.time()
    child = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=os.environ.copy()
    )
    assert child.stdout is not None
    first_paint = None
    rss = float("nan")
    qt_built = False
    for line in child.stdout:
        if line.startswith(MARKER) and first_paint is None:
            first_paint = (float(line.split()[1]) - started) * 1000
        elif line.startswith("RSS "):
            rss = float(line.split()[1])
        elif line.startswith("QT_NAMESPACE_BUILT "):
            qt_built = line.split()[1] == "True"
    if child.wait(timeout=30) != 0 or first_paint is None:
        raise RuntimeError(f"child failed (exit {child.returncode})")
    return first_paint, rss, qt_built


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # The app remembers its last region: keep that away from the user's own settings.
    scratch = tempfile.mkdtemp(prefix="booxi-bench-")
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        os.environ[var] = os.path.join(scratch, var.lower())
    # PySide6 was byte-compiled when pip installed it; compile the app too, as an installed
    # wheel would be, so that neither side pays for compiling source at start.
    import booxi_desktop

    compileall.compile_dir(os.path.dirname(booxi_desktop.__file__), quiet=1)
    children = {"bare": BARE, "widgets": WIDGETS, "app": APP}
    for code in children.values():  # warm the file cache for each
        run_once(code)
    # Interleaved, so that a machine slowing down or speeding up weighs on all three alike.
    runs_of: dict[str, list[tuple[float, float, bool]]] = {name: [] for name in children}
    for _ in range(runs):
        for name, code in children.items():
            runs_of[name].append(run_once(code))
    ms = {name: statistics.median(t for t, _, _ in done) for name, done in runs_of.items()}
    rss = {name: max(r for _, r, _ in done) for name, done in runs_of.items()}
    built = [name for name, done in runs_of.items() if any(b for _, _, b in done)]
    print(f"platform: {os.environ['QT_QPA_PLATFORM']}, runs: {runs}, median first paint")
    print(f"bare QMainWindow           : {ms['bare']:7.1f} ms  peak RSS {rss['bare']:6.1f} MB")
    print(
        f"same widgets, no app code  : {ms['widgets']:7.1f} ms  peak RSS"
        f" {rss['widgets']:6.1f} MB  ({ms['widgets'] / ms['bare']:.2f}x bare)"
    )
    print(f"booxi-desktop --demo       : {ms['app']:7.1f} ms  peak RSS {rss['app']:6.1f} MB")
    print(f"Qt namespace built before the first paint in: {', '.join(built) or 'none'}")
    ratio = ms["app"] / ms["bare"]
    app_rss = rss["app"]
    print(
        f"ratio: {ratio:.2f}x bare (target <= {RATIO_TARGET}x), {ms['app'] / ms['widgets']:.2f}x"
        f" the same widgets; RSS target <= {RSS_TARGET_MB} MB"
    )
    # The machine's speed drifts within a run; the ratio of each round's neighbours is
    # less moved by that drift than the medians taken over all rounds.
    pairs = zip(runs_of["app"], runs_of["bare"], strict=True)
    rounds = sorted(app[0] / bare[0] for app, bare in pairs)
    quartiles = statistics.quantiles(rounds, n=4) if len(rounds) > 1 else rounds * 3
    print(
        f"per round, app / bare: median {statistics.median(rounds):.2f}x"
        f" (quartiles {quartiles[0]:.2f}-{quartiles[2]:.2f}x)"
    )
    return 0 if ratio <= RATIO_TARGET and app_rss <= RSS_TARGET_MB else 1


if __name__ == "__main__":
    sys.exit(main())

"""Process start to first paint of the main window, and peak RSS once idle.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_startup.py [RUNS]

Compares ``booxi-desktop --demo`` with a bare PySide6 QMainWindow started the same way in
the same run. Targets: at most 1.5x the bare window's time, at most 90 MB peak RSS
(the warm-up after the first paint included: it runs in that idle half-second).
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
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

class FirstPaint(QObject):
    done = False
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            print(f"FIRST_PAINT {time.time()}", flush=True)
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


def run_once(code: str) -> tuple[float, float]:
    # The child stamps its first paint itself: busy right after it (the warm-up), it could
    # leave this process waiting for a core, and a stamp taken here would count that wait.
    started = time.time()
    child = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=os.environ.copy()
    )
    assert child.stdout is not None
    first_paint = None
    rss = float("nan")
    for line in child.stdout:
        if line.startswith(MARKER) and first_paint is None:
            first_paint = (float(line.split()[1]) - started) * 1000
        elif line.startswith("RSS "):
            rss = float(line.split()[1])
    if child.wait(timeout=30) != 0 or first_paint is None:
        raise RuntimeError(f"child failed (exit {child.returncode})")
    return first_paint, rss


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # The app remembers its last region: keep that away from the user's own settings.
    scratch = tempfile.mkdtemp(prefix="booxi-bench-")
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        os.environ[var] = os.path.join(scratch, var.lower())
    # PySide6 was byte-compiled when pip installed it; compile the app too, as an installed
    # wheel would be, so that neither side pays for compiling source at start.
    import booxi_desktop

    compileall.compile_dir(os.path.dirname(booxi_desktop.__file__), quiet=1)
    run_once(BARE)  # warm the file cache for both
    run_once(APP)
    bare, app = [], []
    for _ in range(runs):
        bare.append(run_once(BARE))
        app.append(run_once(APP))
    bare_ms = statistics.median(t for t, _ in bare)
    app_ms = statistics.median(t for t, _ in app)
    bare_rss = max(r for _, r in bare)
    app_rss = max(r for _, r in app)
    print(f"platform: {os.environ['QT_QPA_PLATFORM']}, runs: {runs}, median first paint")
    print(f"bare QMainWindow    : {bare_ms:7.1f} ms  peak RSS {bare_rss:6.1f} MB")
    print(f"booxi-desktop --demo: {app_ms:7.1f} ms  peak RSS {app_rss:6.1f} MB")
    ratio = app_ms / bare_ms
    print(f"ratio: {ratio:.2f}x (target <= {RATIO_TARGET}x); RSS target <= {RSS_TARGET_MB} MB")
    return 0 if ratio <= RATIO_TARGET and app_rss <= RSS_TARGET_MB else 1


if __name__ == "__main__":
    sys.exit(main())

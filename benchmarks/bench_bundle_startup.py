"""The bundle's start-up against the source run's, both through ``--self-test``.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_bundle_startup.py [RUNS] [BUNDLE]

Each run starts ``booxi-desktop --self-test`` and times, from process start, the first
paint (the first flush of the main window, which Qt's ``qt.widgets.painting`` log reports:
no hook is needed inside the bundle) and the "self-test passed" line (the event loop and the
built-in sandbox up, the demo link loaded through the load bar and checked). Peak RSS comes
from the child's rusage. The baseline is the same command from the source tree
(``python -m booxi_desktop``) in the same run. Target: the bundle's first paint within 1.25x
of the source run's. Skips (exit 0) with a message when no bundle is built (``make bundle``).
"""

from __future__ import annotations

import compileall
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO, NamedTuple

ROOT = Path(__file__).resolve().parents[1]
PASSED = "self-test passed"
# Qt's log line for a backing store flushed to the main window: the first paint on screen.
FLUSH = re.compile(r"qt\.widgets\.painting: Flushing .* of MainWindow\(")
TARGET = 1.25


class Run(NamedTuple):
    first_paint_ms: float
    ready_ms: float
    rss_mb: float


def _first_flush(stream: IO[str], started: float, found: list[float]) -> None:
    for line in stream:
        if not found and FLUSH.search(line):
            found.append((time.perf_counter() - started) * 1000)


def run_once(command: list[str], env: dict[str, str]) -> Run:
    started = time.perf_counter()
    child = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT
    )
    assert child.stdout is not None
    assert child.stderr is not None
    painted: list[float] = []
    reader = threading.Thread(target=_first_flush, args=(child.stderr, started, painted))
    reader.start()
    ready = None
    for line in child.stdout:
        if line.startswith(PASSED) and ready is None:
            ready = (time.perf_counter() - started) * 1000
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    reader.join()
    if child.returncode != 0 or ready is None or not painted:
        raise RuntimeError(f"{command[0]} failed (exit {child.returncode})")
    return Run(painted[0], ready, usage.ru_maxrss / 1024)


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    bundle = Path(sys.argv[2] if len(sys.argv) > 2 else ROOT / "dist" / "booxi-desktop")
    executable = bundle / "booxi-desktop"
    if not executable.is_file():
        print(f"skipped: no bundle at {bundle} (make bundle)")
        return 0
    env = os.environ.copy()
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    scratch = tempfile.mkdtemp(prefix="booxi-bench-")
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[var] = os.path.join(scratch, var.lower())
    env["PYTHONPATH"] = str(ROOT)
    env["QT_LOGGING_RULES"] = "qt.widgets.painting=true"
    compileall.compile_dir(str(ROOT / "booxi_desktop"), quiet=1)  # as an installed wheel is
    source = [sys.executable, "-m", "booxi_desktop", "--self-test"]
    frozen = [str(executable), "--self-test"]
    run_once(source, env)  # warm the file cache for both
    run_once(frozen, env)
    source_runs, frozen_runs = [], []
    for _ in range(runs):
        source_runs.append(run_once(source, env))
        frozen_runs.append(run_once(frozen, env))
    print(f"platform: {env['QT_QPA_PLATFORM']}, runs: {runs}, medians from process start")
    for name, results in (
        ("source (python -m booxi_desktop)", source_runs),
        ("bundle", frozen_runs),
    ):
        paint = statistics.median(r.first_paint_ms for r in results)
        ready = statistics.median(r.ready_ms for r in results)
        rss = max(r.rss_mb for r in results)
        print(
            f"{name:34}: first paint {paint:6.1f} ms, demo link checked {ready:6.1f} ms,"
            f" peak RSS {rss:5.1f} MB"
        )
    ratio = statistics.median(r.first_paint_ms for r in frozen_runs) / statistics.median(
        r.first_paint_ms for r in source_runs
    )
    print(f"first paint ratio bundle/source: {ratio:.2f}x (target <= {TARGET}x)")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())

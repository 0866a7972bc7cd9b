"""The bundle's start-up against the source run's, both through ``--self-test``.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_bundle_startup.py [RUNS] [BUNDLE]

Each run starts ``booxi-desktop --self-test`` and times process start to its "self-test
passed" line: the window painted, the event loop and the built-in sandbox up, the demo link
loaded through the load bar and checked. Peak RSS comes from the child's rusage. The
baseline is the same command from the source tree (``python -m booxi_desktop``) in the
same run. Target: the bundle within 1.25x of the source run's time. Skips (exit 0) with a
message when no bundle is built (``make bundle``).
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSED = "self-test passed"
TARGET = 1.25


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    assert child.stdout is not None
    ready = None
    for line in child.stdout:
        if line.startswith(PASSED) and ready is None:
            ready = (time.perf_counter() - started) * 1000
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0 or ready is None:
        raise RuntimeError(f"{command[0]} failed (exit {child.returncode})")
    return ready, usage.ru_maxrss / 1024


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
    compileall.compile_dir(str(ROOT / "booxi_desktop"), quiet=1)  # as an installed wheel is
    source = [sys.executable, "-m", "booxi_desktop", "--self-test"]
    frozen = [str(executable), "--self-test"]
    run_once(source, env)  # warm the file cache for both
    run_once(frozen, env)
    source_runs, frozen_runs = [], []
    for _ in range(runs):
        source_runs.append(run_once(source, env))
        frozen_runs.append(run_once(frozen, env))
    source_ms = statistics.median(t for t, _ in source_runs)
    frozen_ms = statistics.median(t for t, _ in frozen_runs)
    print(f"platform: {env['QT_QPA_PLATFORM']}, runs: {runs}, median start to demo link checked")
    print(
        f"source (python -m booxi_desktop): {source_ms:7.1f} ms  peak RSS "
        f"{max(r for _, r in source_runs):6.1f} MB"
    )
    print(
        f"bundle ({executable}): {frozen_ms:7.1f} ms  peak RSS "
        f"{max(r for _, r in frozen_runs):6.1f} MB"
    )
    ratio = frozen_ms / source_ms
    print(f"ratio: {ratio:.2f}x (target <= {TARGET}x)")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())

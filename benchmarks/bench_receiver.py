"""Webhook deliveries held per second with the window open, and the worst UI stall meanwhile.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_receiver.py [SECONDS] [RATE]

A sender in another process floods the receiver at RATE deliveries a second (default 1,000)
for SECONDS (default 10) with the sample group reservation event. The window's receiver is
its own (a child process); the baselines, in the same run, are the same flood to the
in-process receiver `booxi-link listen` uses, with no window (deliveries per second), and the
stall of the idle window with no flood. Targets: the window holds the rate the bare receiver holds
(at least 95 % of it) and its UI thread never stalls over 50 ms.
"""

from __future__ import annotations

import asyncio
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import qasync
from measure import StallMeter
from PySide6.QtWidgets import QApplication

HERE = Path(__file__).parent
STALL_TARGET_MS = 50.0


def flood_body(folder: Path) -> Path:
    from booxi_desktop.core.webhook.samples import sample_event

    text = sample_event("group").text()
    text = text.replace('"evt_sample_group_reservation"', '"__EVENT_ID__"', 1)
    path = folder / "event.json"
    path.write_text(text, encoding="utf-8")
    return path


async def flood(
    port: int, rate: float, seconds: float, body: Path, meter: StallMeter | None = None
) -> tuple[int, float]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(HERE / "flood_sender.py"),
        str(port),
        str(rate),
        str(seconds),
        str(body),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    await asyncio.sleep(0.5)  # the sender's start-up is the benchmark's, not the window's
    if meter is not None:
        meter.start()
    started = time.perf_counter()
    out, _ = await process.communicate(b"go\n")
    return int(out.strip() or 0), time.perf_counter() - started


async def bare(rate: float, seconds: float, body: Path) -> float:
    from booxi_desktop.core.webhook.payload import AnalysisContext
    from booxi_desktop.core.webhook.receiver.server import Receiver

    with Receiver(AnalysisContext("cegid_y2")) as receiver:
        answered, elapsed = await flood(receiver.port, rate, seconds, body)
        held = receiver.ring.last_number
    assert held == answered, (held, answered)
    return held / elapsed


async def main_async(seconds: float, rate: float) -> int:
    from booxi_desktop.ui.app import build_window, parse_args

    with tempfile.TemporaryDirectory() as tmp:
        for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            os.environ[var] = str(Path(tmp) / var.lower())
        body = flood_body(Path(tmp))
        base_rate = await bare(rate, seconds, body)

        window = build_window(parse_args([]))
        window.resize(1280, 800)
        window.show()
        control = window.webhooks.receive  # builds and shows the inspector with its panel
        window.webhooks.show()
        await asyncio.sleep(1.0)  # the first paints are not what is measured
        meter = StallMeter()
        meter.start()
        await asyncio.sleep(min(seconds, 3.0))
        idle_stall = meter.stop()

        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        url = window.webhooks.start_receiving()
        assert url is not None
        assert control.receiver is not None
        answered, elapsed = await flood(control.receiver.port, rate, seconds, body, meter)
        ring = control.receiver.ring
        while control.panel.model.last_number < ring.last_number:
            await asyncio.sleep(0.01)
        stall = meter.stop()
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        held = ring.last_number
        assert held == answered, (held, answered)
        window_rate = held / elapsed
        rows = control.panel.model.rowCount()
        evicted = ring.evicted
        control.stop_receiving()
        window.close()

    ratio = window_rate / base_rate
    print(f"flood: {rate:,.0f}/s asked for {seconds:g} s, sample group reservation event")
    print(f"  bare receiver (no window)   {base_rate:8.0f} deliveries/s")
    print(f"  receiver, window open       {window_rate:8.0f} deliveries/s  ({ratio:.2f}x)")
    print(f"  rows listed {rows}, held {ring.count}, evicted {evicted} (ring bound 500)")
    print(f"  peak RSS {rss_before:.0f} MB before the flood, {rss_after:.0f} MB after")
    print(f"  UI stall, idle window       {idle_stall:8.2f} ms")
    print(f"  UI stall during the flood   {stall:8.2f} ms (target <= {STALL_TARGET_MS:g})")
    return 0 if stall <= STALL_TARGET_MS and ratio >= 0.95 else 1


def main() -> int:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
    rate = float(sys.argv[2]) if len(sys.argv) > 2 else 1000.0
    QApplication(sys.argv[:1])
    with asyncio.Runner(loop_factory=qasync.QEventLoop) as runner:
        return runner.run(main_async(seconds, rate))


if __name__ == "__main__":
    sys.exit(main())

"""A 5 MB, ~100,000-value webhook event pasted into the webhook panel, until it is on screen.

Measured in the same run against the floor: ``json.loads`` plus a bare lazy tree model in
a QTreeView, painted. For the panel, two moments are reported: the tree painted with the
event's first rows, and the findings painted (decoding with every check, the nesting one
included, and analysis are done in one trip off the UI thread, so both usually show in the
same paint), and when the search for duplicate keys that follows that paint is done.
Each panel run is also divided by the floor run just before it: this machine drifts
between slow and fast spells. The event shapes are those of bench_webhook_parse.py:
thousands of links, a long history, one client. While it loads, a 5 ms timer on the UI
thread records how late it fires: the window's longest stall. Memory: what the panel
still holds once shown (tracemalloc, Python objects) and the process's RSS growth,
against the parsed object.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_webhook_panel.py \
        [--repeat N] [--shape links|content|single]

Targets: findings painted <= 2x the floor; no stall over 50 ms; memory added <= 3x parsed.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

import qasync  # QT_API above makes it bind to PySide6
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QTreeView, QWidget

sys.path.insert(0, str(Path(__file__).parent))
from bench_webhook_parse import MODULE, BareLazyModel, content_event, links_event, single_event
from measure import StallMeter, allocated

from booxi_desktop.core.jsondoc.decode import decode_json
from booxi_desktop.ui.inspector.panel import WebhookPanel

SIZE = (1280, 800)
STALL_TARGET_MS = 50.0


class FirstPaint(QObject):
    """Resolves a future at the first paint of ``widget`` once :meth:`arm` was called."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.armed = False
        self.at = 0.0
        self.future: asyncio.Future[float] = asyncio.get_event_loop().create_future()
        widget.installEventFilter(self)

    def arm(self) -> None:
        self.armed = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.armed and event.type() == QEvent.Type.Paint and not self.future.done():
            self.at = time.perf_counter()
            self.future.set_result(self.at)
        return False


async def shown(widget: QWidget) -> None:
    widget.resize(*SIZE)
    widget.show()
    for _ in range(5):
        await asyncio.sleep(0.01)


async def floor_run(text: str) -> tuple[float, float]:
    view = QTreeView()
    view.setUniformRowHeights(True)
    await shown(view)
    painted = FirstPaint(view.viewport())
    stalls = StallMeter()
    gc.collect()
    stalls.start()
    start = time.perf_counter()
    doc = json.loads(text)
    view.setModel(BareLazyModel(doc))
    painted.arm()
    end = await painted.future
    stall = stalls.stop()
    view.close()
    view.deleteLater()
    return (end - start) * 1000, stall


async def panel_run(
    text: str, panel: WebhookPanel | None = None, *, repeated: bool = False
) -> dict[str, float]:
    """``repeated``: ``text`` is what ``panel`` shows already, so its findings may not
    change, and nothing of them repaints: only the stall is measured then."""
    own = panel is None
    if panel is None:
        panel = WebhookPanel()
        panel.set_context(MODULE, None)
        # Built before it is shown, as the paints are watched on them: built in the
        # measured span instead, they would be polished and laid out while the worker
        # parses, which the window never does (it builds them with the first results).
        panel.tree, panel.findings_view  # noqa: B018
        await shown(panel)
    tree_paint = FirstPaint(panel.tree.view.viewport())
    findings_paint = FirstPaint(panel.findings_view.summary)
    parsed = asyncio.get_event_loop().create_future()
    panel.loader.decoded.connect(tree_paint.arm)
    panel.parsed.connect(findings_paint.arm)

    def parsed_now() -> None:
        if not parsed.done():
            parsed.set_result(time.perf_counter())

    panel.parsed.connect(parsed_now)
    stalls = StallMeter()
    gc.collect()
    stalls.start()
    start = time.perf_counter()
    panel.load_text(text)
    tree_at = await tree_paint.future
    if repeated:
        findings_at = await parsed
        await asyncio.sleep(0.01)
    else:
        findings_at = await findings_paint.future
    while panel.loader.pending:  # the duplicate-key search, after the paint (to within 2 ms)
        await asyncio.sleep(0.002)
    done_at = time.perf_counter()
    stall = stalls.stop()
    rows = panel.tree.model.rowCount()
    assert rows > 0, "the tree showed nothing"
    assert panel.findings is not None, "the findings showed nothing"
    panel.loader.decoded.disconnect(tree_paint.arm)
    panel.parsed.disconnect(findings_paint.arm)
    panel.parsed.disconnect(parsed_now)
    if own:
        panel.close()
        panel.deleteLater()
    return {
        "tree": (tree_at - start) * 1000,
        "findings": (findings_at - start) * 1000,
        "done": (done_at - start) * 1000,
        "stall": stall,
    }


def median_ms(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


async def memory(text: str) -> tuple[int, int, float]:
    parsed, parsed_bytes = allocated(lambda: json.loads(text))
    del parsed
    panel = WebhookPanel()
    panel.set_context(MODULE, None)
    await shown(panel)
    gc.collect()
    rss_before = rss_mb()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    await panel_run(text, panel)
    for _ in range(3):
        await asyncio.sleep(0.02)
    gc.collect()
    added = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    rss_added = rss_mb() - rss_before
    panel.close()
    panel.deleteLater()
    return parsed_bytes, added, rss_added


async def measure(name: str, payload: bytes, repeat: int) -> None:
    text = payload.decode()
    print(f"\n== {name}: {len(payload) / 1e6:.2f} MB")
    await floor_run(text)  # warm-up: imports, fonts, first-use costs
    await panel_run(text)
    floors, floor_stalls, runs = [], [], []
    for _ in range(repeat):
        took, stall = await floor_run(text)
        floors.append(took)
        floor_stalls.append(stall)
        runs.append(await panel_run(text))
    floor = statistics.median(floors)
    # Each panel run against the floor run just before it: this machine drifts between
    # slow and fast spells, which a ratio of medians taken over different runs mixes up.
    paired = statistics.median(r["findings"] / f for r, f in zip(runs, floors, strict=True))
    loads = median_ms(lambda: json.loads(text), repeat)
    decode = median_ms(lambda: decode_json(text), repeat)
    tree = statistics.median(r["tree"] for r in runs)
    findings = statistics.median(r["findings"] for r in runs)
    worst = max(r["stall"] for r in runs)
    print(f"time to screen, median of {repeat} (ms)")
    print(f"  floor: json.loads + bare model, painted  {floor:8.1f}")
    print(f"  panel: tree painted                      {tree:8.1f}  ({tree / floor:.2f}x)")
    print(f"    of which decode_json (vs json.loads {loads:.1f})  {decode:8.1f}  (core's checks)")
    print(
        f"  panel: findings painted                  {findings:8.1f}  "
        f"({findings / floor:.2f}x, target <= 2)"
    )
    print(f"    median of paired ratios (each run / the floor run before it)  {paired:.2f}x")
    fastest = min(r["findings"] for r in runs) / min(floors)
    print(f"    fastest run / fastest floor                                    {fastest:.2f}x")
    done = statistics.median(r["done"] for r in runs)
    print(f"  panel: duplicate keys searched (after it) {done:8.1f}  ({done / floor:.2f}x)")
    print("UI thread, longest stall while loading (ms)")
    print(f"  floor (parses on the UI thread)          {max(floor_stalls):8.1f}")
    print(
        f"  panel, worst of {repeat} runs                 {worst:8.1f}  "
        f"(target <= {STALL_TARGET_MS:.0f})"
    )
    median_stall = statistics.median(r["stall"] for r in runs)
    print(f"  panel, median                            {median_stall:8.1f}")
    # The same payload again in the same panel: the old document is freed on the way.
    panel = WebhookPanel()
    panel.set_context(MODULE, None)
    await shown(panel)
    await panel_run(text, panel)
    again = [await panel_run(text, panel, repeated=True) for _ in range(repeat)]
    print(f"  panel, replacing a loaded payload, worst {max(r['stall'] for r in again):8.1f}")
    panel.close()
    panel.deleteLater()
    parsed, added, rss = await memory(text)
    print("memory")
    print(f"  parsed object (tracemalloc)              {parsed / 1e6:8.2f} MB")
    print(f"  held by the panel once shown             {added / 1e6:8.2f} MB")
    print(f"  added / parsed                           {added / parsed:8.2f}  (target <= 3)")
    print(f"  process RSS growth (incl. Qt)            {rss:8.2f} MB  ({rss * 1e6 / parsed:.2f}x)")


async def main(args: argparse.Namespace) -> None:
    shapes = {"links": links_event, "content": content_event, "single": single_event}
    for name in args.shape or list(shapes):
        await measure(name, shapes[name](), args.repeat)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--shape", choices=("links", "content", "single"), action="append")
    arguments = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        loop.run_until_complete(main(arguments))

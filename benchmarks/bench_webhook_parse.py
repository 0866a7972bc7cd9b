"""Cost of opening a big webhook payload: parsing, analysis and the first rows of the tree.

Events of about 5 MB and 100,000 values each, measured in the same run against the
floor (``json.loads`` plus a bare lazy tree model showing the same rows):

- ``links``: a class with thousands of attendees, each with a client record and a module
  link, so analyse has a link to read for every 22 values (its worst case);
- ``content``: a three-client group booking whose eventContent carries a long change
  history, so almost everything is content that analyse never reads;
- ``single``: the same with one client, whose link matches the module and is shown.

    .venv/bin/python benchmarks/bench_webhook_parse.py [--repeat N] [--shape links|content|single]

Targets: decode + analyse + model first rows <= 2x (json.loads + bare model), and the
memory they add <= 3x the parsed object's.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from measure import allocated
from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QModelIndex

from booxi_desktop.core.jsondoc.decode import decode_json
from booxi_desktop.core.webhook.analysis import analyse
from booxi_desktop.ui.inspector.tree.model import JsonTreeModel

MODULE = "cegid_y2"
FIRST_ROWS = 50


def links_event(attendees: int = 4200) -> bytes:
    tiers = ("member", "silver", "gold")
    clients = []
    links = []
    for i in range(attendees):
        client_id = 5_100_000 + i
        clients.append(
            {
                "clientId": client_id,
                "firstName": f"Attendee{i}",
                "lastName": "Tremblay-Lévesque",
                "email": f"attendee{i}@example.com",
                "phone": f"+1 514 555 {i % 10000:04d}",
                "language": "fr" if i % 3 else "en",
                "status": "Confirmed",
                "checkedIn": False,
                "address": f"{100 + i % 900} rue Saint-Denis, app. {i % 40}, Montréal QC H2X 3K1",
                "notes": (
                    'Prefers the "Plateau" store [parking at rear]. Allergic to wool blends; '
                    "asked for a fitting room near the entrance. Brings her own tailor's "
                    "measurements (sleeve 61 cm, inseam 78 cm). Confirm by text the day before. "
                    "Last visit: bought two linen shirts, returned one (wrong size); wants to "
                    "see the new spring jackets in navy or olive, budget around 400 $. "
                    "Accessibility: uses a cane, needs a chair in the fitting room."
                ),
            }
        )
        links.append(
            {
                "moduleId": MODULE,
                "clientId": client_id,
                "externalId": f"Y2-{i:09d}",
                "metadata": {
                    "loyaltyTier": tiers[i % 3],
                    "storeCode": f"MTL-{i % 40:03d}",
                    "points": str(i * 7 % 5000),
                    "preferredContact": "email",
                },
                "createdOn": "2023-11-20T18:22:10Z",
                "modifiedOn": "2024-05-02T09:41:00Z",
            }
        )
    event = {
        "eventId": "evt_01HXBENCH000000000000000000",
        "eventType": "booking.created",
        "merchantId": 20417,
        "createdOn": "2024-05-02T13:15:08Z",
        "eventContent": {
            "bookingId": 8812734,
            "serviceName": "Spring collection preview evening",
            "startsOn": "2024-05-09T22:00:00Z",
            "clients": clients,
            "clientLinks": links,
        },
    }
    return json.dumps(event, ensure_ascii=False, indent=1).encode()


def content_event(changes: int = 7800, clients: int = 3) -> bytes:
    event = json.loads(links_event(clients))
    event["eventContent"]["history"] = [
        {
            "at": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00Z",
            "by": {"kind": "staff", "staffId": 3000 + i % 90, "name": "Front desk [MTL-014]"},
            "action": ("rescheduled", "note added", "reminder sent", "confirmed")[i % 4],
            "channel": ("back office", "online", "phone")[i % 3],
            "from": f"2024-05-{1 + i % 28:02d}T15:00:00Z",
            "to": f"2024-05-{1 + (i + 1) % 28:02d}T15:30:00Z",
            "note": (
                'Client asked to move the fitting; "any evening after 5" works. Reminder '
                "sent by SMS and e-mail, reply received, staff notified at the front desk; "
                "keep the navy jackets on hold until the new date. Parking validated; "
                "the client prefers to be called on her mobile, not at work."
            ),
            "seq": i,
        }
        for i in range(changes)
    ]
    return json.dumps(event, ensure_ascii=False, indent=1).encode()


def single_event() -> bytes:
    """One client: its link matches the module and is shown in full."""
    return content_event(clients=1)


def count_values(value: Any) -> int:
    count, stack = 0, [value]
    while stack:
        item = stack.pop()
        count += 1
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return count


class BareLazyModel(QAbstractItemModel):
    """The least a lazy tree can do: one cached tuple per row asked for, text in column 0."""

    def __init__(self, document: Any) -> None:
        super().__init__()
        self._root: tuple[Any, Any, Any, int] = (None, None, document, 0)
        self._kids: dict[int, list[Any]] = {}

    def _node(self, index: QModelIndex) -> Any:
        return index.internalPointer() if index.isValid() else self._root

    def index(self, row: int, column: int, parent: QModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        node = self._node(parent)
        kids = self._kids.setdefault(id(node), [None] * len(node[2]))
        if kids[row] is None:
            value = node[2]
            key = list(value)[row] if isinstance(value, dict) else row
            kids[row] = (node, key, value[key], row)
        return self.createIndex(row, column, kids[row])

    def parent(self, child: QModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        up = child.internalPointer()[0] if child.isValid() else None
        if up is None or up is self._root:
            return QModelIndex()
        return self.createIndex(up[3], 0, up)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        value = self._node(parent)[2]
        return len(value) if isinstance(value, dict | list) else 0

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 3

    def data(self, index: QModelIndex, role: int = 0) -> Any:
        return str(index.internalPointer()[1]) if role == 0 else None


def first_rows(model: QAbstractItemModel, doc: dict[str, Any]) -> None:
    """What a view paints first: the top rows, then eventContent.clientLinks expanded."""
    root = QModelIndex()
    for row in range(min(FIRST_ROWS, model.rowCount(root))):
        for column in range(3):
            model.data(model.index(row, column, root))
    content = model.index(list(doc).index("eventContent"), 0, root)
    links = model.index(list(doc["eventContent"]).index("clientLinks"), 0, content)
    for row in range(min(FIRST_ROWS, model.rowCount(links))):
        for column in range(3):
            model.data(model.index(row, column, links))


def median_ms(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def paired_ms(a: Callable[[], Any], b: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """Medians of ``a`` and ``b`` run alternately, so background load hits both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for fn, out in ((a, times[0]), (b, times[1])):
            gc.collect()
            start = time.perf_counter()
            fn()
            out.append(time.perf_counter() - start)
    return statistics.median(times[0]) * 1000, statistics.median(times[1]) * 1000


def measure(name: str, payload: bytes, repeat: int) -> None:
    doc = json.loads(payload)
    client = doc["eventContent"]["clientLinks"][-1]["clientId"]
    print(
        f"\n== {name}: {len(payload) / 1e6:.2f} MB, {count_values(doc):,} values, "
        f"{len(doc['eventContent']['clientLinks']):,} client links"
    )

    def ours() -> None:
        parsed = decode_json(payload)
        analyse(parsed, MODULE, client)
        first_rows(JsonTreeModel(parsed), parsed)

    def floor() -> None:
        parsed = json.loads(payload)
        first_rows(BareLazyModel(parsed), parsed)

    t_loads = median_ms(lambda: json.loads(payload), repeat)
    t_decode = median_ms(lambda: decode_json(payload), repeat)
    t_analyse = median_ms(lambda: analyse(doc, MODULE, client), repeat)
    t_model = median_ms(lambda: first_rows(JsonTreeModel(doc), doc), repeat)
    t_bare = median_ms(lambda: first_rows(BareLazyModel(doc), doc), repeat)
    t_ours, t_floor = paired_ms(ours, floor, repeat)
    model = JsonTreeModel(doc)
    t_find = median_ms(lambda: model.find("Y2-000000002"), repeat)

    print(f"time, median of {repeat} (ms)")
    print(f"  json.loads                        {t_loads:8.2f}")
    print(f"  decode_json                       {t_decode:8.2f}  ({t_decode / t_loads:.2f}x loads)")
    print(f"  analyse                           {t_analyse:8.2f}")
    print(f"  JsonTreeModel + first rows        {t_model:8.3f}")
    print(f"  bare lazy model + first rows      {t_bare:8.3f}")
    print(f"  find() over the whole document    {t_find:8.2f}")
    print(f"  ours:  decode+analyse+model rows  {t_ours:8.2f}")
    print(f"  floor: json.loads+bare rows       {t_floor:8.2f}")
    print(f"  ratio ours/floor                  {t_ours / t_floor:8.2f}  (target <= 2)")

    parsed, parsed_bytes = allocated(lambda: json.loads(payload))
    findings, findings_bytes = allocated(lambda: analyse(parsed, MODULE, client))

    def model_with_rows() -> JsonTreeModel:
        m = JsonTreeModel(parsed)
        first_rows(m, parsed)
        return m

    shown, model_bytes = allocated(model_with_rows)

    def expanded() -> JsonTreeModel:
        m = JsonTreeModel(parsed)
        pending = [QModelIndex()]
        while pending:
            parent = pending.pop()
            for row in range(m.rowCount(parent)):
                pending.append(m.index(row, 0, parent))
        return m

    everything, expanded_bytes = allocated(expanded)
    added = findings_bytes + model_bytes
    print("memory still allocated (tracemalloc)")
    print(f"  parsed object                     {parsed_bytes / 1e6:8.2f} MB")
    print(f"  findings (analyse)                {findings_bytes / 1e6:8.3f} MB")
    print(f"  model after first rows            {model_bytes / 1e6:8.3f} MB")
    print(f"  added / parsed                    {added / parsed_bytes:8.3f}  (target <= 3)")
    print(f"  model with every node created     {expanded_bytes / 1e6:8.2f} MB")
    del findings, shown, everything


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--shape", choices=("links", "content", "single"), action="append")
    args = parser.parse_args()
    _app = QCoreApplication.instance() or QCoreApplication([])
    shapes = {"links": links_event, "content": content_event, "single": single_event}
    for name in args.shape or list(shapes):
        measure(name, shapes[name](), args.repeat)


if __name__ == "__main__":
    main()

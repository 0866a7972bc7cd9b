"""Time a simulated booking's delivery against a bare POST of the same event.

Run: .venv/bin/python benchmarks/bench_webhook_delivery.py [-n 200]

Baseline: one ``http.client`` POST of an event's JSON on a new loopback connection, as
the sandbox makes it. Measured: ``simulate_booking()`` (build the event from the store,
hand it to a worker thread, deliver, record) and ``start_simulation()`` (what the caller,
e.g. the window's UI thread, waits for before it goes on). Targets: the whole simulation
within 3x the bare POST (median), and the caller's wait within half of it.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from booxi_desktop.sandbox.server import SandboxServer

WHOLE_TARGET = 3.0
CALLER_TARGET = 0.5


class _Endpoint(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        return


def _median_ms(fn: Any, n: int) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=200, help="timed runs of each")
    args = parser.parse_args()

    endpoint = ThreadingHTTPServer(("127.0.0.1", 0), _Endpoint)
    endpoint.daemon_threads = True
    threading.Thread(target=endpoint.serve_forever, daemon=True).start()
    port = endpoint.server_address[1]
    with SandboxServer(port=0, rate_limit=False) as srv:
        srv.register_webhook(f"http://127.0.0.1:{port}/hooks/booxi")
        body = json.dumps(srv.sample_webhook_event()).encode()

        def bare_post() -> None:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("POST", "/hooks/booxi", body, {"Content-Type": "application/json"})
            connection.getresponse().read()
            connection.close()

        pending = []

        def start_only() -> None:
            pending.append(srv.start_simulation())

        for fn in (bare_post, srv.simulate_booking):
            _median_ms(fn, 10)  # warm up
        base = _median_ms(bare_post, args.n)
        whole = _median_ms(srv.simulate_booking, args.n)
        caller = _median_ms(start_only, args.n)
        for p in pending:
            p.result(timeout=30)
    endpoint.shutdown()

    print(f"webhook delivery x{args.n} (loopback, new connection each)")
    print(f"bare POST (baseline)      {base:.3f} ms")
    for name, ms, target in (
        ("simulate_booking", whole, WHOLE_TARGET),
        ("start_simulation, caller", caller, CALLER_TARGET),
    ):
        print(f"{name:<25} {ms:.3f} ms  ratio {ms / base:.2f} (target ≤ {target})")
    ok = whole / base <= WHOLE_TARGET and caller / base <= CALLER_TARGET
    if not ok:
        print("missed a target")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

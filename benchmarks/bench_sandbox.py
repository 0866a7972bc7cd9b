"""Time sequential GETs against the sandbox over loopback through one keep-alive client.

Run: .venv/bin/python benchmarks/bench_sandbox.py [-n 500]
"""

from __future__ import annotations

import argparse
import statistics
import time
from urllib.parse import quote

import httpx

from booxi_desktop.sandbox.server import SandboxServer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=500, help="number of timed GETs")
    parser.add_argument("--warmup", type=int, default=20)
    args = parser.parse_args()

    with (
        SandboxServer(port=0, rate_limit=False) as srv,
        httpx.Client(base_url=srv.base_url, headers={"Booxi-PartnerKey": srv.demo_key}) as c,
    ):
        path = f"/client/{srv.demo_client_id}/moduleLink/{quote(srv.demo_module_id, safe='')}"
        for _ in range(args.warmup):
            c.get(path).raise_for_status()
        times_ms = []
        for _ in range(args.n):
            start = time.perf_counter()
            r = c.get(path)
            times_ms.append((time.perf_counter() - start) * 1000)
            r.raise_for_status()

    times_ms.sort()
    p95 = times_ms[int(len(times_ms) * 0.95) - 1]
    print(f"sandbox GET x{args.n} (one httpx.Client, keep-alive, loopback)")
    print(f"mean   {statistics.mean(times_ms):.3f} ms")
    print(f"median {statistics.median(times_ms):.3f} ms")
    print(f"p95    {p95:.3f} ms")
    print(f"max    {times_ms[-1]:.3f} ms")


if __name__ == "__main__":
    main()

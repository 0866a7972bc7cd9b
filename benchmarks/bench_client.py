"""GET and PUT through BooxiClient vs a bare httpx.AsyncClient, same sandbox, same run.

Run: .venv/bin/python benchmarks/bench_client.py [--requests 400]
Rounds alternate between the two so that drift on the machine hits both alike.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time

import httpx

from booxi_desktop.core.regions import sandbox_region
from booxi_desktop.core.remote.client import BooxiClient
from booxi_desktop.sandbox.server import SandboxServer


async def bench(n: int, rounds: int) -> None:
    with SandboxServer(rate_limit=False) as srv:
        cid, mid = srv.demo_client_id, srv.demo_module_id
        path = f"/client/{cid}/moduleLink/{mid}"
        body = {"externalId": "BENCH-1", "metadata": {"tier": "gold", "store": "042"}}
        headers = {"Booxi-PartnerKey": srv.demo_key, "Accept": "application/json"}
        ours = BooxiClient(sandbox_region(srv.base_url), srv.demo_key)
        bare = httpx.AsyncClient(base_url=srv.base_url, headers=headers)

        async def bare_get() -> None:
            r = await bare.get(path)
            r.raise_for_status()
            r.json()

        async def bare_put() -> None:
            r = await bare.put(
                path,
                content=json.dumps(body).encode(),
                headers={"Content-Type": "application/json"},
            )
            r.raise_for_status()
            r.json()

        async def our_get() -> None:
            await ours.get_link(cid, mid)

        async def our_put() -> None:
            await ours.put_link(cid, mid, body["externalId"], body["metadata"])

        cases = {"GET": (bare_get, our_get), "PUT": (bare_put, our_put)}
        results: dict[str, dict[str, list[float]]] = {k: {"bare": [], "ours": []} for k in cases}
        for fn in (bare_get, our_get, bare_put, our_put):  # warm connections and caches
            for _ in range(20):
                await fn()
        for _ in range(rounds):
            for name, (bare_fn, our_fn) in cases.items():
                for label, fn in (("bare", bare_fn), ("ours", our_fn)):
                    start = time.perf_counter()
                    for _ in range(n // rounds):
                        await fn()
                    results[name][label].append((time.perf_counter() - start) / (n // rounds))
        await ours.aclose()
        await bare.aclose()

    print(f"{n} requests each, {rounds} alternating rounds, sandbox on loopback")
    for name, r in results.items():
        bare_ms = statistics.median(r["bare"]) * 1000
        our_ms = statistics.median(r["ours"]) * 1000
        print(
            f"{name}: bare httpx {bare_ms:.3f} ms/request, BooxiClient {our_ms:.3f} ms/request, "
            f"ratio {our_ms / bare_ms:.3f}x (target <= 1.10x)"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    asyncio.run(bench(args.requests, args.rounds))


if __name__ == "__main__":
    main()

"""``python -m booxi_desktop.sandbox``: run the sandbox until Ctrl+C or SIGTERM.

The first four lines on stdout are machine-readable (``NAME=value``) so that scripts and
tests can start the sandbox and read where it listens and which demo key to use.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType

from booxi_desktop.sandbox.server import SandboxServer


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m booxi_desktop.sandbox",
        description="Serve a local Booxi-compatible API with demo data on 127.0.0.1.",
    )
    p.add_argument("--port", type=int, default=0, help="port to listen on (default: a free one)")
    p.add_argument("--state", metavar="FILE", help="JSON file to load and save the data in")
    p.add_argument("--latency", type=float, default=0.0, metavar="S", help="delay every answer")
    p.add_argument("--fail-500", type=int, default=0, metavar="N", help="answer 500 N times")
    p.add_argument("--fail-429", type=int, default=0, metavar="N", help="answer 429 N times")
    p.add_argument("--drop", type=int, default=0, metavar="N", help="hang up on N requests")
    p.add_argument("--malformed", type=int, default=0, metavar="N", help="truncate N answers")
    p.add_argument("--non-json", type=int, default=0, metavar="N", help="answer HTML N times")
    p.add_argument(
        "--wrong-client",
        type=int,
        default=0,
        metavar="N",
        help="answer N module link requests with another client's link",
    )
    p.add_argument(
        "--wrong-module",
        type=int,
        default=0,
        metavar="N",
        help="answer N module link requests with another module's link",
    )
    p.add_argument(
        "--no-rate-limit", action="store_true", help="turn off the 5/s and 300/min limits"
    )
    p.add_argument(
        "--verbose", action="store_true", help="log method, path and status of each request"
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not 0 <= args.port <= 65535:
        print(f"--port must be between 0 and 65535, not {args.port}", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(message)s",
        stream=sys.stderr,
    )
    try:
        server = SandboxServer(
            port=args.port,
            state_file=args.state,
            rate_limit=not args.no_rate_limit,
            verbose=args.verbose,
        )
    except OSError as exc:
        print(f"cannot use the state file {args.state}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    server.faults.latency_s = args.latency
    server.faults.fail_500 = args.fail_500
    server.faults.fail_429 = args.fail_429
    server.faults.drop_connection = args.drop
    server.faults.malformed_json = args.malformed
    server.faults.non_json = args.non_json
    server.faults.wrong_client = args.wrong_client
    server.faults.wrong_module = args.wrong_module

    stopping = threading.Event()

    def _stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    try:
        server.start()
    except OSError as exc:
        print(f"cannot listen on 127.0.0.1:{args.port}: {exc}", file=sys.stderr)
        return 1
    # The demo key is printed on purpose: it only opens this local demo data.
    print(f"BASE_URL={server.base_url}", flush=True)
    print(f"PARTNER_KEY={server.demo_key}", flush=True)
    print(f"CLIENT_ID={server.demo_client_id}", flush=True)
    print(f"MODULE_ID={server.demo_module_id}", flush=True)
    print("sandbox running; press Ctrl+C to stop", file=sys.stderr, flush=True)
    try:
        # A timed wait keeps the main thread responsive to signals on every platform.
        while not stopping.wait(0.5):
            pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

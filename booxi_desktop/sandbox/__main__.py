"""``python -m booxi_desktop.sandbox``: run the sandbox until Ctrl+C or SIGTERM.

The first four lines on stdout are machine-readable (``NAME=value``) so that scripts and
tests can start the sandbox and read where it listens and which demo key to use.

``python -m booxi_desktop.sandbox simulate --port N`` asks a running sandbox to simulate
a booking and prints where its event was delivered (through ``POST /sandbox/bookings``).
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType

from booxi_desktop.sandbox.events import PROBLEMS
from booxi_desktop.sandbox.server import SandboxServer
from booxi_desktop.sandbox.webhooks import METHODS, WebhookError

EPILOG = """\
webhooks:
  --webhook URL registers an endpoint the sandbox sends webhook events to (repeatable);
  targets must be on this machine unless --allow-remote-webhooks is given. Then, from
  another terminal, simulate a booking:

    python -m booxi_desktop.sandbox simulate --port PORT [--group] [--duplicate]
                                             [--problem missing_link|malformed_link]

  The sandbox also takes registrations over HTTP (GET/POST /sandbox/webhooks,
  DELETE /sandbox/webhooks/ID, POST /sandbox/bookings, GET /sandbox/deliveries): a
  convenience of the sandbox only, as Booxi registers webhooks in its back office.
"""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m booxi_desktop.sandbox",
        description="Serve a local Booxi-compatible API with demo data on 127.0.0.1.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
    p.add_argument(
        "--webhook",
        action="append",
        default=[],
        metavar="URL",
        help="send webhook events to this URL (repeatable)",
    )
    p.add_argument(
        "--webhook-method",
        choices=METHODS,
        default="POST",
        type=str.upper,
        help="HTTP method of the --webhook deliveries (default: POST)",
    )
    p.add_argument(
        "--allow-remote-webhooks",
        action="store_true",
        help="allow webhook targets off this machine (refused by default)",
    )
    commands = p.add_subparsers(dest="command", metavar="{simulate}")
    sim = commands.add_parser(
        "simulate",
        help="ask a running sandbox to simulate a booking and deliver its event",
        description="Ask the sandbox on 127.0.0.1:PORT to simulate a booking and deliver "
        "its webhook event to every registered URL; prints one line a delivery.",
    )
    sim.add_argument(
        "--port",
        dest="target_port",
        metavar="PORT",
        type=int,
        required=True,
        help="the running sandbox's port",
    )
    sim.add_argument("--group", action="store_true", help="a group reservation of a family")
    sim.add_argument(
        "--duplicate", action="store_true", help="deliver the same event (same id) twice"
    )
    sim.add_argument("--problem", choices=PROBLEMS, help="send the event with this defect")
    return p


def simulate(args: argparse.Namespace) -> int:
    """POST /sandbox/bookings on a running sandbox; 0 if every delivery got a 2xx answer."""
    import http.client
    import json

    if not 0 < args.target_port <= 65535:
        print(f"--port must be between 1 and 65535, not {args.target_port}", file=sys.stderr)
        return 2
    body = json.dumps(
        {"group": args.group, "duplicate": args.duplicate, "problem": args.problem}
    ).encode()
    connection = http.client.HTTPConnection("127.0.0.1", args.target_port, timeout=60)
    try:
        connection.request("POST", "/sandbox/bookings", body, {"Content-Type": "application/json"})
        response = connection.getresponse()
        answer = json.loads(response.read().decode("utf-8") or "{}")
    except (OSError, http.client.HTTPException, ValueError) as exc:
        print(f"no sandbox answers on 127.0.0.1:{args.target_port}: {exc}", file=sys.stderr)
        return 1
    finally:
        connection.close()
    if response.status != 200:
        print(f"the sandbox refused: {answer.get('message', response.status)}", file=sys.stderr)
        return 1
    print(f"booking {answer['bookingId']}, event {answer['eventId']}")
    failed = 0
    for d in answer["deliveries"]:
        outcome = f"HTTP {d['status']}" if d["status"] is not None else d["error"]
        copy = " (duplicate)" if d["attempt"] > 1 else ""
        print(f"{d['method']} {d['url']}{copy}: {outcome} in {d['elapsed_s']:.3f} s")
        failed += not d["ok"]
    return 1 if failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "simulate":
        return simulate(args)
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
            allow_remote_webhooks=args.allow_remote_webhooks,
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

    for url in args.webhook:
        try:
            server.register_webhook(url, args.webhook_method)
        except WebhookError as exc:
            print(f"--webhook {url}: {exc}", file=sys.stderr)
            return 2

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
    for hook in server.webhooks():
        print(f"webhook {hook.id}: {hook.method} {hook.url}", file=sys.stderr, flush=True)
    if server.webhooks():
        print(
            f"simulate a booking: python -m booxi_desktop.sandbox simulate --port {server.port}",
            file=sys.stderr,
            flush=True,
        )
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

"""``listen``: receive webhook deliveries on loopback and print one line each; ``replay``."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

from booxi_desktop.cli.output import info
from booxi_desktop.core.errors import InvalidInputError
from booxi_desktop.core.jsondoc.decode import MAX_PAYLOAD_BYTES
from booxi_desktop.core.visible_text import escape_hidden
from booxi_desktop.core.webhook.payload import AnalysisContext, read_crm_ids
from booxi_desktop.core.webhook.receiver.delivery import NO_VALUE, Delivery
from booxi_desktop.core.webhook.receiver.export import Request, json_request, parse_http

EXIT_REPLAY_FAILED = 21


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    listen = sub.add_parser(
        "listen",
        help="receive webhook deliveries on 127.0.0.1 and print one line each",
        description="Prints RECEIVER_URL=... first, then one line per delivery, until "
        "interrupted (Ctrl+C). Expose the URL through a tunnel to have Booxi reach it. "
        "Nothing received is written to disk.",
    )
    listen.add_argument("--port", type=int, default=0, help="the port (default: any free one)")
    listen.add_argument("--module", help="your module id, e.g. cegid_y2")
    listen.add_argument("--crm-ids", type=Path, help="CRM customer ids: one per line, or a CSV")
    listen.add_argument("--json", action="store_true", help="one JSON object per line")
    listen.set_defaults(handler=run_listen)
    replay = sub.add_parser(
        "replay",
        help="send an exported delivery again to your own handler",
        description="FILE is a .http export (request line, headers, body) or a JSON body, "
        "sent as a POST of JSON.",
    )
    replay.add_argument("file", type=Path, help="the exported delivery")
    replay.add_argument("--to", required=True, help="the handler's URL")
    replay.set_defaults(handler=run_replay)


def delivery_line(delivery: Delivery) -> str:
    parts = [
        delivery.received_at.strftime("%H:%M:%S.%f")[:-3],
        f"#{delivery.number}",
        delivery.method,
        delivery.event_id or NO_VALUE,
    ]
    if delivery.duplicate_of is not None:
        parts.append(f"duplicate of #{delivery.duplicate_of}")
    parts += [delivery.match_text, f"problems={delivery.problem_count}"]
    if delivery.refused:
        parts.append(f"refused {delivery.status}")
    if delivery.error:
        parts.append(delivery.error)
    return escape_hidden("  ".join(parts))


def delivery_json(delivery: Delivery) -> str:
    data = {
        "number": delivery.number,
        "time": delivery.received_at.isoformat(),
        "method": delivery.method,
        "path": delivery.target,
        "status": delivery.status,
        "eventId": delivery.event_id,
        "duplicateOf": delivery.duplicate_of,
        "match": delivery.match_text,
        "clients": [] if delivery.summary is None else list(delivery.summary.client_ids),
        "problems": delivery.problem_count,
        "error": delivery.error,
    }
    return json.dumps(data, ensure_ascii=True)


def run_listen(args: argparse.Namespace) -> int:
    from booxi_desktop.core.webhook.receiver.server import Receiver

    crm_ids = None
    if args.crm_ids is not None:
        try:
            crm_ids = read_crm_ids(args.crm_ids)
        except (OSError, ValueError) as exc:
            raise InvalidInputError(f"cannot read {args.crm_ids}: {exc}") from None
    stop = threading.Event()
    write = delivery_json if args.json else delivery_line
    lock = threading.Lock()

    def printed(delivery: Delivery) -> None:
        with lock:
            sys.stdout.write(write(delivery) + "\n")
            sys.stdout.flush()

    receiver = Receiver(AnalysisContext(args.module, None, crm_ids), on_delivery=printed)
    try:
        url = receiver.start(args.port)
    except OSError as exc:
        raise InvalidInputError(
            f"cannot listen on port {args.port}: {exc.strerror or exc}"
        ) from None

    def stopped(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = signal.signal(signal.SIGTERM, stopped)
    try:
        sys.stdout.write(f"RECEIVER_URL={url}\n")
        sys.stdout.flush()
        info("Listening; Ctrl+C to stop. Deliveries are kept in memory only.")
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        receiver.stop()
    counts = receiver.counts
    info(
        f"Stopped: {receiver.ring.last_number} received, {counts.refused} refused, "
        f"{counts.rejected_connections} connection(s) turned away."
    )
    return 0


def read_export(path: Path) -> Request:
    try:
        if path.stat().st_size > MAX_PAYLOAD_BYTES + 1_000_000:
            raise InvalidInputError(f"{path} is larger than a delivery can be")
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInputError(f"cannot read {path}: {exc.strerror or exc}") from None
    if data.lstrip()[:1] in (b"{", b"["):
        return json_request(data)
    try:
        return parse_http(data)
    except ValueError as exc:
        raise InvalidInputError(f"{path} is neither a .http export nor JSON: {exc}") from None


async def run_replay(args: argparse.Namespace) -> int:
    from booxi_desktop.core.webhook.replay import replay, target_host

    request = read_export(args.file)
    try:
        target_host(args.to)
    except ValueError as exc:
        raise InvalidInputError(str(exc)) from None
    result = await replay(request, args.to)
    if result.status is None:
        info(f"{request.method} {args.to} failed after {result.elapsed_ms:.0f} ms: {result.error}")
        return EXIT_REPLAY_FAILED
    sys.stdout.write(f"{result.status} in {result.elapsed_ms:.1f} ms\n")
    return 0 if result.status < 400 else EXIT_REPLAY_FAILED

"""``inspect``: the webhook inspector's findings, for a terminal or a script."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from booxi_desktop.cli.context import positive_int
from booxi_desktop.cli.output import print_json, say
from booxi_desktop.core.errors import InvalidInputError
from booxi_desktop.core.jsondoc.decode import JsonInputError, decode_json
from booxi_desktop.core.jsondoc.notes import find_json_notes
from booxi_desktop.core.webhook.analysis import analyse
from booxi_desktop.core.webhook.crm_ids import load_crm_ids
from booxi_desktop.core.webhook.report import describe

# Distinct from every failure code: the payload was read, and something in it is wrong.
EXIT_PROBLEMS_FOUND = 20


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    inspect = sub.add_parser(
        "inspect",
        help="find the client module links in a webhook payload",
        description=f"Exit code 0: no problem found; {EXIT_PROBLEMS_FOUND}: problems found; "
        "2: the payload could not be read.",
    )
    inspect.add_argument("file", help="the payload's JSON file, or - for stdin")
    inspect.add_argument("--module", help="your module id, e.g. cegid_y2")
    inspect.add_argument("--client", type=positive_int, help="the client, for a group booking")
    inspect.add_argument("--crm-ids", type=Path, help="CRM customer ids: one per line, or a CSV")
    inspect.add_argument("--json", action="store_true", help="print the findings as JSON")
    inspect.set_defaults(handler=run_inspect)


def _read_bytes(name: str) -> bytes:
    try:
        return sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as exc:
        raise InvalidInputError(f"cannot read {name}: {exc.strerror or exc}") from None


def run_inspect(args: argparse.Namespace) -> int:
    raw = _read_bytes(args.file)
    try:
        payload = decode_json(raw)
    except JsonInputError as exc:
        raise InvalidInputError(f"{args.file}: {exc}") from None
    crm_ids = None
    if args.crm_ids is not None:
        try:
            crm_ids = load_crm_ids(args.crm_ids.read_text(encoding="utf-8-sig"))
        except (OSError, ValueError) as exc:  # UnicodeDecodeError is a ValueError
            raise InvalidInputError(f"cannot read {args.crm_ids}: {exc}") from None
    # A duplicate key or a NaN is a problem of the payload, not a refusal: it is shown.
    findings = analyse(payload, args.module, args.client, crm_ids, find_json_notes(raw))
    if args.json:
        print_json(findings.to_json())
    else:
        say(*describe(findings))
    return EXIT_PROBLEMS_FOUND if findings.has_problems else 0

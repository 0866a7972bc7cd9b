"""``history``: every save recorded in the journal, newest first, with filters."""

from __future__ import annotations

import argparse

from booxi_desktop.cli.context import positive_int
from booxi_desktop.cli.output import info, print_json, say
from booxi_desktop.core.history.journal import HistoryJournal
from booxi_desktop.core.history.record import HistoryRecord
from booxi_desktop.core.link.model import format_datetime
from booxi_desktop.core.visible_text import visible

# The journal could not be opened at all (a link, a folder, too large): not an empty history.
EXIT_UNREADABLE = 17


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    history = sub.add_parser("history", help="every save recorded on this computer, newest first")
    history.add_argument("--client", type=positive_int, help="only this client")
    history.add_argument("--module", help="only this module")
    history.add_argument(
        "--region", choices=["na", "eu", "sandbox"], default=None, help="only this region"
    )
    history.add_argument("--json", action="store_true", help="print the records as JSON")
    history.set_defaults(handler=run_history)


def matches(
    record: HistoryRecord, client: int | None, module: str | None, region: str | None
) -> bool:
    return (
        (client is None or record.client_id == client)
        and (not module or record.module_id == module)
        and (not region or record.region == region)
    )


def run_history(args: argparse.Namespace) -> int:
    listing = HistoryJournal().read()
    for warning in listing.warnings:
        info(f"warning: {warning}")
    records = [r for r in listing.records if matches(r, args.client, args.module, args.region)]
    if args.json:
        print_json([r.to_json() for r in records])
    elif not records:
        info("No saves recorded." if not listing.records else "No saves match.")
    for r in [] if args.json else records:
        change = r.change.summary() if r.change else "—"
        backup = f"  backup {r.backup_path}" if r.backup_path else ""
        say(
            f"{format_datetime(r.at)}  {visible(r.region):<7}  client {r.client_id:<8} "
            f"{visible(r.module_id):<16} {r.outcome_text:<16} {change}  [{r.source.value}]{backup}"
        )
        if r.message:
            say(f"    {visible(r.message)}")
    return EXIT_UNREADABLE if listing.error else 0

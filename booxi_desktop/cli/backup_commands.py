"""``backups list|show|restore`` over the same store the window writes to."""

from __future__ import annotations

import argparse
from pathlib import Path

from booxi_desktop.cli.context import add_target_options, positive_int, target_from
from booxi_desktop.cli.link_commands import add_allow_empty, put_and_report
from booxi_desktop.cli.output import info, print_json, say
from booxi_desktop.core.errors import InvalidInputError
from booxi_desktop.core.history.record import Source
from booxi_desktop.core.link.model import format_datetime
from booxi_desktop.core.storage.backups import BackupEntry, BackupStore
from booxi_desktop.core.visible_text import visible


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backups = sub.add_parser("backups", help="list, show or restore local backups")
    actions = backups.add_subparsers(dest="action", required=True, metavar="ACTION")

    listing = actions.add_parser("list", help="backups, newest first")
    listing.add_argument("--client", type=positive_int, help="only this client")
    listing.add_argument("--module", help="only this module (with --client)")
    listing.add_argument("--region", default=None, help="only this region (na, eu, sandbox)")
    listing.set_defaults(handler=run_list)

    show = actions.add_parser("show", help="print one backup's link as JSON")
    show.add_argument("file", type=Path)
    show.set_defaults(handler=run_show)

    restore = actions.add_parser(
        "restore", help="put a backup's content back on the server (backs up the current copy)"
    )
    restore.add_argument("file", type=Path)
    restore.add_argument("--dry-run", action="store_true", help="show the changes, send nothing")
    add_allow_empty(restore)
    add_target_options(restore)
    restore.set_defaults(handler=run_restore)


def _listing(args: argparse.Namespace) -> list[BackupEntry]:
    store = BackupStore()
    if args.client is not None and args.module and args.region:
        result = store.list(args.region, args.client, args.module)
    else:
        result = store.list_all()
    for warning in result.warnings:
        info(f"warning: {warning}")
    return [
        e
        for e in result.entries
        if (args.client is None or e.link.client_id == args.client)
        and (not args.module or e.link.module_id == args.module)
        and (not args.region or e.region == args.region)
    ]


def run_list(args: argparse.Namespace) -> int:
    entries = _listing(args)
    if not entries:
        info("No backups.")
    for e in entries:
        keys = len(e.link.metadata)
        say(
            f"{format_datetime(e.saved_at)}  {e.region:<7}  client {e.link.client_id:<8} "
            f"{visible(e.link.module_id):<16} {keys:>3} keys  {e.path}"
        )
    return 0


def _read(path: Path) -> BackupEntry:
    # BackupReadError (exit code 14) already says which file and why.
    return BackupStore().read(path)


def run_show(args: argparse.Namespace) -> int:
    entry = _read(args.file)
    for problem in entry.link.date_problems():
        info(f"warning: {problem}")
    print_json(
        {
            "savedAt": format_datetime(entry.saved_at),
            "region": entry.region,
            "reason": entry.reason,
            "link": entry.link.to_json(),
        }
    )
    return 0


async def run_restore(args: argparse.Namespace) -> int:
    entry = _read(args.file)
    target = target_from(args)
    if entry.region != target.region.code:
        raise InvalidInputError(
            f"this backup was taken in region {entry.region!r}; pass the same region "
            f"(it would otherwise overwrite a different record)"
        )
    link = entry.link
    return await put_and_report(
        target,
        link.client_id,
        link.module_id,
        link.external_id,
        link.metadata,
        dry_run=args.dry_run,
        backup_note="Backup of the copy it replaced",
        allow_empty=args.allow_empty,
        source=Source.CLI_RESTORE,
    )

"""``get``, ``put`` and ``find``: read and overwrite a client module link."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path
from typing import Any

from booxi_desktop.cli.context import (
    Target,
    add_target_options,
    open_client,
    positive_int,
    target_from,
)
from booxi_desktop.cli.output import info, print_json
from booxi_desktop.core.errors import BooxiError, InvalidInputError
from booxi_desktop.core.history.record import Source
from booxi_desktop.core.jsondoc.decode import JsonInputError, decode_json
from booxi_desktop.core.link.diff import describe, diff_links
from booxi_desktop.core.link.model import (
    LinkFormatError,
    LinkResponse,
    Metadata,
    empties_link,
    parse_put_body,
)
from booxi_desktop.core.link.validation import validate
from booxi_desktop.core.remote.client import BooxiClient
from booxi_desktop.core.save import current_link, save_link
from booxi_desktop.core.storage.backups import BackupStore

# A module link is a few kilobytes; a megabyte is already far more than Booxi would take.
MAX_PUT_FILE_BYTES = 1_000_000


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    get = sub.add_parser("get", help="print a client's module link as JSON")
    _add_ids(get)
    get.set_defaults(handler=run_get)

    put = sub.add_parser(
        "put",
        help="overwrite a module link from a JSON file (backs up the server's copy first)",
    )
    _add_ids(put)
    put.add_argument(
        "--file", required=True, help='JSON {"externalId": ..., "metadata": {...}}, or - for stdin'
    )
    put.add_argument("--dry-run", action="store_true", help="show the changes, send nothing")
    add_allow_empty(put)
    put.set_defaults(handler=run_put)

    find = sub.add_parser("find", help="find the clients linked to an externalId in a module")
    find.add_argument("--module", required=True, help="module id, e.g. cegid_y2")
    find.add_argument("--external-id", required=True)
    add_target_options(find)
    find.set_defaults(handler=run_find)


def _add_ids(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--client", required=True, type=positive_int, help="Booxi client id")
    parser.add_argument("--module", required=True, help="module id, e.g. cegid_y2")
    add_target_options(parser)


def add_allow_empty(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--allow-empty",
        action="store_true",
        help="allow a PUT that deletes every key and the externalId of a link that has some",
    )


async def refuse_emptying(
    client: BooxiClient, client_id: int, module_id: str, external_id: str, metadata: Metadata
) -> None:
    """Refuse, before anything is sent, a body that would leave a non-empty link with nothing."""
    if external_id.strip() or metadata:
        return
    current = await current_link(client, client_id, module_id)
    if current is not None and empties_link(
        current.link.external_id, current.link.metadata, external_id, metadata
    ):
        keys = len(current.link.metadata)
        raise InvalidInputError(
            f"Not sent: this would delete all {keys} metadata key(s) and the externalId of "
            f"client {client_id}, module {module_id!r}, leaving the link empty. "
            "Pass --allow-empty if that is what you want."
        )


def response_json(response: LinkResponse) -> dict[str, object]:
    out: dict[str, object] = {"link": response.link.to_json()}
    if response.client is not None:
        c = response.client
        out["client"] = {"id": c.id, "firstName": c.first_name, "lastName": c.last_name} | (
            {"email": c.email} if c.email else {}
        )
    return out


async def run_get(args: argparse.Namespace) -> int:
    async with open_client(target_from(args)) as client:
        response = await client.get_link(args.client, args.module)
    warn_dates(response)
    print_json(response_json(response))
    return 0


def warn_dates(response: LinkResponse) -> None:
    # The JSON carries such dates back as sent; stderr says they are not dates.
    for problem in response.link.date_problems():
        info(f"warning: {problem}")


def read_put_file(name: str) -> tuple[str, Metadata]:
    try:
        raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as exc:
        raise InvalidInputError(f"cannot read {name}: {exc.strerror or exc}") from None
    try:
        # decode_json first: its limits and its line/column messages; then again with a
        # hook, since json would otherwise keep only the last of two equal keys.
        decode_json(raw, max_bytes=MAX_PUT_FILE_BYTES)
        external_id, metadata = parse_put_body(
            json.loads(raw.decode("utf-8-sig"), object_pairs_hook=_refuse_duplicate_keys)
        )
    except JsonInputError as exc:
        raise InvalidInputError(f"{name}: {exc}") from None
    except LinkFormatError as exc:
        raise InvalidInputError(f"{name}: {exc}") from None
    problems = [i for i in validate(external_id, list(metadata.items())) if i.is_error]
    if problems:
        listed = "; ".join(
            f"{i.message}" + (f" (key {list(metadata)[i.row]!r})" if i.row is not None else "")
            for i in problems
        )
        raise InvalidInputError(f"{name}: {listed}")
    return external_id, metadata


def _refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise LinkFormatError(f"the key {key!r} appears twice; keep one")
        seen[key] = value
    return seen


async def run_put(args: argparse.Namespace) -> int:
    external_id, metadata = read_put_file(args.file)
    return await put_and_report(
        target_from(args),
        args.client,
        args.module,
        external_id,
        metadata,
        dry_run=args.dry_run,
        backup_note="Backup of the previous copy",
        allow_empty=args.allow_empty,
        source=Source.CLI_PUT,
    )


async def put_and_report(
    target: Target,
    client_id: int,
    module_id: str,
    external_id: str,
    metadata: Metadata,
    *,
    dry_run: bool,
    backup_note: str,
    allow_empty: bool = False,
    source: Source = Source.CLI_PUT,
) -> int:
    """Send through the one safe path (backup first), or with ``dry_run`` only show the diff."""
    async with open_client(target) as client:
        if dry_run:
            current = await current_link(client, client_id, module_id)
            old_external_id, old_metadata = (
                (current.link.external_id, current.link.metadata) if current else ("", {})
            )
            diff = diff_links(old_external_id, old_metadata, external_id, metadata)
            for line in describe(diff) or ["No changes."]:
                info(line)
            if empties_link(old_external_id, old_metadata, external_id, metadata):
                info("This leaves the link empty: without --allow-empty it would not be sent.")
            return 0
        if not allow_empty:
            await refuse_emptying(client, client_id, module_id, external_id, metadata)
        try:
            result = await save_link(
                client,
                BackupStore(),
                client_id=client_id,
                module_id=module_id,
                external_id=external_id,
                metadata=metadata,
                loaded=None,
                source=source,
            )
        except BooxiError as exc:
            if exc.may_have_applied:
                exc.advice = check_advice(target, client_id, module_id)
            raise
    if result.backup_path is not None:
        info(f"{backup_note}: {result.backup_path}")
    if result.history_error:
        info(f"warning: {result.history_error}")
    for line in describe(result.diff):
        info(line)
    warn_dates(result.response)
    print_json(response_json(result.response))
    return 0


def check_advice(target: Target, client_id: int, module_id: str) -> str:
    """After a PUT with no usable answer: how to see what the server holds, never "retry"."""
    region = target.region
    where = (
        f"--region {region.code}"
        if region.code in ("na", "eu")
        else f"--base-url {shlex.quote(region.base_url)}"
    )
    command = f"booxi-link get --client {client_id} --module {shlex.quote(module_id)} {where}"
    return (
        f"The server may have applied the PUT. Check what it holds now with `{command}` and "
        "compare it with the file before sending anything again."
    )


async def run_find(args: argparse.Namespace) -> int:
    async with open_client(target_from(args)) as client:
        found = await client.find_clients(args.module, args.external_id)
    print_json(
        {
            "clients": [
                {"id": c.id, "firstName": c.first_name, "lastName": c.last_name, "email": c.email}
                for c in found.clients
            ],
            "clientLinks": [link.to_json() for link in found.links],
        }
    )
    return 0

"""``curl get|put``: print a module link request as a shell-safe cURL command."""

from __future__ import annotations

import argparse

from booxi_desktop.cli.context import KEY_ENV, add_target_options, positive_int, target_from
from booxi_desktop.cli.link_commands import read_put_file
from booxi_desktop.core.errors import InvalidInputError
from booxi_desktop.core.remote.curl import curl_command


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    curl = sub.add_parser(
        "curl",
        help="print the GET or PUT of a module link as a cURL command (the key stays a variable)",
        epilog=f"The command reads the partner key from ${KEY_ENV} when it runs; "
        "it is never printed.",
    )
    curl.add_argument("method", choices=["get", "put"])
    curl.add_argument("--client", required=True, type=positive_int, help="Booxi client id")
    curl.add_argument("--module", required=True, help="module id, e.g. cegid_y2")
    curl.add_argument(
        "--file", help='for put: JSON {"externalId": ..., "metadata": {...}}, or - for stdin'
    )
    add_target_options(curl)
    curl.set_defaults(handler=run_curl)


def run_curl(args: argparse.Namespace) -> int:
    target = target_from(args)
    if args.method == "get":
        if args.file is not None:
            raise InvalidInputError("--file is for put: a GET sends no body")
        print(curl_command(target.region, "GET", args.client, args.module))
        return 0
    if args.file is None:
        raise InvalidInputError("put needs --file: the body to send")
    body = read_put_file(args.file)
    print(curl_command(target.region, "PUT", args.client, args.module, body))
    return 0

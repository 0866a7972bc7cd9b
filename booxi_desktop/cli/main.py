"""Entry point of ``booxi-link``."""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import sys
from collections.abc import Sequence

from booxi_desktop import __version__
from booxi_desktop.cli import (
    backup_commands,
    curl_command,
    history_command,
    inspect_command,
    key_commands,
    link_commands,
    listen_command,
)
from booxi_desktop.cli.context import err
from booxi_desktop.core.errors import BooxiError

EXIT_INTERRUPTED = 130
# What a shell reports for a writer that a closed pipe ended (128 + SIGPIPE), as for `cat`.
EXIT_BROKEN_PIPE = 141


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="booxi-link",
        description="Read, overwrite and back up Booxi client module links; inspect webhooks.",
        epilog="The partner key comes from BOOXI_PARTNER_KEY or the keychain entry of the region.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    link_commands.register(sub)
    curl_command.register(sub)
    backup_commands.register(sub)
    inspect_command.register(sub)
    key_commands.register(sub)
    history_command.register(sub)
    listen_command.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # A payload may hold half of an emoji (a lone surrogate); print it escaped, not crash.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    args = build_parser().parse_args(argv)
    try:
        result = args.handler(args)
        code = asyncio.run(result) if asyncio.iscoroutine(result) else result
        sys.stdout.flush()  # a closed pipe is found here, not at exit in a traceback
    except BrokenPipeError:
        # `booxi-link ... | head`: the reader has what it wanted. Python flushes stdout
        # again at exit, so it is pointed at devnull first (the recipe of the signal docs).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except BooxiError as exc:
        err(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        err("interrupted")
        return EXIT_INTERRUPTED
    return int(code)


if __name__ == "__main__":
    sys.exit(main())

"""What every subcommand needs: the region, the partner key and an API client."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass

from booxi_desktop.cli.output import visible_lines
from booxi_desktop.core.errors import AuthenticationError, InvalidInputError
from booxi_desktop.core.regions import Region, UnsafeBaseUrlError, region_for, sandbox_region
from booxi_desktop.core.remote.client import BooxiClient
from booxi_desktop.core.remote.keychain import PartnerKeyStore

KEY_ENV = "BOOXI_PARTNER_KEY"


@dataclass(frozen=True)
class Target:
    region: Region
    timeout: float


def add_target_options(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--region", choices=["na", "eu"], default="na", help="Booxi hosting region (default: na)"
    )
    where.add_argument("--base-url", help="a local Booxi-compatible server (loopback only)")
    parser.add_argument(
        "--timeout", type=float, default=20.0, help="seconds to wait for an answer (default: 20)"
    )


def target_from(args: argparse.Namespace) -> Target:
    try:
        region = sandbox_region(args.base_url) if args.base_url else region_for(args.region)
    except UnsafeBaseUrlError as exc:
        raise InvalidInputError(str(exc)) from None
    if args.timeout <= 0:
        raise InvalidInputError("--timeout must be a positive number of seconds")
    return Target(region, args.timeout)


def partner_key(region: Region, store: PartnerKeyStore | None = None) -> str:
    """The key from the environment, else from the keychain entry of the region."""
    from_env = os.environ.get(KEY_ENV, "").strip()
    if from_env:
        return from_env
    key = (store or PartnerKeyStore()).get(region.code)
    if key:
        return key
    raise AuthenticationError(
        f"No partner key for {region.label}.",
        advice=f"Set {KEY_ENV}, or store the key for this region from the booxi-desktop window.",
    )


def open_client(target: Target) -> BooxiClient:
    return BooxiClient(target.region, partner_key(target.region), timeout=target.timeout)


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {value}")
    return value


def err(message: str) -> None:
    # Messages can quote a server or a file: shown, not obeyed, by the terminal.
    print(f"booxi-link: {visible_lines(message)}", file=sys.stderr)

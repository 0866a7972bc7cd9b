"""A module link request written as a cURL command a POSIX shell runs unchanged.

Every value the user or the server chose is single-quoted (``shlex.quote``), so no
quote, ``$``, backtick or line break in it can end the argument or reach the shell.
The partner key is never written: the command reads it from ``$BOOXI_PARTNER_KEY``,
the one argument in double quotes, so that the shell expands that variable and
nothing else. The PUT body is the client's own encoding (:func:`put_body`), byte for
byte what the app sends.
"""

from __future__ import annotations

import shlex
from typing import Literal

from booxi_desktop.core import errors
from booxi_desktop.core.link.model import Metadata
from booxi_desktop.core.regions import Region
from booxi_desktop.core.remote.client import USER_AGENT, link_path, put_body

KEY_VARIABLE = "BOOXI_PARTNER_KEY"
# ${VAR:?message}: an unset or empty variable stops the command with this message
# instead of sending a request without a key.
KEY_HEADER = f'"Booxi-PartnerKey: ${{{KEY_VARIABLE}:?set {KEY_VARIABLE} to the partner key}}"'

Method = Literal["GET", "PUT"]


def link_url(region: Region, client_id: int, module_id: str) -> str:
    """The link's URL as the client requests it (ids checked and percent-encoded)."""
    return region.base_url + link_path(client_id, module_id)


def curl_command(
    region: Region,
    method: Method,
    client_id: int,
    module_id: str,
    body: tuple[str, Metadata] | None = None,
) -> str:
    """The GET, or the PUT of ``body`` (externalId, metadata), as one shell command line.

    Lines are joined with `` \\`` + newline, which every POSIX shell reads as one line.
    """
    if method not in ("GET", "PUT"):
        raise errors.InvalidInputError(f"a cURL command is a GET or a PUT, not {method!r}")
    if (method == "PUT") != (body is not None):
        raise errors.InvalidInputError("a PUT needs a body and a GET has none")
    parts = [
        [
            "curl",
            "--silent",
            "--show-error",
            "--request",
            method,
            shlex.quote(link_url(region, client_id, module_id)),
        ],
        ["--header", KEY_HEADER],
        ["--header", shlex.quote("Accept: application/json")],
        ["--user-agent", shlex.quote(USER_AGENT)],
    ]
    if body is not None:
        # ASCII (put_body escapes the rest), and it starts with "{": curl would read a
        # file for a --data-binary argument that starts with "@".
        data = put_body(*body).decode("ascii")
        parts.append(["--header", shlex.quote("Content-Type: application/json")])
        parts.append(["--data-binary", shlex.quote(data)])
    return " \\\n  ".join(" ".join(line) for line in parts)

"""How results reach stdout and stderr.

Text from a server, a payload or a backup reaches a terminal here, so none of it is
obeyed: hidden and bidi characters are shown as markers (``⟨U+202E⟩``) in text, and as
``\\uXXXX`` escapes in JSON, which keeps the data exact for a script that parses it.
Text lines are often already made visible (a diff's description), so the last defence
here escapes hidden characters only, never a marker's bracket: data printed raw goes
through :func:`~booxi_desktop.core.visible_text.visible` where it is formatted.
JSON output is strict: a value JSON cannot hold (``NaN``) is refused here, so each
command decides how to represent it rather than printing a token parsers reject.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from booxi_desktop.core.jsondoc.notes import strict_json_value
from booxi_desktop.core.visible_text import escape_hidden, json_text_safe

_LISTED_PATHS = 5


def json_text(data: Any) -> str:
    return json_text_safe(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False))


def print_json(data: Any) -> None:
    """``data`` as strict JSON; a NaN or Infinity is written as a string, and said so."""
    strict, replaced = strict_json_value(data)
    if replaced:
        listed = ", ".join(p or "(the top level)" for p in replaced[:_LISTED_PATHS])
        more = f" and {len(replaced) - _LISTED_PATHS} more" if len(replaced) > _LISTED_PATHS else ""
        info(
            f"warning: {len(replaced)} value(s) that JSON cannot hold (NaN, Infinity) are "
            f'written as strings ("NaN", "Infinity", "-Infinity"): {listed}{more}'
        )
    sys.stdout.write(json_text(strict))
    sys.stdout.write("\n")


def visible_lines(text: str) -> str:
    """``text`` line by line with every other hidden character shown.

    Only for messages this program writes over several lines; a line that came from
    elsewhere goes through :func:`say` or :func:`info`, where its line breaks are shown.
    """
    return "\n".join(escape_hidden(line) for line in text.split("\n"))


def say(*lines: str) -> None:
    """Lines of results on stdout, each shown rather than obeyed (a line break included)."""
    for line in lines:
        print(escape_hidden(line))


def info(message: str) -> None:
    print(escape_hidden(message), file=sys.stderr)

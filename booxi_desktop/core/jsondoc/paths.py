"""Reading back the paths that :func:`format_path` writes, to find the place they name.

Findings name places as text (``eventContent.clientLinks[1].metadata``); a view needs
the keys and indexes to walk to them.
"""

from __future__ import annotations

import json
import re

from booxi_desktop.core.jsondoc.decode import PathPart

_PART = re.compile(r'(\.?)([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]')


def parse_path(text: str) -> tuple[PathPart, ...] | None:
    """The parts of a path written by ``format_path``; ``None`` if it is not one."""
    parts: list[PathPart] = []
    pos = 0
    while pos < len(text):
        found = _PART.match(text, pos)
        if found is None:
            return None
        dot, name, number, quoted = found.groups()
        if name is not None:
            # The first name has no dot before it; every later one has.
            if bool(dot) != bool(parts):
                return None
            parts.append(name)
        elif number is not None:
            parts.append(int(number))
        else:
            try:
                key = json.loads(quoted)
            except ValueError:
                return None
            if not isinstance(key, str):
                return None
            parts.append(key)
        pos = found.end()
    return tuple(parts)

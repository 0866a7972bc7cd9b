"""What Python's ``json`` reads but JSON does not define, found and located.

A duplicate key lets its last value win silently (other tools may keep the first), so a
payload may not say what it seems to; ``NaN`` and ``Infinity`` are refused by strict
parsers. Both are shown as problems, never refused: the payload is what was sent.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from booxi_desktop.core.jsondoc.decode import PathPart, format_path, utf8_text
from booxi_desktop.core.visible_text import quoted, visible

# A string token, a bracket, a separator or a constant: walked only when a parse with
# hooks found something, to say where.
_NOTE_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}:,]|-?Infinity|NaN')
MAX_NOTES = 100

DUPLICATE_KEY = "duplicate_key"
NON_STANDARD_NUMBER = "non_standard_number"


@dataclass(frozen=True)
class JsonNote:
    """Something Python's ``json`` reads but JSON does not define: a duplicate key, whose
    last value silently wins (other tools may keep the first), or ``NaN``/``Infinity``,
    which strict parsers refuse."""

    code: str
    message: str
    path: str
    line: int
    column: int

    @property
    def where(self) -> str:
        # Shown, not raw: the path can hold a key's hidden characters.
        return f"{visible(self.path) or 'the top level'} (line {self.line}, column {self.column})"


class _Found(Exception):
    pass


def find_json_notes(data: bytes | str, *, limit: int = MAX_NOTES) -> list[JsonNote]:
    """Duplicate keys and non-standard constants in already valid JSON, with where they are.

    A parse with hooks tells whether there is any, stopping at the first; only then is
    the text walked token by token to say where, so a clean payload costs one parse.
    """
    text = utf8_text(data)

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        value = dict(items)
        if len(value) != len(items):
            raise _Found
        return value

    def constant(name: str) -> float:
        raise _Found

    try:
        json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except _Found:
        return _locate_notes(text, limit)
    except (ValueError, RecursionError):
        return []  # the parse proper says what is wrong
    return []


def _locate_notes(text: str, limit: int) -> list[JsonNote]:
    notes: list[JsonNote] = []
    line_starts: list[int] | None = None

    def note(code: str, message: str, path: list[PathPart], pos: int) -> None:
        nonlocal line_starts
        if line_starts is None:
            line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        line = bisect_right(line_starts, pos)
        notes.append(
            JsonNote(code, message, format_path(path), line, pos - line_starts[line - 1] + 1)
        )

    # Each open container: [child, seen keys or None for an array, expecting a key].
    stack: list[list[Any]] = []
    for token in _NOTE_TOKEN.finditer(text):
        tok = token.group()
        top = stack[-1] if stack else None
        if tok == "{":
            stack.append([None, set(), True])
        elif tok == "[":
            stack.append([0, None, False])
        elif tok in "]}":
            stack.pop()
        elif tok == ",":
            if top is not None:
                if top[1] is None:
                    top[0] += 1
                else:
                    top[2] = True
        elif tok == ":":
            if top is not None:
                top[2] = False
        elif tok[0] == '"':
            if top is not None and top[1] is not None and top[2]:
                key = json.loads(tok)
                top[0] = key
                if key in top[1]:
                    note(
                        DUPLICATE_KEY,
                        f"The key {quoted(key)} appears more than once in the same object: "
                        "the last value is the one read here, another tool may keep the first.",
                        [f[0] for f in stack],
                        token.start(),
                    )
                top[1].add(key)
        else:
            note(
                NON_STANDARD_NUMBER,
                f"{tok} is not a JSON number: strict parsers refuse it, others read it "
                "differently.",
                [f[0] for f in stack],
                token.start(),
            )
        if len(notes) >= limit:
            break
    return notes


def strict_json_value(value: Any) -> tuple[Any, list[str]]:
    """``value`` with each ``NaN``/``Infinity`` replaced by the string ``"NaN"``,
    ``"Infinity"`` or ``"-Infinity"``, and the paths of what was replaced.

    For output that must be strict JSON: a string keeps what was sent readable, where
    ``null`` would lose it. Returns ``value`` itself when it holds none.
    """
    replaced: list[str] = []

    def walk(node: Any, path: list[PathPart]) -> Any:
        if isinstance(node, float) and not math.isfinite(node):
            replaced.append(format_path(path))
            return "NaN" if node != node else ("Infinity" if node > 0 else "-Infinity")
        if isinstance(node, dict):
            return {k: walk(v, [*path, k]) for k, v in node.items()}
        if isinstance(node, list | tuple):
            return [walk(v, [*path, i]) for i, v in enumerate(node)]
        return node

    try:
        json.dumps(value, allow_nan=False)
    except ValueError:
        return walk(value, []), replaced
    return value, replaced

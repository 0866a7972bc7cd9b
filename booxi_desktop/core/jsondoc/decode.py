"""Decoding JSON that a user pasted or dropped, and naming places inside it.

Payloads come from logs, clipboards and files saved by other tools, so every refusal
says where and why, and nothing is guessed: bytes that are not UTF-8 are refused rather
than decoded as some other encoding, which would show different text than was sent.
"""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Sequence
from typing import Any

from booxi_desktop.core.text import megabytes, utf8_size

PathPart = str | int

_BOM = "\ufeff"
_EXCERPT_WIDTH = 80
_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
# A string token or a bracket: only used on the refusal path, to say where nesting got
# too deep, so its per-token Python loop stays off the path of valid payloads.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


class JsonInputError(ValueError):
    """JSON text that cannot be used, with where the problem is when that is known."""

    def __init__(
        self,
        message: str,
        line: int | None = None,
        column: int | None = None,
        excerpt: str = "",
        *,
        heading: str = "Invalid JSON",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.excerpt = excerpt
        self.heading = heading

    def __str__(self) -> str:
        text = self.message
        if self.line is not None:
            where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
            text = f"{self.heading} at {where}: {self.message}"
        return f"{text}\n{self.excerpt}" if self.excerpt else text


# The largest payload read, in bytes: files are checked on their size before reading.
MAX_PAYLOAD_BYTES = 50_000_000


def decode_json(
    data: bytes | str, *, max_bytes: int = MAX_PAYLOAD_BYTES, max_depth: int = 200
) -> Any:
    """Parse a JSON document, refusing oversized, too deeply nested or undecodable input."""
    value = parse_json(data, max_bytes=max_bytes, max_depth=max_depth)
    check_nesting(value, data, max_depth=max_depth)
    return value


def parse_json(
    data: bytes | str, *, max_bytes: int = MAX_PAYLOAD_BYTES, max_depth: int = 200
) -> Any:
    """:func:`decode_json` but for the nesting check of the parsed value.

    Input nested deeper than ``json`` itself can parse is refused here all the same; the
    rest of the limit is :func:`check_nesting`'s.
    """
    # A character takes 1 to 4 bytes: only a text near the limit needs encoding to measure
    # (below it, the character count is enough to know the limit is not reached).
    size = utf8_size(data, exact=len(data) * 4 > max_bytes)
    if size > max_bytes:
        shown, limit = megabytes(size, max_bytes)
        raise JsonInputError(
            f"The payload is {shown} MB, the limit is {limit} MB.", heading="Payload too large"
        )
    text = _text(data)
    if not text or text.isspace():
        raise JsonInputError("The payload is empty: there is no JSON to read.", heading="Empty")
    try:
        value = json.loads(text, object_hook=_yield_point)
    except json.JSONDecodeError as exc:
        raise JsonInputError(exc.msg, exc.lineno, exc.colno, _excerpt(exc.doc, exc.pos)) from None
    except RecursionError:
        # The C parser guards its own recursion, so a nesting bomb ends here, not in a crash.
        raise _too_deep(max_depth, _position_beyond(text, max_depth), text) from None
    except ValueError as exc:
        # e.g. an integer longer than Python's digit limit: valid JSON, unusable here.
        raise JsonInputError(f"A value in the payload cannot be read: {exc}") from None
    return value


def _yield_point(obj: dict[str, Any]) -> dict[str, Any]:
    """Each object as parsed, unchanged.

    The C parser holds the interpreter lock from the first byte to the last: parsing a
    large payload in a worker thread would stall the UI thread all that time. Python code
    run for every object lets the interpreter hand the lock over at its switch interval,
    at a small cost to the parse (benchmarks/bench_webhook_parse.py compares it with
    ``json.loads``; bench_webhook_panel.py reports the stall).
    """
    return obj


def check_nesting(value: Any, data: bytes | str, *, max_depth: int = 200) -> None:
    """Refuse ``value`` if it nests more than ``max_depth`` containers deep.

    ``data`` is what it was parsed from, read again only to say where. Checked on the
    parsed value, level by level: cheaper than scanning the text first, and it keeps
    anything that walks the tree later far from the recursion limit.
    """
    if not _depth_within(value, max_depth):
        text = _text(data)
        raise _too_deep(max_depth, _position_beyond(text, max_depth), text)


def format_path(parts: Sequence[PathPart]) -> str:
    """``eventContent.clientLinks[1].metadata["loyalty tier"]``: how a user would write it."""
    out: list[str] = []
    for part in parts:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif _IDENTIFIER.fullmatch(part):
            out.append(f".{part}" if out else part)
        else:
            out.append(f"[{json.dumps(part, ensure_ascii=False)}]")
    return "".join(out)


def json_type_name(value: object) -> str:
    """The JSON name of a parsed value's type, as a partner engineer reads it in docs."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    return type(value).__name__


def json_type_phrase(value: object) -> str:
    """ "a string", "an object", "null": the type of a value, for a sentence."""
    name = json_type_name(value)
    if name == "null":
        return name
    return f"an {name}" if name[0] in "aeiou" else f"a {name}"


def _text(data: bytes | str) -> str:
    if isinstance(data, str):
        return data[1:] if data.startswith(_BOM) else data
    raw = bytes(data)
    return _decode_utf8(raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw)


def _decode_utf8(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise JsonInputError(
            "The payload is UTF-16 encoded; save it as UTF-8 and try again.",
            heading="Not UTF-8",
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line_end = raw.find(b"\n", exc.start)
        line_bytes = raw[line_start : len(raw) if line_end < 0 else line_end]
        column = len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1
        shown = line_bytes.decode("utf-8", "replace")
        raise JsonInputError(
            f"byte 0x{raw[exc.start]:02X} at byte offset {exc.start} is not valid UTF-8; "
            "save the payload as UTF-8 (no other encoding is guessed).",
            raw.count(b"\n", 0, exc.start) + 1,
            column,
            _excerpt(shown, column - 1),
            heading="Not UTF-8",
        ) from None


def _depth_within(value: object, max_depth: int) -> bool:
    """Whether ``value`` nests at most ``max_depth`` containers deep.

    Walks level by level over the containers the garbage collector tracks: Python leaves
    untracked the dicts that hold only strings, numbers and the like (documented for
    ``gc.is_tracked``), so a level shrinks to the containers that can have containers
    below them, and both steps run in C. This runs before a payload is shown, and a
    walk over every value in Python costs the panel benchmark its 2x target (its output
    says by how much). An untracked dict is a leaf, so the true depth is the number of
    tracked levels or one more; only that undecided case is walked exactly.
    """
    if type(value) is not dict and type(value) is not list:
        return True
    tracked_levels = 0
    level: list[object] = [value]
    while level:
        tracked_levels += 1
        if tracked_levels > max_depth:
            return False
        # filter() rather than a comprehension: the whole step stays in C.
        level = list(filter(gc.is_tracked, gc.get_referents(*level)))
    if tracked_levels < max_depth:
        return True
    return _exact_depth_within(value, max_depth)


def _exact_depth_within(value: object, max_depth: int) -> bool:
    """The plain walk: level by level rather than recursively, so a deep value cannot
    exhaust the stack. ``json`` makes exact dicts and lists, hence ``type(...) is``."""
    level = [value] if type(value) is dict or type(value) is list else []
    depth = 0
    while level:
        depth += 1
        if depth > max_depth:
            return False
        level = [
            child
            for node in level
            for child in (node.values() if type(node) is dict else node)
            if type(child) is dict or type(child) is list
        ]
    return True


def _position_beyond(text: str, max_depth: int) -> int | None:
    depth = 0
    for token in _TOKEN.finditer(text):
        char = token.group()
        if char in "[{":
            depth += 1
            if depth > max_depth:
                return token.start()
        elif char in "]}":
            depth -= 1
    return None


def _too_deep(max_depth: int, pos: int | None, text: str) -> JsonInputError:
    message = (
        f"the JSON is nested more than {max_depth} levels deep; "
        "such payloads are refused rather than risking a crash."
    )
    if pos is None:
        return JsonInputError(message[0].upper() + message[1:], heading="Nesting too deep")
    line = text.count("\n", 0, pos) + 1
    column = pos - text.rfind("\n", 0, pos)
    return JsonInputError(message, line, column, _excerpt(text, pos), heading="Nesting too deep")


def _excerpt(doc: str, pos: int) -> str:
    """The faulty line, cut to a readable width around ``pos``, and a caret under it."""
    start = doc.rfind("\n", 0, pos) + 1
    end = doc.find("\n", pos)
    line = doc[start : len(doc) if end < 0 else end].rstrip("\r")
    col = pos - start
    lo = max(0, min(col - _EXCERPT_WIDTH // 2, len(line) - _EXCERPT_WIDTH))
    hi = lo + _EXCERPT_WIDTH
    shown = line[lo:hi].replace("\t", " ")
    prefix = "…" if lo > 0 else ""
    suffix = "…" if hi < len(line) else ""
    return f"{prefix}{shown}{suffix}\n{' ' * (len(prefix) + col - lo)}^"


def utf8_text(data: bytes | str) -> str:
    """``data`` as text the way :func:`parse_json` reads it (BOM dropped, UTF-8 only)."""
    return _text(data)

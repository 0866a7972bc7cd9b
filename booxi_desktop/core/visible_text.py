"""Making characters a reader cannot see, or that reorder what they see, visible.

A zero-width space makes ``loyaltyTier\\u200b`` look like ``loyaltyTier``; a right-to-left
override makes ``\\u202e9876 NABI`` read ``IBAN 6789``. Wherever a person reviews keys and
values, such characters are shown as one marker, ``⟨U+202E⟩``, never obeyed. The
marker's own opening bracket is escaped the same way, so two different texts never look
the same (the mapping can be undone) and a value cannot fake a marker.

What is escaped: everything ``str.isprintable`` refuses (control and format characters,
surrogates, private-use and unassigned code points, line and paragraph separators, and
every space other than the plain space, which looks like it but is not it), plus the
Unicode "default ignorable" characters that Python counts as printable yet no font draws
(variation selectors, Hangul fillers, the combining grapheme joiner and the like).

Data stays exact: this is only for display. Raw text is what is edited, saved and sent.
"""

from __future__ import annotations

import re
import unicodedata

MARK_OPEN = "\u27e8"
MARK_CLOSE = "\u27e9"

# Default_Ignorable_Code_Point (Unicode's DerivedCoreProperties) that str.isprintable
# accepts; the rest of that property is already refused by isprintable.
_PRINTABLE_IGNORABLE = (
    "\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180d\u180f\u3164\ufe00-\ufe0f\uffa0"
    "\U000e0100-\U000e01ef"
)
_IGNORABLE = re.compile(f"[{_PRINTABLE_IGNORABLE}]")
_ALSO_ESCAPED = re.compile(f"[{_PRINTABLE_IGNORABLE}{MARK_OPEN}]")
# Candidates only: each match is checked with needs_escape.
_NOT_PLAIN_ASCII = re.compile(r"[^\u0020-\u007e]")


def needs_escape(char: str) -> bool:
    return not char.isprintable() or _ALSO_ESCAPED.match(char) is not None


def marker(char: str) -> str:
    return f"{MARK_OPEN}U+{ord(char):04X}{MARK_CLOSE}"


def visible(text: str) -> str:
    """``text`` with every hidden or reordering character replaced by its marker."""
    if text.isprintable() and _ALSO_ESCAPED.search(text) is None:
        return text
    return "".join(marker(c) if needs_escape(c) else c for c in text)


def escape_hidden(text: str) -> str:
    """:func:`visible` but for the marker's bracket: safe to apply to text that already
    went through :func:`visible` (a diff's description), as a terminal's last defence."""
    if text.isprintable() and _IGNORABLE.search(text) is None:
        return text
    return "".join(marker(c) if c != MARK_OPEN and needs_escape(c) else c for c in text)


def quoted(text: str) -> str:
    """``text`` made visible, in double quotes (``"`` and ``\\`` escaped as in JSON)."""
    shown = visible(text).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{shown}"'


def hidden_characters(text: str, *, ordinary: str = "\t\n\r") -> list[str]:
    """The distinct hidden characters in ``text``, named: ``["U+200B ZERO WIDTH SPACE"]``.

    ``ordinary`` characters are shown as markers too, but not reported: a tab or a line
    break is whitespace a user means, not one that deceives.
    """
    if text.isprintable() and _IGNORABLE.search(text) is None:
        return []
    found: dict[str, None] = {}
    for c in text:
        if c != MARK_OPEN and c not in ordinary and needs_escape(c):
            found.setdefault(c)
    return [f"U+{ord(c):04X} {character_name(c)}" for c in found]


def character_name(char: str) -> str:
    return unicodedata.name(char, "") or _CATEGORY_NAMES.get(
        unicodedata.category(char), "character"
    )


_CATEGORY_NAMES = {
    "Cc": "control character",
    "Cs": "lone surrogate",
    "Co": "private-use character",
    "Cn": "unassigned character",
}


def json_text_safe(json_text: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with hidden characters
    written as ``\\uXXXX`` escapes: the same data once parsed, but nothing a terminal obeys.

    Only string contents can hold such characters in ``json.dumps`` output, and there a
    ``\\u`` escape means the same character, so the whole text can be processed at once.
    """
    return _NOT_PLAIN_ASCII.sub(_json_escape_if_hidden, json_text)


def _json_escape_if_hidden(match: re.Match[str]) -> str:
    char = match.group()
    if char in "\n\t" or char == MARK_OPEN or not needs_escape(char):
        # Newlines and indentation outside strings (json.dumps escapes them inside), and
        # the marker bracket, which only display escapes: JSON has its own escapes.
        return char
    code = ord(char)
    if code > 0xFFFF:
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"

"""A wrapper that keeps the partner key out of reprs, tracebacks and logs."""

from __future__ import annotations

import base64
import json
import re
from urllib.parse import quote, quote_plus

# Below this, an encoded fragment could match ordinary words of a message by chance.
_MIN_FRAGMENT = 6


class Secret:
    __slots__ = ("_pattern", "_value")

    def __init__(self, value: str) -> None:
        self._value = value
        self._pattern: re.Pattern[str] | None = None

    def reveal(self) -> str:
        return self._value

    def redact(self, text: str) -> str:
        """Remove the secret from text that came from elsewhere (a server may echo it),
        as sent or in any encoding a server is likely to echo it in (see :func:`key_forms`).
        """
        if not self._value or len(self._value) < 4:
            return text
        if self._pattern is None:
            forms = sorted(key_forms(self._value), key=len, reverse=True)
            # Case-insensitive: a server may upper- or lower-case the key or its escapes.
            self._pattern = re.compile("|".join(map(re.escape, forms)), re.IGNORECASE)
        return self._pattern.sub("***", text)

    def is_header_safe(self) -> bool:
        """Printable ASCII only: what an HTTP header can carry as it is."""
        return self._value.isascii() and self._value.isprintable()

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return "Secret(***)"

    __str__ = __repr__

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("a Secret cannot be pickled")


def key_forms(key: str) -> set[str]:
    """The key as sent and as a server could echo it: URL-encoded, JSON-escaped, hex, and
    base64 (standard or URL-safe, padded or not, alone or inside a longer encoded text
    such as ``base64("user:" + key)``). Case variants are left to the matching."""
    raw = key.encode("utf-8", "surrogatepass")
    forms = {key, quote(key, safe=""), quote(key), quote_plus(key), raw.hex()}
    escaped = json.dumps(key)[1:-1]
    forms |= {escaped, escaped.replace("/", "\\/")}
    for fragment in _base64_fragments(raw):
        forms |= {fragment, fragment.translate(_URL_SAFE)}
    whole = base64.b64encode(raw).decode()
    for encoded in (whole, whole.rstrip("=")):
        forms |= {encoded, encoded.translate(_URL_SAFE)}
    return {f for f in forms if f == key or len(f) >= _MIN_FRAGMENT}


_URL_SAFE = str.maketrans("+/", "-_")


def _base64_fragments(raw: bytes) -> list[str]:
    """For each of the 3 alignments the key can have inside a longer base64 text, the
    characters that depend on the key's bytes alone (so appear whatever surrounds it)."""
    fragments = []
    for shift in range(3):
        encoded = base64.b64encode(bytes(shift) + raw).decode()
        first_bit, end_bit = 8 * shift, 8 * (shift + len(raw))
        keep = [i for i in range(len(encoded)) if 6 * i >= first_bit and 6 * i + 6 <= end_bit]
        if keep:
            fragments.append(encoded[keep[0] : keep[-1] + 1])
    return fragments

"""A wrapper that keeps the partner key out of reprs, tracebacks and logs."""

from __future__ import annotations


class Secret:
    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def redact(self, text: str) -> str:
        """Remove the secret from text that came from elsewhere (a server may echo it)."""
        if self._value and len(self._value) >= 4:
            return text.replace(self._value, "***")
        return text

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

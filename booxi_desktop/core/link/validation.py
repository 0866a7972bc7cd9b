"""Checks on an edited link before it may be saved.

Errors block a save; warnings follow limits that comparable APIs publish (Booxi
publishes none), so they only inform.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from booxi_desktop.core.link.model import MetaValue
from booxi_desktop.core.visible_text import hidden_characters

MAX_KEYS = 50
MAX_KEY_LENGTH = 40
MAX_VALUE_LENGTH = 500


_KIND_NAMES: dict[type, str] = {
    bool: "true/false",
    int: "a number",
    float: "a number",
    type(None): "null",
    list: "a JSON list",
    dict: "a JSON object",
}


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class ValidationIssue:
    severity: Severity
    message: str
    row: int | None = None  # None: concerns the whole link
    column: str = ""  # "key", "value", "externalId" or "" for the whole link

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def validate(external_id: str, rows: Sequence[tuple[str, MetaValue]]) -> list[ValidationIssue]:
    issues: list[ValidationIssue] = []
    if external_id != external_id.strip():
        issues.append(
            ValidationIssue(
                Severity.WARNING, "externalId has leading or trailing spaces", None, "externalId"
            )
        )
    issues.extend(_check_hidden("externalId", external_id, None, "externalId"))
    first_row: dict[str, int] = {}
    for row, (key, value) in enumerate(rows):
        issues.extend(_check_key(row, key, first_row))
        issues.extend(_check_value(row, value))
    if len(rows) > MAX_KEYS:
        issues.append(
            ValidationIssue(
                Severity.WARNING, f"{len(rows)} keys: more than {MAX_KEYS} may be refused"
            )
        )
    return issues


def _check_key(row: int, key: str, first_row: dict[str, int]) -> list[ValidationIssue]:
    if key == "":
        return [ValidationIssue(Severity.ERROR, "key is empty", row, "key")]
    found: list[ValidationIssue] = []
    if key != key.strip():
        found.append(
            ValidationIssue(Severity.ERROR, "key has leading or trailing spaces", row, "key")
        )
    if key in first_row:
        found.append(
            ValidationIssue(
                Severity.ERROR, f"duplicate key (also on row {first_row[key] + 1})", row, "key"
            )
        )
    else:
        first_row[key] = row
    found.extend(_check_hidden("key", key, row, "key"))
    if len(key) > MAX_KEY_LENGTH:
        found.append(
            ValidationIssue(
                Severity.WARNING,
                f"key is {len(key)} characters: more than {MAX_KEY_LENGTH} may be refused",
                row,
                "key",
            )
        )
    return found


def _check_value(row: int, value: MetaValue) -> list[ValidationIssue]:
    if not isinstance(value, str):
        return [
            ValidationIssue(
                Severity.ERROR,
                f"value is {_KIND_NAMES.get(type(value), 'not text')}: "
                "metadata values must be text",
                row,
                "value",
            )
        ]
    found = _check_hidden("value", value, row, "value")
    if len(value) > MAX_VALUE_LENGTH:
        found.append(
            ValidationIssue(
                Severity.WARNING,
                f"value is {len(value)} characters: more than {MAX_VALUE_LENGTH} may be refused",
                row,
                "value",
            )
        )
    return found


def _check_hidden(what: str, text: str, row: int | None, column: str) -> list[ValidationIssue]:
    # A warning, not an error: such characters can be meant (a name in Arabic script
    # uses bidi marks), but a reviewer must know they are there.
    hidden = hidden_characters(text)
    if not hidden:
        return []
    shown = ", ".join(hidden[:3]) + (f" and {len(hidden) - 3} more" if len(hidden) > 3 else "")
    return [
        ValidationIssue(
            Severity.WARNING,
            f"{what} holds invisible or text-direction characters (shown as ⟨U+…⟩): {shown}",
            row,
            column,
        )
    ]

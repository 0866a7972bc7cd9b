"""What a save would change on the server, in terms a user can check before sending.

A PUT replaces the whole link, so a key missing from the new metadata is deleted on
the server, and the order sent becomes the server's order: both count as changes.
Values are compared as they travel (JSON), so ``1``, ``1.0``, ``true`` and ``"1"``
are all different.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from booxi_desktop.core.link.model import MetaValue
from booxi_desktop.core.visible_text import quoted, visible


@dataclass(frozen=True)
class LinkDiff:
    added: dict[str, MetaValue] = field(default_factory=dict)
    removed: dict[str, MetaValue] = field(default_factory=dict)
    changed: dict[str, tuple[MetaValue, MetaValue]] = field(default_factory=dict)
    external_id_change: tuple[str, str] | None = None
    unchanged_count: int = 0
    order_changed: bool = False

    @property
    def is_empty(self) -> bool:
        return not (
            self.added
            or self.removed
            or self.changed
            or self.external_id_change
            or self.order_changed
        )

    @property
    def change_count(self) -> int:
        """Keys added, removed or changed, plus one for the externalId."""
        return (
            len(self.added)
            + len(self.removed)
            + len(self.changed)
            + (1 if self.external_id_change else 0)
        )


def same_value(a: MetaValue, b: MetaValue) -> bool:
    """Equal and of the same JSON type: ``1``, ``1.0``, ``True`` and ``"1"`` all differ.

    The one rule for "changed" everywhere: the editor's marks, the review and merges.
    """
    if a is b or (type(a) is type(b) and a == b):
        return True
    # NaN (Python's json reads it) is never equal to itself, yet the same value was sent.
    return isinstance(a, float) and isinstance(b, float) and a != a and b != b


def diff_links(
    old_external_id: str,
    old_metadata: Mapping[str, MetaValue],
    new_external_id: str,
    new_metadata: Mapping[str, MetaValue],
) -> LinkDiff:
    added = {k: v for k, v in new_metadata.items() if k not in old_metadata}
    removed = {k: v for k, v in old_metadata.items() if k not in new_metadata}
    changed = {
        k: (v, new_metadata[k])
        for k, v in old_metadata.items()
        if k in new_metadata and not same_value(v, new_metadata[k])
    }
    kept_old = [k for k in old_metadata if k in new_metadata]
    kept_new = [k for k in new_metadata if k in old_metadata]
    return LinkDiff(
        added=added,
        removed=removed,
        changed=changed,
        external_id_change=(
            (old_external_id, new_external_id) if old_external_id != new_external_id else None
        ),
        unchanged_count=len(kept_old) - len(changed),
        order_changed=kept_old != kept_new,
    )


# Said the same in the review dialog's headings and in these plain lines.
NO_CHANGES = "No changes: the server already has exactly this."
ORDER_CHANGES = "The order of the keys will change (the server keeps the order sent)."


def describe(diff: LinkDiff) -> list[str]:
    """Plain-language lines, most consequential first (deletions)."""
    if diff.is_empty:
        return [NO_CHANGES]
    lines: list[str] = []
    if diff.removed:
        lines.append(f"These keys will be deleted on the server: {_keys(diff.removed)}")
    if diff.external_id_change:
        old, new = diff.external_id_change
        lines.append(f"The external ID will change from {_text(old)} to {_text(new)}.")
    if diff.changed:
        lines.append(f"These keys will get a new value: {_keys(diff.changed)}")
        lines.extend(
            f"  {readable_key(k)}: {_value(old)} → {_value(new)}"
            for k, (old, new) in diff.changed.items()
        )
    if diff.added:
        lines.append(f"These keys will be added: {_keys(diff.added)}")
    if diff.order_changed:
        lines.append(ORDER_CHANGES)
    if diff.unchanged_count:
        lines.append(f"{diff.unchanged_count} other key(s) stay as they are.")
    return lines


def unified_lines(
    old_external_id: str,
    old_metadata: Mapping[str, MetaValue],
    new_external_id: str,
    new_metadata: Mapping[str, MetaValue],
    *,
    old_label: str = "server",
    new_label: str = "to send",
) -> list[str]:
    """A unified diff of the two PUT bodies as pretty JSON, for a terminal or a log."""

    def body(external_id: str, metadata: Mapping[str, MetaValue]) -> list[str]:
        doc = {
            "externalId": visible(external_id),
            "metadata": {visible(k): _visible_value(v) for k, v in metadata.items()},
        }
        return json.dumps(doc, indent=2, ensure_ascii=False).splitlines()

    return list(
        difflib.unified_diff(
            body(old_external_id, old_metadata),
            body(new_external_id, new_metadata),
            fromfile=old_label,
            tofile=new_label,
            lineterm="",
        )
    )


def readable_key(key: str) -> str:
    """A metadata key as shown in messages and lists: quoted when a reader could misjudge
    it (empty, padded, holding invisible characters or the ", " lists are joined with).

    Hidden and bidi characters are shown as markers (``⟨U+200B⟩``, see
    :mod:`~booxi_desktop.core.visible_text`): ``loyaltyTier`` and ``loyaltyTier\u200b``
    must never read the same in a review.
    """
    plain = key and key == key.strip() and "," not in key and visible(key) == key
    return key if plain else quoted(key)


def shown_value(value: MetaValue) -> str:
    """A value as JSON for a reader: strings quoted, hidden characters as markers."""
    if isinstance(value, str):
        return quoted(value)
    return visible(json.dumps(value, ensure_ascii=False))


def _visible_value(value: MetaValue) -> MetaValue:
    return visible(value) if isinstance(value, str) else value


def _keys(keys: Mapping[str, object]) -> str:
    return ", ".join(readable_key(k) for k in keys)


def _text(value: str) -> str:
    return quoted(value) if value else "(empty)"


def _value(value: MetaValue) -> str:
    return "(empty)" if value == "" else shown_value(value)

"""A read-only, colour-coded view of a :class:`LinkDiff`, deletions first and in red.

Shared by the save review, the conflict dialog and the backups window; each passes
its own :class:`DiffWording` because "deleted on the server" is only true of a save.
Everything the user or the server wrote is escaped before it becomes HTML, and hidden
or bidi characters in it are shown as highlighted markers (``⟨U+202E⟩``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape
from typing import Any

from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QTextBrowser, QWidget

from booxi_desktop.core.link.diff import (
    NO_CHANGES,
    ORDER_CHANGES,
    LinkDiff,
    readable_key,
    shown_value,
)
from booxi_desktop.core.link.model import MetaValue
from booxi_desktop.core.visible_text import MARK_CLOSE, MARK_OPEN
from booxi_desktop.ui.widgets.naming import named
from booxi_desktop.ui.widgets.theme import (
    AMBER,
    GREEN,
    GREEN_BACKGROUND,
    GREY,
    MARKER,
    RED,
    RED_BACKGROUND,
    Pair,
    ink,
)

# Each section stops here, so a diff of thousands of keys still renders at once.
ROW_LIMIT = 300


# A literal opening bracket is itself escaped, so every match is a real marker.
_MARKER = re.compile(f"{MARK_OPEN}U\\+[0-9A-F]{{4,6}}{MARK_CLOSE}")


@dataclass(frozen=True)
class DiffWording:
    """Section headings; ``{n}`` is replaced by the number of keys in the section."""

    removed: str
    external_id: str
    changed: str
    added: str
    order: str
    unchanged: str
    empty: str


SAVE_WORDING = DiffWording(
    removed="These keys will be deleted on the server ({n}):",
    external_id="The external ID will change:",
    changed="These keys will get a new value ({n}):",
    added="These keys will be added ({n}):",
    order=ORDER_CHANGES,
    unchanged="{n} other key(s) stay as they are.",
    empty=NO_CHANGES,
)


def compare_wording(old: str, new: str) -> DiffWording:
    """Neutral headings for comparing two copies, e.g. ``compare_wording("backup", "editor")``."""
    return DiffWording(
        removed=f"Only in the {old}, not in the {new} ({{n}}):",
        external_id=f"The external ID differs ({old} → {new}):",
        changed=f"Different values, {old} → {new} ({{n}}):",
        added=f"Only in the {new}, not in the {old} ({{n}}):",
        order="The same keys are in a different order.",
        unchanged="{n} other key(s) are the same.",
        empty=f"No differences: the {new} holds exactly what the {old} holds.",
    )


def key_html(key: str) -> str:
    return marked_html(readable_key(key))


def value_html(value: MetaValue) -> str:
    """Strings quoted, so that ``1`` and ``"1"`` (which differ on the wire) look different."""
    if value == "":
        return f'<i style="color:{ink(GREY)}">(empty)</i>'
    if isinstance(value, str):
        return marked_html(shown_value(value))
    return f"<i>{marked_html(shown_value(value))}</i>"


def marked_html(shown: str) -> str:
    """Already visible text as HTML, its markers highlighted so they cannot be missed."""
    return _MARKER.sub(
        lambda m: f'<span style="background-color:{ink(MARKER)}">{m.group()}</span>', escape(shown)
    )


def diff_html(diff: LinkDiff, wording: DiffWording = SAVE_WORDING) -> str:
    if diff.is_empty:
        return _paragraph(escape(wording.empty), GREY)
    parts: list[str] = []
    if diff.removed:
        parts.append(_heading(wording.removed.format(n=len(diff.removed)), RED))
        parts.append(_rows(diff.removed.items(), _removed_row))
    if diff.external_id_change:
        old, new = diff.external_id_change
        parts.append(_heading(wording.external_id, AMBER))
        parts.append(_table([_changed_cells("externalId", old, new)]))
    if diff.changed:
        parts.append(_heading(wording.changed.format(n=len(diff.changed)), AMBER))
        parts.append(_rows(diff.changed.items(), lambda k, v: _changed_cells(k, *v)))
    if diff.added:
        parts.append(_heading(wording.added.format(n=len(diff.added)), GREEN))
        parts.append(_rows(diff.added.items(), _added_row))
    if diff.order_changed:
        parts.append(_paragraph(escape(wording.order), AMBER))
    if diff.unchanged_count:
        parts.append(_paragraph(escape(wording.unchanged.format(n=diff.unchanged_count)), GREY))
    return "".join(parts)


class DiffView(QTextBrowser):
    """Shows one diff, or a plain message when there is nothing to compare."""

    def __init__(
        self, parent: QWidget | None = None, *, wording: DiffWording = SAVE_WORDING
    ) -> None:
        super().__init__(parent)
        named(self, "diffView", accessible="Changes")
        self.wording = wording
        self.diff: LinkDiff | None = None
        self.setOpenLinks(False)
        # Long values without spaces (ids, URLs) wrap instead of widening the table.
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)

    def set_diff(self, diff: LinkDiff, wording: DiffWording | None = None) -> None:
        if wording is not None:
            self.wording = wording
        self.diff = diff
        self.setHtml(diff_html(diff, self.wording))

    def set_message(self, text: str) -> None:
        self.diff = None
        self.setHtml(_paragraph(escape(text), GREY))


def _heading(text: str, color: Pair) -> str:
    style = f"margin-top:10px; margin-bottom:4px; color:{ink(color)}"
    return f'<p style="{style}"><b>{escape(text)}</b></p>'


def _paragraph(html: str, color: Pair) -> str:
    return f'<p style="margin-top:8px; color:{ink(color)}">{html}</p>'


def _rows(items: Iterable[tuple[str, Any]], cells: Callable[[str, Any], str]) -> str:
    rows = []
    hidden = 0
    for n, (key, value) in enumerate(items):
        if n < ROW_LIMIT:
            rows.append(cells(key, value))
        else:
            hidden += 1
    html = _table(rows)
    if hidden:
        html += _paragraph(f"…and {hidden} more not shown here.", GREY)
    return html


def _table(rows: list[str]) -> str:
    body = "".join(f"<tr>{row}</tr>" for row in rows)
    return f'<table cellspacing="0" cellpadding="3" width="100%">{body}</table>'


def _key_cell(key: str) -> str:
    return f'<td width="28%" style="font-family:monospace"><b>{key_html(key)}</b></td>'


def _value_cell(
    html: str, color: Pair, background: Pair, *, struck: bool = False, span: int = 1
) -> str:
    style = f"font-family:monospace; color:{ink(color)}; background-color:{ink(background)}"
    if struck:
        style += "; text-decoration:line-through"
    # Fixed widths line the value columns up across the sections' separate tables.
    return f'<td width="{36 * span}%" colspan="{span}" style="{style}">{html}</td>'


def _removed_row(key: str, value: MetaValue) -> str:
    return _key_cell(key) + _value_cell(value_html(value), RED, RED_BACKGROUND, struck=True, span=2)


def _added_row(key: str, value: MetaValue) -> str:
    return _key_cell(key) + _value_cell(value_html(value), GREEN, GREEN_BACKGROUND, span=2)


def _changed_cells(key: str, old: MetaValue, new: MetaValue) -> str:
    return (
        _key_cell(key)
        + _value_cell(value_html(old), RED, RED_BACKGROUND, struck=True)
        + _value_cell("→ " + value_html(new), GREEN, GREEN_BACKGROUND)
    )

"""One client module link from a webhook event, in full, with what can be done with it."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QPushButton, QVBoxLayout, QWidget

from booxi_desktop.core.text import link_date_text, plural, value_summary
from booxi_desktop.core.webhook.links import FoundLink
from booxi_desktop.ui.widgets.naming import named
from booxi_desktop.ui.widgets.theme import AMBER, GREEN, GREY, RED, ink
from booxi_desktop.ui.widgets.visibility import show_if
from booxi_desktop.ui.widgets.wrapping_label import WrappingLabel

SHOWN_KEYS = 12
_SHOWN_VALUE = 80


def short_json(value: Any, limit: int = _SHOWN_VALUE) -> str:
    """A value as it was sent, containers summarised and long text cut."""
    return value_summary(value, limit)


class FoundLinkBox(QGroupBox):
    pathActivated = Signal(str)
    openRequested = Signal(object, bool)
    """The :class:`FoundLink` and whether to put the cursor in its externalId."""
    compareRequested = Signal(object)
    useMetadataRequested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Selected link", parent)
        named(self, "foundLinkBox")
        self.link: FoundLink | None = None
        self.details = named(
            WrappingLabel(parent=self, text_format=Qt.TextFormat.RichText), "linkDetails"
        )
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.details.linkActivated.connect(self.pathActivated)
        self.crm_label = named(WrappingLabel(parent=self), "linkCrmStatus")
        self.set_external_button = named(
            QPushButton("Set the externalId in the editor", self),
            "setExternalIdButton",
            tip="Open this client's link in the editor with the cursor in the externalId",
        )
        self.open_button = named(
            QPushButton("Open in editor", self),
            "openLinkButton",
            tip="Load this client's link for this module from Booxi into the editor",
        )
        self.compare_button = named(
            QPushButton("Compare with live record", self),
            "compareLiveButton",
            tip="Fetch the link Booxi holds now and show how this payload's copy differs",
        )
        self.use_button = named(
            QPushButton("Use this metadata in the editor", self),
            "useMetadataButton",
            tip="Put this payload's externalId and metadata into the editor as one step you "
            "can undo; nothing is sent until you save",
        )
        self.set_external_button.clicked.connect(lambda: self._open(True))
        self.open_button.clicked.connect(lambda: self._open(False))
        self.compare_button.clicked.connect(lambda: self._emit(self.compareRequested))
        self.use_button.clicked.connect(lambda: self._emit(self.useMetadataRequested))

        actions = QGridLayout()
        actions.addWidget(self.open_button, 0, 0)
        actions.addWidget(self.compare_button, 0, 1)
        actions.addWidget(self.use_button, 1, 0, 1, 2)
        actions.setColumnStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.details)
        layout.addWidget(self.crm_label)
        layout.addWidget(self.set_external_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(actions)
        self.show_link(None)

    def show_link(self, link: FoundLink | None, hint: str = "") -> None:
        self.link = link
        if link is None:
            self.details.setText(
                f'<span style="color:{ink(GREY)}">'
                f"{escape(hint or 'Select a link in the list.')}</span>"
            )
        else:
            self.details.setText(_details_html(link))
        self._show_crm(link)
        can_open = link is not None and link.client_id is not None and bool(link.module_id)
        self.open_button.setEnabled(can_open)
        self.set_external_button.setEnabled(can_open)
        self.compare_button.setEnabled(can_open)
        self.use_button.setEnabled(can_open)  # the editor needs a client and a module

    def _show_crm(self, link: FoundLink | None) -> None:
        status = link.crm_status if link is not None else None
        show_if(self.set_external_button, status == "new")
        show_if(self.crm_label, status is not None)
        if link is None or status is None:
            return
        if status == "returning":
            text = (
                f'<b style="color:{ink(GREEN)}">Returning customer</b>: externalId '
                f"{escape(link.external_id or '')} is in your CRM ids."
            )
        elif link.has_external_id:
            text = (
                f'<b style="color:{ink(AMBER)}">New customer — set the externalId</b>: '
                f"{escape(link.external_id or '')} is not in your CRM ids; give this client "
                "the id your CRM uses."
            )
        else:
            text = (
                f'<b style="color:{ink(AMBER)}">New customer — set the externalId</b>: add them '
                "to your CRM, then store its id in this link."
            )
        self.crm_label.setText(text)

    def _open(self, focus_external_id: bool) -> None:
        if self.link is not None:
            self.openRequested.emit(self.link, focus_external_id)

    def _emit(self, signal: Any) -> None:
        if self.link is not None:
            signal.emit(self.link)


def _details_html(link: FoundLink) -> str:
    client = "?" if link.client_id is None else str(link.client_id)
    rows = [
        f"<b>Link [{link.index}]</b> — module <b>{escape(link.module_id or '?')}</b>, "
        f'client <b>{client}</b> · <a href="{escape(link.path)}">show in tree</a>'
    ]
    if link.has_external_id:
        rows.append(f"externalId: <code>{escape(link.external_id or '')}</code>")
    else:
        rows.append(f'externalId: <b style="color:{ink(RED)}">none</b> (a new customer)')
    created = link_date_text(link.created_on, link.invalid_dates, "createdOn")
    modified = link_date_text(link.modified_on, link.invalid_dates, "modifiedOn")
    rows.append(
        f"Created {escape(created)} · modified {escape(modified)} "
        f"<span style='color:{ink(GREY)}'>(local time)</span>"
    )
    keys = link.metadata_key_count
    rows.append(f"Metadata: {plural(keys, 'key')}")
    html = "<br>".join(rows)
    if link.metadata:
        html += _metadata_lines(link.metadata, link.non_string_keys)
    if link.unknown_fields:
        html += f"<br>Other fields on this link (kept as sent): {_inline(link.unknown_fields)}"
    return html


def _metadata_lines(metadata: dict[str, Any], non_string: list[str]) -> str:
    # Lines rather than an HTML table: a label lays a table out several times as its
    # layout settles, a large part of the time the findings take to show.
    lines = []
    for key, value in list(metadata.items())[:SHOWN_KEYS]:
        note = f' <i style="color:{ink(AMBER)}">(not text)</i>' if key in non_string else ""
        lines.append(
            f"<br>&nbsp;&nbsp;&nbsp;<code>{escape(key)}</code> = "
            f"<code>{escape(short_json(value))}</code>{note}"
        )
    more = len(metadata) - SHOWN_KEYS
    if more > 0:
        lines.append(
            f'<br>&nbsp;&nbsp;&nbsp;<span style="color:{ink(GREY)}">…and {more} more</span>'
        )
    return "".join(lines)


def _inline(fields: dict[str, Any]) -> str:
    return ", ".join(
        f"<code>{escape(key)}</code> = <code>{escape(short_json(value, 40))}</code>"
        for key, value in fields.items()
    )

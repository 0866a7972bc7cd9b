"""The sentences the findings view shows, built from :class:`Findings` (HTML-escaped)."""

from __future__ import annotations

from html import escape

from booxi_desktop.core.text import plural
from booxi_desktop.core.webhook.analysis import Findings, id_list
from booxi_desktop.core.webhook.problems import ProblemCode
from booxi_desktop.ui.widgets.theme import AMBER, GREEN, GREY, RED, ink


def summary_html(findings: Findings) -> str:
    if findings.links_path is None:
        return "<b>This event has no <code>eventContent.clientLinks</code>.</b>"
    count = len(findings.links)
    ids = findings.client_ids
    clients = id_list(ids)
    path = escape(findings.links_path)
    entries = plural(count, "entry", "entries", grouped=True)
    whose = f" for client{'s' if len(ids) > 1 else ''} {clients}" if clients else ""
    return f'Client links are at <a href="{path}"><code>{path}</code></a>: {entries}{whose}.'


def module_html(findings: Findings) -> str:
    if findings.module_id:
        return f"<b>{escape(findings.module_id)}</b>"
    return (
        f'<span style="color:{ink(GREY)}">none selected: choose one in the window to see which '
        "link it reads</span>"
    )


# Booxi's CRM recipe, said on the match's own line: the answer the user came for.
_CRM_VERDICT = {
    "returning": (GREEN, "Returning customer."),
    "new": (AMBER, "New customer — set the externalId (below)."),
}


def _crm_verdict(status: str | None) -> str:
    if status not in _CRM_VERDICT:
        return ""
    color, words = _CRM_VERDICT[status]
    return f' <b style="color:{ink(color)}">{words}</b>'


def match_html(findings: Findings) -> str:
    match = findings.match
    if match is not None:
        return (
            f'<b style="color:{ink(GREEN)}">✓ Module {escape(match.module_id or "")} reads '
            f'<a href="{escape(match.path)}">link [{match.index}]</a></b> '
            f"(client {match.client_id}).{_crm_verdict(match.crm_status)}"
        )
    if findings.module_id is None or not findings.links:
        return ""
    if ProblemCode.AMBIGUOUS_GROUP in findings.problem_codes:
        return (
            f'<b style="color:{ink(AMBER)}">Group reservation:</b> several clients have a link for '
            "this module. Choose the client above."
        )
    return f'<b style="color:{ink(RED)}">✗ No link for module {escape(findings.module_id)}.</b>'


def no_selection_hint(findings: Findings) -> str:
    if ProblemCode.AMBIGUOUS_GROUP in findings.problem_codes:
        return "Choose the client above, or select a link in the list."
    return "Select a link in the list to see it in full."

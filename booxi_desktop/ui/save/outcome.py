"""What the window says about a save whose PUT went out unanswered, and how it checks.

A PUT that timed out, was cancelled while being sent, or was answered with another
record's link may or may not have changed the server: the window neither says "retry"
nor marks the edits saved, and offers to read the server's copy and compare
(:meth:`~booxi_desktop.ui.save.controller.SaveController.reload_and_compare`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from booxi_desktop.core.errors import BooxiError
from booxi_desktop.ui.notices import Action, Notice, notice_for

if TYPE_CHECKING:
    from booxi_desktop.core.link.model import LinkResponse
    from booxi_desktop.ui.save.request import SaveRequest

CHECK_LABEL = "Checking"

NOT_OPEN = Notice("Not compared: the link that was being saved is no longer open.")
DIFFERS = Notice(
    "The server does not hold what was sent.",
    "Your edits are kept as unsaved: compare them with the server's copy in the "
    "dialog and choose how to go on.",
)


def may_have_applied(exc: BaseException) -> bool:
    return isinstance(exc, BooxiError) and exc.may_have_applied


def check_cancelled_notice(*, unsure: bool) -> Notice:
    return Notice(
        "Checking cancelled: your edits are kept as unsaved.",
        "The server may still hold them; compare before saving again.",
        Action.RELOAD_COMPARE if unsure else Action.NONE,
        error=False,
    )


def check_failed_notice(exc: BaseException) -> Notice:
    failed = notice_for(exc, doing="Reading the server's copy")
    return Notice(failed.headline, failed.advice, Action.RELOAD_COMPARE)


def holds(server: LinkResponse, request: SaveRequest) -> bool:
    """The server's copy is exactly what the request sent."""
    from booxi_desktop.core.link.diff import diff_links

    link = server.link
    return diff_links(
        link.external_id, link.metadata, request.external_id, request.metadata
    ).is_empty

"""The two questions between pressing Save and the PUT: review, and what to do on a conflict.

Both dialogs are shown with ``open()`` and answer through callbacks, so a question never
runs a nested event loop inside a coroutine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QPushButton, QWidget

if TYPE_CHECKING:
    from booxi_desktop.core.errors import ConflictError
    from booxi_desktop.core.link.diff import LinkDiff
    from booxi_desktop.core.link.merge import Reapplied
    from booxi_desktop.core.link.model import LinkResponse
    from booxi_desktop.ui.save.request import SaveRequest


class ReviewStep(Protocol):
    def __call__(
        self,
        parent: QWidget,
        request: SaveRequest,
        target: str,
        proceed: Callable[[], None],
        abandon: Callable[[], None],
    ) -> None: ...


def request_diff(request: SaveRequest) -> LinkDiff:
    from booxi_desktop.core.link.diff import diff_links

    loaded = request.loaded
    return diff_links(loaded.external_id, loaded.metadata, request.external_id, request.metadata)


def review_in_dialog(
    parent: QWidget,
    request: SaveRequest,
    target: str,
    proceed: Callable[[], None],
    abandon: Callable[[], None],
) -> None:
    from booxi_desktop.ui.save.review_dialog import ReviewDialog

    diff = request_diff(request)
    if diff.is_empty:
        abandon()
        return
    dialog = ReviewDialog(diff, target, parent)
    if request_empties_link(request):
        dialog.accepted.connect(lambda: confirm_emptying(parent, target, proceed, abandon))
    else:
        dialog.accepted.connect(proceed)
    dialog.rejected.connect(abandon)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()


def request_empties_link(request: SaveRequest) -> bool:
    from booxi_desktop.core.link.model import empties_link

    loaded = request.loaded
    return empties_link(loaded.external_id, loaded.metadata, request.external_id, request.metadata)


def confirm_emptying(
    parent: QWidget, target: str, proceed: Callable[[], None], abandon: Callable[[], None]
) -> None:
    """The second question before a PUT that leaves the link with nothing in it."""
    from html import escape

    from booxi_desktop.ui.widgets.confirm_box import confirm_destructive

    box = confirm_destructive(
        parent,
        name="emptyLinkConfirm",
        title="Empty the whole link?",
        question=(
            f"<b>This save deletes every metadata key and the external ID</b> of {escape(target)}."
        ),
        consequences="The link on the server will hold nothing. The server's current copy is "
        "backed up first and can be restored from Backups.",
        confirm_text="Empty the link",
        keep_text="Don't save",
        on_confirm=proceed,
    )
    confirm = box.findChild(QPushButton, "emptyLinkConfirmButton")
    box.finished.connect(lambda _result: None if box.clickedButton() == confirm else abandon())


def resolve_conflict(
    parent: QWidget,
    exc: ConflictError,
    request: SaveRequest,
    *,
    overwrite: Callable[[SaveRequest], None],
    reapply: Callable[[LinkResponse | None, Reapplied], None],
    abandon: Callable[[], None],
) -> None:
    """Show the three versions; the user re-applies, overwrites (asked twice) or cancels."""
    from booxi_desktop.ui.save.conflict_dialog import ConflictDialog

    server = exc.server
    dialog = ConflictDialog(
        request.loaded,
        request.external_id,
        request.metadata,
        server.link if server is not None else None,
        parent,
        backup_path=exc.backup_path,
    )

    def chosen(choice: str) -> None:
        if choice == "overwrite":
            overwrite(replace(request, overwrite=True))
        elif choice == "reapply":
            reapply(server, dialog.reapplied)
        else:
            abandon()
        dialog.deleteLater()

    dialog.choiceMade.connect(chosen)
    dialog.open()

"""Keeps the open link's unsaved edits in the draft journal, and offers them back at start.

A draft is removed only when its edits stop mattering: after a save, after the user
discards them, or once the editor is back to the server's copy, and only this
window's own file. Drafts left by an earlier run are never removed silently: only
the restore dialog's Discard does that, or restoring one (once its edits are in this
window's own file). Another window's live draft is never offered, taken or removed;
opening a link that one is editing says so.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, SignalInstance

from booxi_desktop.ui.notices import Notice

if TYPE_CHECKING:
    from booxi_desktop.core.storage.drafts import Draft, DraftJournal, DraftKey
    from booxi_desktop.ui.drafts.keeper import DraftKeeper
    from booxi_desktop.ui.host import Workbench

DELAY_MS = 800


def default_journal() -> DraftJournal:
    from booxi_desktop.core.storage.drafts import DraftJournal

    return DraftJournal()


class DraftsController(QObject):
    """The journal and its writer are created on first use: nothing here slows start-up."""

    def __init__(
        self,
        host: Workbench,
        editor_changed: SignalInstance,
        journal: Callable[[], DraftJournal] = default_journal,
        delay_ms: int = DELAY_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.host = host
        self._open_journal = journal
        self._keeper: DraftKeeper | None = None
        self._delay_ms = delay_ms
        # Links this window holds a draft lock for: only their files are ever dropped.
        self._ours: set[DraftKey] = set()
        # Drafts left behind that the user restored here, removed once ours holds their edits.
        self._adopted: dict[DraftKey, list[Draft]] = {}
        self._shown: object = None
        self._dialog: QObject | None = None
        editor_changed.connect(self._editor_changed)

    @cached_property
    def journal(self) -> DraftJournal:
        return self._open_journal()

    @property
    def keeper(self) -> DraftKeeper:
        if self._keeper is None:
            from booxi_desktop.ui.drafts.keeper import DraftKeeper

            self._keeper = DraftKeeper(self.journal, self._delay_ms, self)
            self._keeper.failed.connect(self._failed)
            self._keeper.written.connect(self._written)
        return self._keeper

    def current_key(self) -> DraftKey | None:
        from booxi_desktop.core.storage.drafts import DraftKey

        loaded = self.host.editor.loaded
        if loaded is None:
            return None
        link = loaded.link
        return DraftKey(self.host.region_code, link.client_id, link.module_id)

    def _editor_changed(self) -> None:
        key = self.current_key()
        if key is None:
            return
        from booxi_desktop.core.storage.drafts import Draft

        editor = self.host.editor
        if editor.loaded is not self._shown:
            self._shown = editor.loaded
            self._tell_about_others(key, left_behind=True)
        if editor.is_modified():
            if key not in self._ours:
                self._claim(key)
            base = editor.loaded.link if editor.loaded else None
            self.keeper.schedule(Draft(key, editor.external_id(), editor.model.rows(), base))
        elif key in self._ours:
            self.discard(key)

    def _claim(self, key: DraftKey) -> None:
        from booxi_desktop.core.errors import DraftError

        self._ours.add(key)
        try:
            self.journal.claim(key)
        except DraftError as exc:
            self._failed(f"{exc.message} {exc.advice}".strip())
            return
        self._tell_about_others(key, left_behind=False)

    def _tell_about_others(self, key: DraftKey, *, left_behind: bool) -> None:
        """Say so when another window edits this link, or an earlier session left edits."""
        adopted = {d.source for d in self._adopted.get(key, [])}
        others = [d for d in self.journal.others(key) if d.source not in adopted]
        live = [d for d in others if self.journal.is_live(d)]
        if live or self.journal.editing_elsewhere(key):
            self.host.show_notice(
                Notice(
                    "This link has unsaved edits in another booxi-desktop window.",
                    "Your edits here are kept apart from that window's and never replace "
                    "them; a save from either window overwrites the server's copy, so "
                    "finish in one window first.",
                    error=False,
                )
            )
        elif left_behind and len(others) > len(live):
            self.host.show_notice(
                Notice(
                    "Unsaved edits from an earlier session exist for this link.",
                    "They are kept as they are, whatever you do here, and offered again at "
                    "the next start.",
                    error=False,
                )
            )

    def discard(self, key: DraftKey | None = None) -> None:
        """The user discarded the edits (or saved them): this window's draft goes too."""
        key = key or self.current_key()
        if key is not None:
            self._ours.discard(key)
            self.keeper.discard(key)
            self._drop_adopted(key)

    def discard_left(self, draft: Draft) -> None:
        """The restore dialog's Discard: delete a draft left behind, unless a window took it."""
        from booxi_desktop.core.errors import DraftError

        if not self.journal.adopt(draft):
            self._kept_elsewhere()
            return
        try:
            self.journal.remove_adopted(draft)
        except DraftError as exc:
            self._failed(exc.message)

    def _written(self, draft: Draft) -> None:
        self._drop_adopted(draft.key)

    def _drop_adopted(self, key: DraftKey) -> None:
        from booxi_desktop.core.errors import DraftError

        for adopted in self._adopted.pop(key, []):
            try:
                self.journal.remove_adopted(adopted)
            except DraftError as exc:
                self._failed(exc.message)

    def flush(self) -> None:
        """Write the edits on screen now (a quit, a logout, a signal).

        A cell still being typed in is committed, and the editor read afresh: the
        last edit may not have reached the debounce yet (it is announced once the
        event loop runs again).
        """
        self.host.editor.commit_pending_edit()
        self._editor_changed()
        if self._keeper is not None:
            self._keeper.flush()

    def release(self) -> None:
        """The window is going away: its files stay, to be offered at the next start."""
        self.flush()
        if "journal" in self.__dict__:  # never opened: nothing to release
            self.journal.release()

    def _kept_elsewhere(self) -> None:
        self.host.show_notice(
            Notice(
                "Another booxi-desktop window has taken these unsaved edits.",
                "They are kept and left to that window; nothing was changed here.",
                error=False,
            )
        )

    def _failed(self, message: str) -> None:
        self.host.show_notice(
            Notice(message, "Your edits are still in the window; save them soon.", error=True)
        )

    def offer_restore(self) -> None:
        """Drafts left by an earlier run (a crash, a kill): ask, per link, what to do."""
        listing = self.journal.left_behind()
        if not listing.drafts and not listing.warnings:
            return
        # Only now: most starts have nothing to restore.
        from booxi_desktop.core.storage.drafts import DraftListing
        from booxi_desktop.ui.drafts.restore_dialog import DraftRestoreDialog

        dialog = DraftRestoreDialog(
            DraftListing(listing.drafts, listing.warnings), self.host.dialog_parent()
        )
        dialog.restoreRequested.connect(self.restore)
        dialog.discardRequested.connect(self.discard_left)
        dialog.finished.connect(dialog.deleteLater)
        self._dialog = dialog
        dialog.open()

    def restore(self, draft: Draft) -> None:
        """Load the draft's link, then put its edits back as one undoable step."""
        key = draft.key
        host = self.host
        if key.region not in host.session.regions:
            host.show_notice(
                Notice(
                    f"This draft is for a region that is not available now ({key.region}).",
                    "It is kept: start the app with that region (a local sandbox needs "
                    "--demo or --base-url) to restore it.",
                )
            )
            return

        def go() -> None:
            host.switch_region(key.region)
            host.open_link(key.client_id, key.module_id, lambda: self._apply(draft))

        host.unless_unsaved("restoring a draft", go)

    def _apply(self, draft: Draft) -> None:
        from booxi_desktop.ui.drafts.apply import apply_draft

        # Taken only now that its edits go into this window: a cancelled or failed
        # load leaves it untouched, to be offered again.
        if not self.journal.adopt(draft):
            self._shown = self.host.editor.loaded  # this notice says it all
            self._kept_elsewhere()
            return
        self._adopted.setdefault(draft.key, []).append(draft)
        notice = apply_draft(self.host.editor, draft)
        if notice is not None:
            self.host.show_notice(notice)

"""Putting a draft's edits back into a freshly loaded editor.

If the server's copy changed since the draft was taken, the draft's changes are
re-applied on the new copy (a three-way merge), so restoring a draft never silently
undoes someone else's save.
"""

from __future__ import annotations

from booxi_desktop.core.link.merge import reapply
from booxi_desktop.core.storage.drafts import Draft
from booxi_desktop.ui.host import EditorPort
from booxi_desktop.ui.notices import Notice

UNDO_TEXT = "Restore unsaved draft"


def apply_draft(editor: EditorPort, draft: Draft) -> Notice | None:
    loaded = editor.loaded
    if loaded is None:
        return None
    server = loaded.link
    base = draft.base
    if base is None or base.same_content(server):
        editor.apply_edits(draft.external_id, list(draft.rows), UNDO_TEXT)
        return None
    merged = reapply(base, draft.external_id, dict(draft.rows), server)
    editor.apply_edits(merged.external_id, list(merged.metadata.items()), UNDO_TEXT)
    clashes = list(merged.clashes) + (["externalId"] if merged.external_id_clash else [])
    detail = (
        f" These were also changed on the server; yours are kept: {', '.join(clashes)}."
        if clashes
        else ""
    )
    return Notice(
        "The link changed on the server since this draft was written.",
        f"Your edits were re-applied on the server's current copy.{detail} "
        "Review them before saving.",
        error=False,
    )

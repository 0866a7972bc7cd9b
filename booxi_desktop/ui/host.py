"""What a feature controller may ask of the window it lives in.

The backups, drafts, inspector and save controllers see the window only through
:class:`Workbench` and the editor only through :class:`EditorPort`; the signals they
react to are handed to their constructors. The concrete window is known to the app's
entry point alone, so a controller can be tested against a small fake host and no
feature imports the shell that imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from booxi_desktop.core.link.model import LinkResponse, Metadata, MetaValue
    from booxi_desktop.core.link.validation import ValidationIssue
    from booxi_desktop.core.storage.backups import BackupStore
    from booxi_desktop.ui.notices import Notice
    from booxi_desktop.ui.session import Session


class MetadataRows(Protocol):
    def rows(self) -> list[tuple[str, MetaValue]]: ...


class EditorPort(Protocol):
    """The link editor as the controllers use it: its content, and edits as undoable steps."""

    @property
    def loaded(self) -> LinkResponse | None: ...

    @property
    def model(self) -> MetadataRows: ...

    def content(self) -> tuple[str, Metadata]: ...

    def external_id(self) -> str: ...

    def issues(self) -> list[ValidationIssue]: ...

    def is_modified(self) -> bool: ...

    def commit_pending_edit(self) -> None: ...

    def show_link(self, response: LinkResponse) -> None: ...

    def apply_edits(
        self, external_id: str, rows: list[tuple[str, MetaValue]], text: str
    ) -> None: ...

    def apply_saved(self, response: LinkResponse, sent: tuple[str, Metadata]) -> None: ...

    def focus_external_id(self) -> None: ...


class Workbench(Protocol):
    @property
    def session(self) -> Session: ...

    @property
    def editor(self) -> EditorPort: ...

    @property
    def region_code(self) -> str:
        """The region selected now."""
        ...

    @property
    def link_shown(self) -> bool:
        """The editor page shows a loaded link (not the placeholder)."""
        ...

    def dialog_parent(self) -> QWidget: ...

    def backup_store(self) -> BackupStore: ...

    def show_notice(self, notice: Notice) -> None: ...

    def clear_notice(self) -> None: ...

    def show_status(self, text: str) -> None: ...

    def when_idle(self, action: Callable[[], None], refused: Notice | Callable[[], None]) -> None:
        """Run ``action`` now unless a request is running; then show or run ``refused``."""
        ...

    def unless_unsaved(self, doing: str, proceed: Callable[[], None]) -> None:
        """Run ``proceed`` once unsaved edits are saved or discarded (asking the user)."""
        ...

    def open_link(
        self, client_id: int, module_id: str, then: Callable[[], None] | None = None
    ) -> None:
        """Load a link (asking about unsaved edits first), then run ``then`` if it loaded."""
        ...

    def switch_region(self, code: str) -> None:
        """Select a region now; the caller has already asked about unsaved edits."""
        ...

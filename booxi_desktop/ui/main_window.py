"""The main window: pick a region and key, load a link, edit it with undo, save it."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QUndoStack
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QStackedWidget,
    QTabWidget,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from booxi_desktop.core.regions import Region
from booxi_desktop.ui.backups.controller import BackupsController
from booxi_desktop.ui.drafts.controller import DraftsController
from booxi_desktop.ui.editor.link_editor import LinkEditor
from booxi_desktop.ui.editor.load_bar import LoadBar
from booxi_desktop.ui.inspector.controller import WebhookController
from booxi_desktop.ui.keys.region_bar import RegionBar
from booxi_desktop.ui.notices import Action, Notice, notice_for
from booxi_desktop.ui.save.outcome import SaveOutcome
from booxi_desktop.ui.save.steps import ReviewStep, resolve_conflict, review_in_dialog
from booxi_desktop.ui.save.unsaved_prompt import AskUnsaved, Choice, ask_unsaved
from booxi_desktop.ui.session import Session
from booxi_desktop.ui.settings import AppSettings
from booxi_desktop.ui.widgets.first_paint import after_first_paint
from booxi_desktop.ui.widgets.naming import named
from booxi_desktop.ui.widgets.notice_banner import NoticeBanner
from booxi_desktop.ui.window_actions import build_actions

if TYPE_CHECKING:
    from booxi_desktop.core.errors import ConflictError
    from booxi_desktop.core.link.merge import Reapplied
    from booxi_desktop.core.link.model import LinkResponse
    from booxi_desktop.core.storage.backups import BackupStore
    from booxi_desktop.core.storage.drafts import DraftJournal
    from booxi_desktop.ui.keys.key_dialog import KeyDialog
    from booxi_desktop.ui.save import request as save_flow

APP_TITLE = "booxi-desktop"
INTRO = (
    "<h3>No link loaded</h3>"
    "<p>Choose the region, set its partner key, enter a client id and a module id,"
    " then press <b>Load</b> (or Enter).</p>"
    "<p>Edits stay on this computer until you press <b>Save</b>; the server's copy is"
    " backed up before anything is sent.</p>"
)


def _default_backups() -> BackupStore:
    from booxi_desktop.core.storage.backups import BackupStore

    return BackupStore()


class MainWindow(QMainWindow):
    def __init__(
        self,
        session: Session,
        settings: AppSettings,
        *,
        backups: BackupStore | Callable[[], BackupStore] = _default_backups,
        ask: AskUnsaved = ask_unsaved,
        review: ReviewStep = review_in_dialog,
        drafts: DraftJournal | None = None,
        region: str | None = None,
        prefill: tuple[int | None, str] | None = None,
        intro: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.settings = settings
        self._backups_source = backups
        self._backups: BackupStore | None = None
        self._ask = ask
        self._review = review
        # The link was deleted on the server and the user chose to re-create it.
        self._recreate = False
        self._retry: Callable[[], None] | None = None
        self._after_save: Callable[[], None] | None = None
        self._when_idle: Callable[[], None] | None = None
        self._close_approved = False
        self._key_dialog: KeyDialog | None = None

        self.undo_stack = QUndoStack(self)
        regions = list(session.regions.values())
        self.region_bar = RegionBar(regions)
        self.load_bar = LoadBar()
        self.load_bar.set_recent_modules(settings.recent_modules())
        self.banner = NoticeBanner()
        self.editor = LinkEditor(self.undo_stack)
        self.placeholder = named(QLabel(intro or INTRO), "placeholder")
        self.pages = QStackedWidget()
        self.pages.addWidget(self.placeholder)
        self.pages.addWidget(self.editor)
        self.window_actions = build_actions(self, self.undo_stack, self.editor)
        self._build_layout()
        self._connect()
        self.drafts = DraftsController(self, drafts)
        self.backups = BackupsController(self)
        self.saves = SaveOutcome(self)
        self.webhooks = WebhookController(self, self.tabs, self.link_page)

        start_region = region or settings.last_region()
        if start_region not in session.regions:
            start_region = regions[0].code
        self.region_bar.set_region(start_region)
        if prefill is not None:
            self.load_bar.set_ids(*prefill)
        self.resize(1120, 700)
        self._refresh()
        # The keychain takes ~200 ms to open: ask it only after the first paint.
        after_first_paint(self, self._refresh_key_state)

    def _build_layout(self) -> None:
        self.link_page = named(QWidget(), "linkPage")
        page = QVBoxLayout(self.link_page)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(self.load_bar)
        page.addWidget(self.pages, 1)
        self.tabs = named(QTabWidget(), "mainTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.link_page, "Module link")
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.region_bar)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet("color: palette(placeholder-text); padding: 48px;")

    def _connect(self) -> None:
        self.region_bar.regionRequested.connect(self.request_region)
        self.region_bar.keyDialogRequested.connect(self.open_key_dialog)
        self.load_bar.loadRequested.connect(self.request_load)
        self.load_bar.cancelRequested.connect(self.session.cancel)
        self.session.busyChanged.connect(self._busy_changed)
        self.session.cancelled.connect(self._cancelled)
        self.session.keyChanged.connect(lambda _code: self._refresh_key_state())
        self.editor.changed.connect(self._refresh)
        self.editor.save_button.clicked.connect(self.save)
        self.window_actions.save.triggered.connect(self.save)
        self.window_actions.backups.triggered.connect(lambda: self.backups.open())
        self.undo_stack.canUndoChanged.connect(self._refresh)
        self.undo_stack.canRedoChanged.connect(self._refresh)
        self.banner.actionRequested.connect(self._notice_action)
        self.tabs.currentChanged.connect(self._refresh)

    # region and key ------------------------------------------------------------------

    @property
    def region(self) -> Region:
        return self.session.regions[self.region_bar.current]

    def add_region(self, region: Region, *, session_key: str = "", select: bool = False) -> None:
        self.session.add_region(region, session_key)
        self.region_bar.add_region(region)
        if select:
            self.switch_region(region.code)

    def set_intro(self, html: str) -> None:
        self.placeholder.setText(html)

    def request_region(self, code: str) -> None:
        self.unless_unsaved("switching region", lambda: self.switch_region(code))

    def switch_region(self, code: str) -> None:
        """Select a region now; callers have already asked about unsaved edits."""
        self.session.cancel()
        self.region_bar.set_region(code)
        self.settings.set_last_region(code)
        self._show_editor(False)
        self.banner.clear()
        self._refresh_key_state()

    def open_key_dialog(self) -> None:
        if self._key_dialog is not None:
            self._key_dialog.close()
        from booxi_desktop.ui.keys.key_dialog import KeyDialog

        self._key_dialog = KeyDialog(self.session, self.region.code, self)
        self._key_dialog.finished.connect(self._refresh_key_state)
        self._key_dialog.open()

    def _refresh_key_state(self) -> None:
        code = self.region.code
        from booxi_desktop.ui.keys.key_dialog import key_state_text

        short, detail = key_state_text(self.session, code)
        self.region_bar.set_key_state(short, detail, self.session.has_key(code))

    # load ------------------------------------------------------------------------------

    def request_load(self, client_id: int, module_id: str) -> None:
        self.unless_unsaved("loading another link", lambda: self.start_load(client_id, module_id))

    def open_link(
        self, client_id: int, module_id: str, then: Callable[[], None] | None = None
    ) -> None:
        """Load a link into the editor (asking about unsaved edits first), then run ``then``."""

        def go() -> None:
            self.load_bar.set_ids(client_id, module_id)
            self.start_load(client_id, module_id, then)

        self.unless_unsaved("loading another link", go)

    def start_load(
        self, client_id: int, module_id: str, then: Callable[[], None] | None = None
    ) -> None:
        if self.session.busy:
            return
        self.banner.clear()
        # Through open_link: a retry must still ask about edits made since.
        self._retry = lambda: self.open_link(client_id, module_id, then)
        self.session.start(self._load_then(self.region.code, client_id, module_id, then), "Loading")

    async def _load_then(
        self, code: str, client_id: int, module_id: str, then: Callable[[], None] | None
    ) -> None:
        if await self._load(code, client_id, module_id) and then is not None:
            then()

    async def _load(self, code: str, client_id: int, module_id: str) -> bool:
        self.statusBar().showMessage(f"Loading client {client_id}, module {module_id}…")
        started = time.perf_counter()
        try:
            response = await self.session.client(code).get_link(client_id, module_id)
        except Exception as exc:
            self._notify(notice_for(exc, doing="Loading"))
            return False
        try:
            self.editor.show_link(response)
        except Exception as exc:
            # The editor is empty again; the placeholder stays, so nothing can be saved.
            self._show_editor(False)
            self._notify(Notice(f"Could not show the link: {exc}.", "Nothing was changed."))
            return False
        self._show_editor(True)
        self.settings.remember_module(module_id)
        self.load_bar.set_recent_modules(self.settings.recent_modules())
        elapsed = (time.perf_counter() - started) * 1000
        host = self.session.regions[code].host
        self.statusBar().showMessage(f"Loaded from {host} in {elapsed:.0f} ms.")
        return True

    # save ------------------------------------------------------------------------------

    def save(self) -> None:
        request = self._save_request()
        if request is not None:
            self.review_save(request)

    def review_save(self, request: save_flow.SaveRequest) -> None:
        """Show what will change on the server; only a confirmation sends anything."""
        host = self.session.regions[request.region].host
        target = f"client {request.client_id} · module {request.module_id} on {host}"
        self._review(self, request, target, lambda: self.send_save(request), self._abandon_save)

    def _abandon_save(self) -> None:
        self._after_save = None
        self.statusBar().showMessage("Not saved: nothing was sent.")

    def _resolve_conflict(self, exc: ConflictError, request: save_flow.SaveRequest) -> None:
        self._after_save = None
        self._notify(notice_for(exc, doing="Saving"))
        resolve_conflict(
            self,
            exc,
            request,
            overwrite=self.send_save,
            reapply=self._reapply,
            abandon=lambda: self.statusBar().showMessage("Not saved: your edits are kept."),
        )

    def _reapply(self, server: LinkResponse | None, result: Reapplied) -> None:
        """Start again from the server's copy, with the user's changes as one undoable step."""
        self.banner.clear()
        if server is not None:
            self.editor.show_link(server)
        else:
            self._recreate = True
        self.editor.apply_edits(
            result.external_id, list(result.metadata.items()), "Re-apply my changes"
        )
        self.statusBar().showMessage(
            "Your changes are re-applied on the server's current copy: review them, then save."
        )

    def send_save(self, request: save_flow.SaveRequest) -> None:
        self.banner.clear()
        # A retry saves what the editor holds then, reviewed again, not this old request.
        self._retry = self.save
        self.session.start(self._save(request), "Saving")

    def _save_request(self) -> save_flow.SaveRequest | None:
        from booxi_desktop.ui.save import request as save_flow

        self.editor.commit_pending_edit()
        loaded = self.editor.loaded
        if loaded is None:
            return None
        if self.session.busy:
            self._after_save = None
            self._notify(Notice("Not saved yet: a request is running; save again once it ends."))
            return None
        reason = self._save_blocker()
        if reason:
            self._after_save = None
            self._notify(Notice(f"Not saved: {reason}.", error=False))
            return None
        return save_flow.SaveRequest(
            self.region.code,
            loaded.link,
            self.editor.external_id(),
            self.editor.model.metadata(),
            overwrite=self._recreate,
        )

    async def _save(self, request: save_flow.SaveRequest) -> None:
        from booxi_desktop.core.errors import ConflictError
        from booxi_desktop.ui.save import request as save_flow

        self.statusBar().showMessage("Backing up the server's copy, then saving…")
        self.saves.begin(request)
        try:
            client = self.session.client(request.region)
            result = await save_flow.send(client, self.backup_store(), request, self.saves.reached)
        except ConflictError as exc:
            self.saves.failed(exc)
            self._resolve_conflict(exc, request)
            return
        except Exception as exc:
            self._after_save = None
            self.saves.failed(exc)
            self._notify(notice_for(exc, doing="Saving"))
            return
        self.saves.succeeded()
        self._recreate = False
        self.editor.apply_saved(result.response, (request.external_id, request.metadata))
        backup = result.backup_path
        where = f" Previous server copy backed up to {backup}" if backup else ""
        host = self.session.regions[request.region].host
        self.statusBar().showMessage(f"Saved to {host}.{where}")
        self.backups.refresh()
        # Run once this task has finished and the window is idle again.
        self._when_idle, self._after_save = self._after_save, None

    # backups and drafts ------------------------------------------------------------------

    def backup_store(self) -> BackupStore:
        if self._backups is None:
            source = self._backups_source
            self._backups = source() if callable(source) else source
        return self._backups

    def show_notice(self, notice: Notice) -> None:
        self._notify(notice)

    # unsaved edits -----------------------------------------------------------------------

    def unless_unsaved(self, doing: str, proceed: Callable[[], None]) -> None:
        """Run ``proceed`` once unsaved edits are saved or discarded, or at once if none."""
        if not self.editor.is_modified():
            proceed()
            return
        choice = self._ask(self, doing)
        if choice is Choice.DISCARD:
            self.drafts.discard()
            proceed()
        elif choice is Choice.SAVE:
            self._after_save = proceed
            self.save()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._close_approved or not self.editor.is_modified():
            event.accept()
            return
        choice = self._ask(self, "closing")
        if choice is Choice.DISCARD:
            self.drafts.discard()
            event.accept()
            return
        event.ignore()
        if choice is Choice.SAVE:
            self._after_save = self._close_now
            self.save()

    def _close_now(self) -> None:
        self._close_approved = True
        self.close()

    # state -------------------------------------------------------------------------------

    def _show_editor(self, shown: bool) -> None:
        self._recreate = False
        self.backups.close()  # its backups belong to the link that was open
        if not shown:
            self.undo_stack.clear()
            self.editor.clear()
        self.pages.setCurrentWidget(self.editor if shown else self.placeholder)
        self._refresh()

    def _save_blocker(self) -> str:
        if self.editor.loaded is None or self.pages.currentWidget() is not self.editor:
            return "load a link first"
        errors = [i for i in self.editor.issues() if i.is_error]
        if errors:
            first = errors[0]
            where = f"row {first.row + 1} " if first.row is not None else ""
            return f"{len(errors)} validation error(s) to fix first ({where}{first.message})"
        if not self.editor.is_modified():
            return "there are no changes to save"
        return ""

    def _busy_changed(self, busy: bool) -> None:
        self.load_bar.set_busy(busy)
        self._refresh()
        then, self._when_idle = self._when_idle, None
        if not busy and then is not None:
            QTimer.singleShot(0, then)

    def _refresh(self) -> None:
        busy = self.session.busy
        loaded = self.editor.loaded
        self.editor.set_read_only(busy)
        blocker = self._save_blocker() if loaded else "load a link first"
        can_save = not busy and not blocker
        self.editor.save_button.setEnabled(can_save)
        self.editor.save_button.setToolTip(
            "Back up the server's copy, then send the edits (Ctrl+S)"
            if can_save
            else f"Cannot save: {blocker or 'a request is running'}"
        )
        self.window_actions.save.setEnabled(can_save)
        self.window_actions.backups.setEnabled(loaded is not None)
        # Undo acts on the editor: from the inspector tab it would change what is not seen.
        editing = not busy and self.tabs.currentWidget() is self.link_page
        self.window_actions.undo.setEnabled(editing and self.undo_stack.canUndo())
        self.window_actions.redo.setEnabled(editing and self.undo_stack.canRedo())
        history = self.window_actions.history.widget()
        history.setEnabled(editing)
        empty = "As loaded from the server" if loaded else "No link loaded"
        # setEmptyLabel re-lays the view out even when the text is the same (~0.15 ms).
        if isinstance(history, QUndoView) and history.emptyLabel() != empty:
            history.setEmptyLabel(empty)
        self.setWindowModified(self.editor.is_modified())
        title = APP_TITLE
        if loaded is not None:
            title = f"Client {loaded.link.client_id} · {loaded.link.module_id} — {APP_TITLE}"
        self.setWindowTitle(f"{title}[*]")

    def _cancelled(self, label: str) -> None:
        if label == "Saving":
            self._after_save = None
            self._notify(self.saves.cancelled_notice())
        elif label == SaveOutcome.LABEL:
            self._notify(self.saves.check_cancelled_notice())
        else:
            self._notify(Notice(f"{label} cancelled.", error=False))

    def _notify(self, notice: Notice) -> None:
        self.banner.show_notice(notice)
        self.statusBar().clearMessage()

    def _notice_action(self, action: Action) -> None:
        if action is Action.OPEN_KEY_DIALOG:
            self.open_key_dialog()
        elif action is Action.RETRY and self._retry is not None and not self.session.busy:
            self._retry()
        elif action is Action.RELOAD_COMPARE:
            self.saves.reload_and_compare()

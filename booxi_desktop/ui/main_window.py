"""The main window: the shell that lays out the features and wires them together.

The window owns the layout (tabs, banner, status bar, title), which actions are enabled,
and the one load path; the save workflow, backups, drafts and the webhook inspector
are controllers that see it only as a :class:`~booxi_desktop.ui.host.Workbench`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent, QUndoStack
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from booxi_desktop.core.regions import Region
from booxi_desktop.ui.backups.controller import BackupsController
from booxi_desktop.ui.curl.controller import CurlController
from booxi_desktop.ui.drafts.controller import DraftsController, default_journal
from booxi_desktop.ui.editor.load_bar import LoadBar
from booxi_desktop.ui.editor.load_flow import LoadFlow
from booxi_desktop.ui.editor.row_actions import row_actions
from booxi_desktop.ui.find.controller import FindController
from booxi_desktop.ui.help.controller import HelpController
from booxi_desktop.ui.history.actions import add_history_action
from booxi_desktop.ui.history.controller import HistoryController
from booxi_desktop.ui.inspector.controller import WebhookController
from booxi_desktop.ui.keys.controller import KeysController
from booxi_desktop.ui.keys.region_bar import RegionBar
from booxi_desktop.ui.notices import Action, Notice
from booxi_desktop.ui.save.controller import SaveController
from booxi_desktop.ui.save.steps import ReviewStep, review_in_dialog
from booxi_desktop.ui.save.unsaved_prompt import AskUnsaved, Choice, ask_unsaved
from booxi_desktop.ui.session import Session
from booxi_desktop.ui.settings import AppSettings
from booxi_desktop.ui.widgets.first_paint import after_first_paint
from booxi_desktop.ui.widgets.lazy_qt import set_by_name
from booxi_desktop.ui.widgets.naming import named
from booxi_desktop.ui.widgets.notice_banner import NoticeBanner
from booxi_desktop.ui.window_actions import build_actions

if TYPE_CHECKING:
    from booxi_desktop.core.storage.backups import BackupStore
    from booxi_desktop.core.storage.drafts import DraftJournal
    from booxi_desktop.ui.demo.controller import DemoController
    from booxi_desktop.ui.demo.simulation import Simulator
    from booxi_desktop.ui.editor.link_editor import LinkEditor

APP_TITLE = "booxi-desktop"
WINDOW_SIZE = (1120, 700)
HISTORY_WIDTH = 230
INTRO = (
    "<h3>No link loaded</h3>"
    "<p>Choose the region, set its partner key, enter a client id and a module id,"
    " then press <b>Load</b> (or Enter).</p>"
    "<p>Edits stay on this computer until you press <b>Save</b>; the server's copy is"
    " backed up before anything is sent.</p>"
)

# Imported in the background after the first paint, so that the first save, key dialog
# or inspector tab only builds widgets.
WARM_UP_MODULES = (
    "booxi_desktop.ui.editor.link_editor",  # the first link shown builds the editor
    "booxi_desktop.core.save",
    "booxi_desktop.ui.save.request",
    "booxi_desktop.ui.save.review_dialog",
    "booxi_desktop.ui.drafts.keeper",
    "booxi_desktop.core.storage.drafts",
    "booxi_desktop.ui.keys.key_dialog",
    "booxi_desktop.ui.inspector.panel",
    "booxi_desktop.ui.inspector.receive.panel",
    "booxi_desktop.ui.inspector.receive.controller",
    "booxi_desktop.core.webhook.receiver.process",  # with multiprocessing and the server
    "booxi_desktop.core.webhook.crm_ids",
    "booxi_desktop.core.webhook.samples",  # the demo's sample CRM ids, on the first open
    "booxi_desktop.ui.find.dialog",
    "booxi_desktop.core.remote.curl",
)


def default_backups() -> BackupStore:
    from booxi_desktop.core.storage.backups import BackupStore

    return BackupStore()


class MainWindow(QMainWindow):
    editorChanged = Signal()
    """The link editor's content changed (it is built when a link is first shown)."""

    def __init__(
        self,
        session: Session,
        settings: AppSettings,
        *,
        backups: Callable[[], BackupStore] = default_backups,
        ask: AskUnsaved = ask_unsaved,
        review: ReviewStep = review_in_dialog,
        drafts: Callable[[], DraftJournal] = default_journal,
        region: str | None = None,
        prefill: tuple[int | None, str] | None = None,
        intro: str = "",
        parent: QWidget | None = None,
    ) -> None:
        """``backups`` and ``drafts`` open their stores on first use, not at start-up; the
        link editor is built on first use too (the placeholder stands in its page until a
        link is shown)."""
        super().__init__(parent)
        self.session = session
        self.settings = settings
        self._open_backups = backups
        self._ask = ask
        self._close_approved = False
        self._retry: Callable[[], None] | None = None

        self.undo_stack = QUndoStack(self)
        regions = list(session.regions.values())
        self.region_bar = RegionBar(regions)
        self.load_bar = LoadBar()
        self.load_bar.set_recent_modules(settings.recent_modules())
        self.banner = NoticeBanner()
        self._editor: LinkEditor | None = None
        self._after_warm_up: list[Callable[[], None]] = []
        self.placeholder = named(QLabel(intro or INTRO), "placeholder")
        self.pages = QStackedWidget()
        self.pages.addWidget(self.placeholder)
        self.row_actions = row_actions(self)
        self.row_actions.connect(
            lambda: self.editor.copy_selected(),
            lambda: self.editor.paste(),
            lambda: self.editor.remove_selected(),
        )
        self.window_actions = build_actions(self, self.undo_stack, self.row_actions)
        self._build_layout()
        self._connect()
        self.loads = LoadFlow(self, self.load_bar, settings, self)
        self.saves = SaveController(self, session.busyChanged, review, self)
        self.drafts = DraftsController(self, self.editorChanged, drafts, parent=self)
        self.backups = BackupsController(self, self)
        self.history = HistoryController(self, self.backups.open_record, session.busyChanged, self)
        self.history_action = add_history_action(self, self.window_actions, self.history.open)
        self.saves.recorded.connect(self.history.refresh)
        self.keys = KeysController(session, self.region_bar, lambda: self.region.code, self)
        self.webhooks = WebhookController(
            self,
            self.tabs,
            self.link_page,
            self.load_bar.module_edit.currentTextChanged,
            self.load_bar.module_id,
            self,
        )
        self.finder = FindController(self, self.load_bar.module_id, self)
        self.curl = CurlController(self, self)
        self.help = HelpController(self, self.menuBar(), self.window_actions.help_menu, self)
        self.demo: DemoController | None = None
        self._connect_features()

        start_region = region or settings.last_region()
        if start_region not in session.regions:
            start_region = regions[0].code
        self.region_bar.set_region(start_region)
        if prefill is not None:
            self.load_bar.set_ids(*prefill)
        self.resize(*WINDOW_SIZE)
        self._refresh()
        # The keychain and the HTTP stack are slow to load: prepared after the first paint.
        after_first_paint(self, self._prepare)

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
        split = named(QSplitter(), "mainSplit")
        split.addWidget(central)
        split.addWidget(self.window_actions.history)
        split.setStretchFactor(0, 1)  # a wider window widens the content, not the history
        split.setCollapsible(1, False)  # hidden by its action, not by dragging it away
        split.setSizes([WINDOW_SIZE[0] - HISTORY_WIDTH, HISTORY_WIDTH])
        self.setCentralWidget(split)
        self.placeholder.setWordWrap(True)
        set_by_name(self.placeholder, "alignment", "AlignCenter")
        self.placeholder.setStyleSheet("color: palette(placeholder-text); padding: 48px;")

    def _connect(self) -> None:
        self.region_bar.regionRequested.connect(self.request_region)
        self.load_bar.cancelRequested.connect(self.session.cancel)
        self.session.busyChanged.connect(self._busy_changed)
        self.session.cancelled.connect(self._cancelled)
        self.editorChanged.connect(self._refresh)
        self.undo_stack.canUndoChanged.connect(self._refresh)
        self.undo_stack.canRedoChanged.connect(self._refresh)
        self.banner.actionRequested.connect(self._notice_action)
        self.tabs.currentChanged.connect(self._refresh)

    def _connect_features(self) -> None:
        self.window_actions.save.triggered.connect(lambda: self.saves.save())
        self.window_actions.backups.triggered.connect(lambda: self.backups.open())
        self.saves.saved.connect(self.backups.refresh)
        self.session.warmedUp.connect(self._warmed_up)
        self.load_bar.loadRequested.connect(self.loads.open_link)
        self.loads.shown.connect(self._show_editor)
        # What the banner's Retry does follows the last request: load again, or save again.
        self.loads.started.connect(lambda: self._retry_with(self.loads.retry))
        self.loads.started.connect(self._build_editor_ahead)
        self.saves.sending.connect(lambda: self._retry_with(self.saves.save))
        actions = self.window_actions
        actions.file_menu.insertAction(actions.quit_separator, self.webhooks.sample_action)
        actions.file_menu.insertAction(actions.quit_separator, self.webhooks.receive_action)
        actions.file_menu.insertAction(actions.quit_separator, self.finder.action)
        self.link_page.addAction(self.finder.action)  # Ctrl+F in the editor tab
        actions.edit_menu.addAction(self.curl.action)

    @property
    def editor(self) -> LinkEditor:
        """The link editor, built the first time it is asked for."""
        if self._editor is None:
            self._build_editor()
        assert self._editor is not None
        return self._editor

    def _build_editor(self) -> None:
        if self._editor is not None:
            return
        from booxi_desktop.ui.editor.link_editor import LinkEditor

        editor = LinkEditor(self.undo_stack, actions=self.row_actions)
        self.pages.addWidget(editor)
        editor.changed.connect(self.editorChanged)
        editor.save_button.clicked.connect(lambda: self.saves.save())
        self._editor = editor
        self._refresh()

    def _build_editor_ahead(self) -> None:
        # While the first request runs, in a turn of its own: built with the answer, the
        # editor and the link it shows would stall the window in one go. Not before the
        # warm-up has imported it: imported on this thread meanwhile, it would stall it too.
        if self._editor is None:
            self.after_warm_up(self._build_editor)

    def after_warm_up(self, action: Callable[[], None]) -> None:
        """Run ``action`` in a turn of its own once the warm-up after the first paint is
        over (at once if it is): what it imports on this thread meanwhile, the warm-up
        thread may be importing too, and the window would wait for both."""
        if self.session.warming_up:
            self._after_warm_up.append(action)
        else:
            QTimer.singleShot(0, action)

    def _warmed_up(self) -> None:
        for action in self._after_warm_up:
            QTimer.singleShot(0, action)
        self._after_warm_up.clear()
        self.webhooks.build_ahead()

    def _modified(self) -> bool:
        return self._editor is not None and self._editor.is_modified()

    def _prepare(self) -> None:
        self.session.prepare(WARM_UP_MODULES, region=self.region_bar.current)
        self.keys.refresh()

    # what the controllers may ask (ui.host.Workbench) ----------------------------------

    @property
    def region(self) -> Region:
        return self.session.regions[self.region_bar.current]

    @property
    def region_code(self) -> str:
        return self.region_bar.current

    @property
    def link_shown(self) -> bool:
        return self._editor is not None and self.pages.currentWidget() is self._editor

    def dialog_parent(self) -> QWidget:
        return self

    def backup_store(self) -> BackupStore:
        return self._backups

    @cached_property
    def _backups(self) -> BackupStore:
        return self._open_backups()

    def show_notice(self, notice: Notice) -> None:
        self.banner.show_notice(notice)
        self.statusBar().clearMessage()

    def clear_notice(self) -> None:
        self.banner.clear()

    def show_status(self, text: str) -> None:
        self.statusBar().showMessage(text)

    def when_idle(self, action: Callable[[], None], refused: Notice | Callable[[], None]) -> None:
        if not self.session.busy:
            action()
        elif isinstance(refused, Notice):
            self.show_notice(refused)
        else:
            refused()

    # region and key ------------------------------------------------------------------

    def add_region(self, region: Region, *, session_key: str = "", select: bool = False) -> None:
        self.session.add_region(region, session_key)
        self.region_bar.add_region(region)
        if select:
            self.switch_region(region.code)

    def enable_simulation(self, simulate: Simulator) -> None:
        """Demo mode: a Demo menu and toolbar button that simulate bookings (built once)."""
        if self.demo is not None:
            return
        from booxi_desktop.ui.demo.controller import DemoController

        actions = self.window_actions
        help_entry = actions.help_menu.menuAction()
        self.demo = DemoController(
            self, simulate, self.menuBar(), help_entry, actions.toolbar, self
        )

    def set_intro(self, html: str) -> None:
        self.placeholder.setText(html)

    def request_region(self, code: str) -> None:
        self.unless_unsaved("switching region", lambda: self.switch_region(code))

    def switch_region(self, code: str) -> None:
        self.session.cancel()
        self.session.prepare_region(code)
        self.region_bar.set_region(code)
        self.settings.set_last_region(code)
        self._show_editor(False)
        self.banner.clear()
        self.keys.refresh()

    def open_key_dialog(self) -> None:
        self.keys.open_dialog()

    def open_link(
        self, client_id: int, module_id: str, then: Callable[[], None] | None = None
    ) -> None:
        self.loads.open_link(client_id, module_id, then)

    # unsaved edits -----------------------------------------------------------------------

    def unless_unsaved(self, doing: str, proceed: Callable[[], None]) -> None:
        if not self._modified():
            proceed()
            return
        choice = self._ask(self, doing)
        if choice is Choice.DISCARD:
            self.drafts.discard()
            proceed()
        elif choice is Choice.SAVE:
            self.saves.save(then=proceed)

    def close_discarding(self) -> None:
        """Close without asking about unsaved edits (they were saved, or are not wanted)."""
        self._close_approved = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._close_approved or not self._modified():
            event.accept()
            return
        choice = self._ask(self, "closing")
        if choice is Choice.DISCARD:
            self.drafts.discard()
            event.accept()
            return
        event.ignore()
        if choice is Choice.SAVE:
            self.saves.save(then=self.close_discarding)

    # state -------------------------------------------------------------------------------

    def _show_editor(self, shown: bool) -> None:
        self.saves.forget_link()
        self.backups.close()  # its backups belong to the link that was open
        if not shown:
            self.undo_stack.clear()
            if self._editor is not None:
                self._editor.clear()
        self.pages.setCurrentWidget(self.editor if shown else self.placeholder)
        self._refresh()

    def _busy_changed(self, busy: bool) -> None:
        self.load_bar.set_busy(busy)
        self._refresh()

    def _refresh(self) -> None:
        busy = self.session.busy
        editor = self._editor
        loaded = editor.loaded if editor is not None else None
        blocker = self.saves.blocker() if loaded else "load a link first"
        can_save = not busy and not blocker
        if editor is not None:
            editor.set_read_only(busy)
            editor.save_button.setEnabled(can_save)
            editor.save_button.setToolTip(
                "Back up the server's copy, then send the edits (Ctrl+S)"
                if can_save
                else f"Cannot save: {blocker or 'a request is running'}"
            )
        else:  # what the editor's set_read_only does to them, until it is built
            for action in (self.row_actions.paste, self.row_actions.delete):
                action.setEnabled(not busy)
        # Undo acts on the editor: from the inspector tab it would change what is not seen.
        editing = not busy and self.tabs.currentWidget() is self.link_page
        self.window_actions.set_state(
            can_save=can_save, has_link=loaded is not None, editing=editing
        )
        self.curl.action.setEnabled(loaded is not None)
        self.setWindowModified(self._modified())
        title = APP_TITLE
        if loaded is not None:
            title = f"Client {loaded.link.client_id} · {loaded.link.module_id} — {APP_TITLE}"
        self.setWindowTitle(f"{title}[*]")

    def _cancelled(self, label: str) -> None:
        notice = self.saves.cancelled(label)
        self.show_notice(notice or Notice(f"{label} cancelled.", error=False))

    def _retry_with(self, retry: Callable[[], None]) -> None:
        self._retry = retry

    def _notice_action(self, action: Action) -> None:
        if action is Action.OPEN_KEY_DIALOG:
            self.open_key_dialog()
        elif action is Action.RETRY and self._retry is not None and not self.session.busy:
            self._retry()
        elif action is Action.RELOAD_COMPARE:
            self.saves.reload_and_compare()

"""Connects the webhook inspector tab to the editor: open a found link, compare, use its metadata.

The panel is not built at start-up: it is built ahead once the window has gone a while
without a request, or, if its tab is shown before that, in two painted turns.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from booxi_desktop.ui.notices import Notice, notice_for
from booxi_desktop.ui.widgets.first_paint import after_first_paint
from booxi_desktop.ui.widgets.lazy_qt import set_shortcut
from booxi_desktop.ui.widgets.naming import named

if TYPE_CHECKING:
    from PySide6.QtWidgets import QSplitter

    from booxi_desktop.core.webhook.links import FoundLink
    from booxi_desktop.ui.host import Workbench
    from booxi_desktop.ui.inspector.panel import WebhookPanel
    from booxi_desktop.ui.inspector.receive.controller import ReceiveController
    from booxi_desktop.ui.inspector.receive.panel import ReceivePanel

TAB_TITLE = "Webhook inspector"
USE_METADATA_TEXT = "Use the webhook payload's metadata"
DEMO_CRM_SOURCE = "the demo's sample list"
# How long the window goes without a request before the panel is built ahead: longer than
# a burst of first clicks (load, edit, save), shorter than a person reads what loaded.
QUIET_MS = 1000


class WebhookController(QObject):
    shown = Signal()
    """The tab is shown and its panel has painted there: what starts now does not lengthen
    that paint."""

    def __init__(
        self,
        host: Workbench,
        tabs: QTabWidget,
        link_page: QWidget,
        module_changed: SignalInstance,
        module_id: Callable[[], str],
        parent: QObject | None = None,
    ) -> None:
        """``module_changed`` carries the load bar's module id as typed; ``module_id`` reads it."""
        super().__init__(parent)
        self.host = host
        self.tabs = tabs
        self.link_page = link_page
        self._module_id = module_id
        self.page = QWidget()
        named(self.page, "webhookPage")
        QVBoxLayout(self.page).setContentsMargins(0, 0, 0, 0)
        tabs.addTab(self.page, TAB_TITLE)
        self._panel: WebhookPanel | None = None
        self._receive_half: tuple[QSplitter, ReceivePanel] | None = None
        self._demo = False
        # Runs out once the window has gone QUIET_MS without a request (see build_ahead).
        self._quiet = QTimer(self, singleShot=True, interval=QUIET_MS)
        self._quiet.timeout.connect(self._build_when_quiet)
        self._ahead = False
        self._showing = False
        self.sample_action = named(QAction("Open sample &event…", self), "sampleEventAction")
        self.sample_action.setToolTip(
            "Read a sample webhook event in the inspector: a single booking, a group "
            "reservation, a new customer, an event with problems"
        )
        self.sample_action.setStatusTip("Open one of the sample webhook events")
        self.sample_action.triggered.connect(self.choose_sample)
        self.receive_action = named(
            QAction("&Receive webhooks live", self),
            "receiveWebhooksAction",
        )
        self.receive_action.setToolTip(
            "Listen on 127.0.0.1 for webhook deliveries and list them as they arrive, "
            "with their headers"
        )
        self.receive_action.setStatusTip("Receive webhook deliveries live in the inspector")
        set_shortcut(self.receive_action, "Ctrl+Shift+R")
        self.receive_action.triggered.connect(self.start_receiving)
        self._receive: ReceiveController | None = None
        self._seen_deliveries = 0
        tabs.currentChanged.connect(self._tab_changed)
        module_changed.connect(self._module_changed)

    @property
    def panel_if_built(self) -> WebhookPanel | None:
        """The panel, or None until it is built (ahead, or when its tab is first shown)."""
        return self._panel

    def _receive_side(self) -> tuple[QSplitter, ReceivePanel]:
        """The first half of the build: the splitter, and the Receive panel at its top."""
        if self._receive_half is None:
            from PySide6.QtCore import Qt  # not at start-up: see ui.widgets.lazy_qt
            from PySide6.QtWidgets import QSplitter

            from booxi_desktop.ui.inspector.receive.panel import ReceivePanel

            split = named(QSplitter(Qt.Orientation.Vertical, self.page), "inspectorSplit")
            receive_panel = ReceivePanel(split)
            split.addWidget(receive_panel)
            split.setChildrenCollapsible(False)
            layout = self.page.layout()
            assert layout is not None
            layout.addWidget(split)
            self._receive_half = (split, receive_panel)
        return self._receive_half

    def panel(self) -> WebhookPanel:
        if self._panel is None:
            from booxi_desktop.ui.inspector.panel import WebhookPanel
            from booxi_desktop.ui.inspector.receive.controller import ReceiveController

            split, receive_panel = self._receive_side()
            panel = WebhookPanel(split)
            named(panel, "webhookPanel")
            split.addWidget(panel)
            split.setStretchFactor(1, 3)
            split.setSizes([280, 440])
            self._receive = ReceiveController(
                self.host,
                receive_panel,
                lambda body, label: panel.load_bytes(body, source=label),
                panel.context,
                self,
            )
            panel.contextChanged.connect(self._receive.context_changed)
            self._receive.refreshed.connect(self._deliveries_listed)
            panel.openLinkRequested.connect(self.open_link)
            panel.compareRequested.connect(self.compare)
            panel.useMetadataRequested.connect(self.use_metadata)
            panel.samplesRequested.connect(self.choose_sample)
            panel.set_context(self._module_id() or None, None)
            self._panel = panel
            if self._demo:
                self._use_demo_samples(panel)
        return self._panel

    @property
    def receive(self) -> ReceiveController:
        """The Receive panel's controller (the inspector is built for it)."""
        self.panel()
        assert self._receive is not None
        return self._receive

    def start_receiving(self, port: int = 0, *, show: bool = True) -> str | None:
        """Start the receiver (showing the inspector unless ``show`` is false); its URL, or
        None when it cannot listen."""
        if show:
            self.show()
        return self.receive.start_receiving(port)

    def stop_receiving(self) -> None:
        """Stop the receiver, if one was ever started."""
        if self._receive is not None:
            self._receive.stop_receiving()

    def _deliveries_listed(self) -> None:
        """Deliveries arriving while another tab is shown are counted on the inspector's tab."""
        receiver = self.receive.receiver
        if receiver is None or self.tabs.currentWidget() is self.page:
            return
        unseen = receiver.ring.last_number - self._seen_deliveries
        if unseen > 0:
            self.tabs.setTabText(self.tabs.indexOf(self.page), f"{TAB_TITLE} ({unseen} new)")

    def show(self) -> WebhookPanel:
        self.tabs.setCurrentWidget(self.page)
        return self.panel()

    def build_ahead(self) -> None:
        """Build the panel, hidden, once the window has gone ``QUIET_MS`` without a request,
        in two turns of the event loop: the tab's first showing then only lays it out and
        paints it, instead of building it as well in the same turn. Called once the warm-up
        has imported the panel's modules; nothing is received until the tab is shown."""
        if self._panel is None and not self._ahead:
            self._ahead = True
            self.host.session.busyChanged.connect(self._quiet_again)
            self._quiet_again(self.host.session.busy)

    def _quiet_again(self, busy: bool) -> None:
        """A request started (the wait stops) or ended (it starts over)."""
        if busy:
            self._quiet.stop()
        else:
            self._quiet.start()

    def _build_when_quiet(self) -> None:
        self.host.session.busyChanged.disconnect(self._quiet_again)
        self._receive_side()
        QTimer.singleShot(0, self.panel)

    # sample events -------------------------------------------------------------------------

    @property
    def demo(self) -> bool:
        return self._demo

    def set_demo(self, demo: bool) -> None:
        """In demo mode the empty inspector offers the samples and checks the sample CRM ids."""
        if demo == self._demo:
            return
        self._demo = demo
        if self._panel is not None:
            if demo:
                self._use_demo_samples(self._panel)
            else:
                self._panel.offer_samples(False)

    def _use_demo_samples(self, panel: WebhookPanel) -> None:
        from booxi_desktop.core.webhook.crm_ids import load_crm_ids
        from booxi_desktop.core.webhook.samples import sample_crm_ids_text

        panel.offer_samples(True)
        # In use before the demo's first delivery can arrive: read here, it is a few lines.
        panel.use_crm_ids(load_crm_ids(sample_crm_ids_text()), source=DEMO_CRM_SOURCE)

    def choose_sample(self) -> None:
        from PySide6.QtCore import Qt  # not at start-up: see ui.widgets.lazy_qt

        from booxi_desktop.ui.inspector.sample_dialog import SampleEventDialog

        dialog = SampleEventDialog(self.host.dialog_parent(), demo=self._demo)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.chosen.connect(self.open_sample)
        dialog.open()

    def open_sample(self, name: str) -> None:
        from booxi_desktop.core.webhook.samples import SAMPLE_MODULE, sample_event

        sample = sample_event(name)
        panel = self.show()
        # The samples tell their story for the demo's module, whatever the load bar holds.
        panel.set_context(SAMPLE_MODULE, None)
        panel.load_text(sample.text(), source=f"sample event “{sample.title}”")
        self.host.show_status(f"Sample event “{sample.title}”, read for module {SAMPLE_MODULE}.")

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.page:
            self.tabs.setTabText(index, TAB_TITLE)
            if self._panel is None:
                # In two turns, each painted before the next: building and painting both
                # halves in one would stall the window about twice as long.
                if not self._showing:
                    self._showing = True
                    after_first_paint(self._receive_side()[1], self._show_built)
                return
            if self._receive is not None and self._receive.receiver is not None:
                self._seen_deliveries = self._receive.receiver.ring.last_number
            after_first_paint(self._panel, self.shown.emit)

    def _show_built(self) -> None:
        """The second turn of a first showing, once the Receive half has painted."""
        self._showing = False
        panel = self.panel()
        if self.tabs.currentWidget() is self.page:
            after_first_paint(panel, self.shown.emit)

    def _module_changed(self, module_id: str) -> None:
        if self._panel is not None:
            self._panel.set_context(module_id.strip() or None, self._panel.client_id)

    # actions on a found link -------------------------------------------------------------

    def open_link(self, client_id: int, module_id: str, focus_external_id: bool) -> None:
        self.tabs.setCurrentWidget(self.link_page)
        then = self._focus_external_id if focus_external_id else None
        self.host.open_link(client_id, module_id, then)

    def _focus_external_id(self) -> None:
        self.host.editor.focus_external_id()
        self.host.show_status(
            "New customer: set the externalId to their id in your CRM, then save."
        )

    def use_metadata(self, found: FoundLink) -> None:
        """The payload's metadata becomes the editor's content as one undoable step."""
        if found.client_id is None or not found.module_id:
            return
        rows = list(found.metadata.items())
        editor = self.host.editor

        def apply() -> None:
            external_id = editor.external_id() if found.external_id is None else found.external_id
            editor.apply_edits(external_id, rows, USE_METADATA_TEXT)
            self.host.show_status(
                "The payload's metadata is in the editor: review it, then save "
                "(Undo takes it back)."
            )

        self.tabs.setCurrentWidget(self.link_page)
        loaded = editor.loaded
        if loaded is not None and (loaded.link.client_id, loaded.link.module_id) == (
            found.client_id,
            found.module_id,
        ):
            self.host.when_idle(
                apply, Notice("Not applied yet: wait for the running request to end.")
            )
        else:
            self.host.open_link(found.client_id, found.module_id, apply)

    def compare(self, found: FoundLink) -> None:
        if found.client_id is None or not found.module_id:
            return
        panel = self.panel()
        session = self.host.session
        code, client_id, module_id = self.host.region_code, found.client_id, found.module_id

        def start() -> None:
            session.start(self._compare(code, client_id, module_id), "Comparing")

        self.host.when_idle(
            start,
            lambda: panel.show_comparison_message(
                "A request is running; compare again once it is done."
            ),
        )

    async def _compare(self, code: str, client_id: int, module_id: str) -> None:
        panel = self.panel()
        try:
            client = await self.host.session.ready_client(code)
            response = await client.get_link(client_id, module_id)
        except Exception as exc:
            panel.show_comparison_message(notice_for(exc, doing="Reading the live record").text)
            return
        link = response.link
        panel.show_comparison(link.external_id, dict(link.metadata))

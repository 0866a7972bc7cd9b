"""Runs the receiver for the Receive panel and turns its deliveries into table rows.

The receiver runs in a process of its own (``ReceiverProcess``): reading HTTP and analysing
bodies in this process would hold the interpreter lock the window's thread needs for every
Python call it makes. Deliveries come back on a reading thread, which only emits a signal
(queued to the window's thread) when none is pending; the rows are fetched from the ring at
most every :data:`REFRESH_MS`, so a flood costs the window a few small inserts a second.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from booxi_desktop.core.text import plural
from booxi_desktop.core.webhook.payload import AnalysisContext
from booxi_desktop.ui.inspector.receive.delivery_model import headers_text

if TYPE_CHECKING:
    from booxi_desktop.core.webhook.receiver.delivery import Delivery
    from booxi_desktop.core.webhook.receiver.process import ReceiverProcess
    from booxi_desktop.core.webhook.replay import ReplayResult
    from booxi_desktop.ui.host import Workbench
    from booxi_desktop.ui.inspector.receive.panel import ReceivePanel

REFRESH_MS = 100
PayloadShower = Callable[[bytes, str], None]


class ReceiveController(QObject):
    arrived = Signal()
    """Emitted from the receiver's thread; Qt queues it to this object's thread."""
    refreshed = Signal()
    """The table caught up with the ring."""
    replayed = Signal(object)
    """A :class:`ReplayResult`."""
    ended = Signal(object, object)
    """The receiver's process ended on its own (it and its exit code); from another thread."""

    def __init__(
        self,
        host: Workbench,
        panel: ReceivePanel,
        show_payload: PayloadShower,
        context: Callable[[], AnalysisContext] = AnalysisContext,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.host = host
        self.panel = panel
        self._show_payload = show_payload
        self._context = context
        self.receiver: ReceiverProcess | None = None
        self._pending = threading.Event()
        self._timer = QTimer(self, singleShot=True, interval=REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self.arrived.connect(self._timer.start)
        self.ended.connect(self._ended)
        self.confirmed_hosts: set[str] = set()
        panel.start_button.clicked.connect(self._toggle)
        panel.copy_button.clicked.connect(self._copy_url)
        panel.export_json.clicked.connect(lambda: self.export(http=False))
        panel.export_http.clicked.connect(lambda: self.export(http=True))
        panel.replay_button.clicked.connect(self.replay_selected)
        panel.replay_url.returnPressed.connect(self.replay_selected)
        selection = panel.table.selectionModel()
        selection.selectionChanged.connect(self._selection_changed)
        app = QGuiApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop_receiving)

    # -- receiving --------------------------------------------------------------------------

    def start_receiving(self, port: int = 0) -> str | None:
        """Listen on 127.0.0.1 (``port`` 0: any free one); the URL, or None if it failed."""
        if self.receiver is not None:
            return self.receiver.url
        from booxi_desktop.core.webhook.receiver.process import ReceiverProcess

        receiver = ReceiverProcess(self._context(), on_delivery=self._arrived_elsewhere)
        receiver.on_exit = lambda code: self._ended_elsewhere(receiver, code)
        try:
            url = receiver.start(port)
        except OSError as exc:
            self.panel.set_running(None)
            self.panel.counts.setText(f"Cannot listen on port {port}: {exc.strerror or exc}.")
            return None
        self.receiver = receiver
        self.panel.model.clear()
        self.panel.set_running(url)
        self._show_counts()
        self.host.show_status(f"Receiving webhooks at {url}")
        return url

    def stop_receiving(self) -> None:
        receiver, self.receiver = self.receiver, None
        if receiver is None:
            return
        receiver.stop()
        self.panel.set_running(None)
        self.host.show_status("Stopped receiving webhooks; the deliveries stay listed.")

    def _ended_elsewhere(self, receiver: ReceiverProcess, code: int | None) -> None:
        # Also called while the interpreter ends, its children terminated, when this
        # controller may already be gone: then there is nobody left to tell.
        with contextlib.suppress(RuntimeError):
            self.ended.emit(receiver, code)

    def _ended(self, receiver: ReceiverProcess, code: int | None) -> None:
        if receiver is not self.receiver:
            return
        self.refresh()
        self.receiver = None
        self.panel.set_running(None)
        said = "" if code is None else f" (exit code {code})"
        message = f"The receiver stopped unexpectedly{said}; the deliveries stay listed."
        self.panel.counts.setText(message)
        self.host.show_status(message)

    def context_changed(self, context: AnalysisContext) -> None:
        """Deliveries from now on are read for this module, client and CRM ids."""
        if self.receiver is not None:
            self.receiver.context = context

    def _toggle(self) -> None:
        if self.receiver is None:
            self.start_receiving()
        else:
            self.stop_receiving()

    def _arrived_elsewhere(self, _delivery: Delivery) -> None:
        if not self._pending.is_set():
            self._pending.set()
            self.arrived.emit()

    def refresh(self) -> None:
        receiver = self.receiver
        self._pending.clear()
        if receiver is None:
            return
        ring = receiver.ring
        self.panel.model.update(ring.since(self.panel.model.last_number), ring.first_number)
        self._show_counts()
        self.refreshed.emit()

    def _show_counts(self) -> None:
        receiver = self.receiver
        if receiver is None:
            return
        ring, counts = receiver.ring, receiver.counts
        parts = [
            plural(ring.last_number, "delivery", "deliveries"),
            f"{ring.count} held ({ring.bytes / 1_000_000:.1f} MB)",
        ]
        if ring.evicted:
            parts.append(f"{ring.evicted} oldest dropped from memory")
        if counts.refused:
            parts.append(f"{counts.refused} refused")
        if counts.rejected_connections:
            parts.append(f"{counts.rejected_connections} connections turned away")
        self.panel.counts.setText("; ".join(parts) + ". Kept in memory only.")

    def _copy_url(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if self.receiver is not None:
            clipboard.setText(self.receiver.url)

    # -- the selected delivery --------------------------------------------------------------

    def selected(self) -> Delivery | None:
        rows = self.panel.table.selectionModel().selectedRows()
        return self.panel.model.delivery(rows[0].row()) if rows else None

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        delivery = self.selected()
        self.panel.set_selected(delivery is not None)
        if delivery is None:
            return
        self.panel.headers.setPlainText(headers_text(delivery))
        if delivery.body:
            self._show_payload(readable_body(delivery), f"delivery #{delivery.number}")

    def export(self, *, http: bool) -> None:
        delivery = self.selected()
        if delivery is None:
            return
        suffix = "http" if http else "json"
        dialog = QFileDialog(self.host.dialog_parent(), "Export the delivery")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(suffix)
        dialog.setNameFilter("HTTP request (*.http)" if http else "JSON (*.json)")
        dialog.selectFile(f"delivery-{delivery.number}.{suffix}")
        dialog.fileSelected.connect(lambda path: self.write_export(delivery, Path(path), http=http))
        dialog.open()

    def write_export(self, delivery: Delivery, path: Path, *, http: bool) -> bool:
        from booxi_desktop.core.storage.atomic import write_atomic
        from booxi_desktop.core.webhook.receiver.export import as_request, http_bytes

        data = http_bytes(as_request(delivery)) if http else delivery.body
        try:
            write_atomic(path, data)
        except OSError as exc:
            self.host.show_status(f"Cannot write {path.name}: {exc.strerror or exc}")
            return False
        self.host.show_status(f"Delivery #{delivery.number} saved to {path.name}.")
        return True

    # -- replay -----------------------------------------------------------------------------

    def replay_selected(self) -> None:
        from booxi_desktop.core.webhook.replay import needs_confirmation, target_host

        delivery = self.selected()
        url = self.panel.replay_url.text().strip()
        if delivery is None:
            return
        try:
            host = target_host(url)
            outside = needs_confirmation(url)
        except ValueError as exc:
            self.panel.replay_result.setText(f"{exc}.")
            return
        if not outside or host in self.confirmed_hosts:
            self._send(delivery, url)
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Send to another machine?",
            f"The delivery holds customer data. Send it to {host}?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self.host.dialog_parent(),
        )
        box.setInformativeText("You are asked once per host until the app is closed.")
        box.setObjectName("replayHostQuestion")

        def answered(button: int) -> None:
            if button == QMessageBox.StandardButton.Yes:
                self.confirmed_hosts.add(host)
                self._send(delivery, url)

        box.finished.connect(answered)
        box.open()

    def _send(self, delivery: Delivery, url: str) -> None:
        from booxi_desktop.core.webhook.receiver.export import as_request
        from booxi_desktop.core.webhook.replay import replay

        self.panel.replay_result.setText(f"Sending #{delivery.number} to {url}…")

        async def send() -> None:
            result = await replay(as_request(delivery), url)
            self._replayed(result)

        self.host.session.start(send())

    def _replayed(self, result: ReplayResult) -> None:
        if result.status is None:
            text = f"Failed after {result.elapsed_ms:.0f} ms: {result.error}"
        else:
            text = f"Answered {result.status} in {result.elapsed_ms:.1f} ms"
        self.panel.replay_result.setText(text)
        self.replayed.emit(result)


def readable_body(delivery: Delivery) -> bytes:
    """The body as the inspector can read it: gzip undone, bounded."""
    from booxi_desktop.core.webhook.receiver.delivery import inflate

    encoding = (delivery.header("content-encoding") or "").strip().lower()
    if encoding in ("gzip", "x-gzip", "deflate"):
        try:
            return inflate(delivery.body, gzip=encoding != "deflate")
        except ValueError:
            return delivery.body
    return delivery.body

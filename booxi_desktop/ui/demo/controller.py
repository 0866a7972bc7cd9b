"""The Demo menu and toolbar button: simulate a booking, single or group, twice or flawed.

Built only in demo mode, once the entry point hands over a simulator. Deliveries end in
the simulator's worker thread; their outcome comes back to the UI thread as a queued
signal and is shown in the status bar, so a slow or dead endpoint never freezes the window.
"""

from __future__ import annotations

import contextlib
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton

from booxi_desktop.ui.demo.simulation import (
    MALFORMED_LINK,
    MISSING_LINK,
    Pending,
    SimulationRequest,
    Simulator,
    failure_text,
    outcome_text,
    running_text,
)
from booxi_desktop.ui.widgets.lazy_qt import set_shortcut
from booxi_desktop.ui.widgets.naming import named

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenuBar, QToolBar

    from booxi_desktop.ui.host import Workbench

# (object name, text, tooltip, shortcut, request)
_OPTIONS: tuple[tuple[str, str, str, str | None, SimulationRequest], ...] = (
    (
        "simulateBookingAction",
        "&Simulate a booking",
        "Book the demo client in the sandbox and send its webhook event to the registered "
        "endpoints",
        "Ctrl+Shift+N",
        SimulationRequest(),
    ),
    (
        "simulateGroupAction",
        "Simulate a &group booking",
        "Book a family of three together: one event, a link for each client",
        None,
        SimulationRequest(group=True),
    ),
    (
        "simulateDuplicateAction",
        "Simulate a booking delivered &twice",
        "Deliver the same event, with the same event id, twice: handlers must de-duplicate",
        None,
        SimulationRequest(duplicate=True),
    ),
    (
        "simulateMissingLinkAction",
        "Simulate a booking with a &missing link",
        "Book a client who has no link for the demo module",
        None,
        SimulationRequest(problem=MISSING_LINK),
    ),
    (
        "simulateMalformedLinkAction",
        "Simulate a booking with a ma&lformed link",
        "Send the module's link with metadata values that are not strings",
        None,
        SimulationRequest(problem=MALFORMED_LINK),
    ),
)


class DemoController(QObject):
    # (request, the finished Future) from the worker thread, queued to this object's thread.
    _finished = Signal(object, object)

    def __init__(
        self,
        host: Workbench,
        simulate: Simulator,
        menu_bar: QMenuBar,
        before: QAction,
        toolbar: QToolBar,
        parent: QObject | None = None,
    ) -> None:
        """The Demo menu goes before ``before`` (the Help menu's entry) in ``menu_bar``."""
        super().__init__(parent)
        self.host = host
        self._simulate = simulate
        self.running = 0
        self.menu = named(QMenu("&Demo", menu_bar), "demoMenu")
        self.menu.setToolTipsVisible(True)
        self.actions: list[QAction] = []
        for name, text, tip, key, request in _OPTIONS:
            action = named(QAction(text, self), name)
            action.setToolTip(tip)
            action.setStatusTip(tip)
            if key is not None:
                set_shortcut(action, key)
            action.triggered.connect(lambda _=False, r=request: self.simulate(r))
            self.actions.append(action)
        self.simulate_action = self.actions[0]
        self.menu.addAction(self.simulate_action)
        self.menu.addSeparator()
        self.menu.addActions(self.actions[1:])
        menu_bar.insertMenu(before, self.menu)
        self.button = self._tool_button()
        toolbar.addSeparator()
        toolbar.addWidget(self.button)
        self._finished.connect(self._show_outcome)

    def _tool_button(self) -> QToolButton:
        options = named(QMenu("Simulate", self.menu), "simulateOptionsMenu")
        options.setToolTipsVisible(True)
        options.addActions(self.actions)
        button = named(
            QToolButton(),
            "simulateBookingButton",
            accessible="Simulate a booking",
            tip="Simulate a booking; the arrow offers a group, a duplicate or a flawed one",
        )
        button.setDefaultAction(self.simulate_action)
        button.setText("Simulate a booking")
        button.setMenu(options)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        return button

    def simulate(self, request: SimulationRequest) -> None:
        """Start the booking and return at once; the status bar tells how it went."""
        try:
            pending = self._simulate(
                group=request.group, duplicate=request.duplicate, problem=request.problem
            )
        except Exception as exc:  # a refused request: say so, the window goes on
            self.host.show_status(failure_text(request, exc))
            return
        self.running += 1
        self.host.show_status(running_text(request))
        pending.add_done_callback(lambda future: self._done(request, future))

    def _done(self, request: SimulationRequest, future: Future[Any]) -> None:
        # The window may have closed while the event was on its way.
        with contextlib.suppress(RuntimeError):
            self._finished.emit(request, future)

    def _show_outcome(self, request: SimulationRequest, pending: Pending) -> None:
        self.running -= 1
        try:
            deliveries = pending.result()
        except Exception as exc:
            self.host.show_status(failure_text(request, exc))
            return
        self.host.show_status(outcome_text(request, deliveries))

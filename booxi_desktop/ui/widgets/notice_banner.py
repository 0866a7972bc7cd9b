"""An inline message above the editor: what happened, what to do, and one button to do it."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from booxi_desktop.ui.notices import ACTION_LABELS, Action, Notice
from booxi_desktop.ui.widgets import theme
from booxi_desktop.ui.widgets.lazy_qt import set_by_name
from booxi_desktop.ui.widgets.naming import named, wrapped

_BANNER = "QFrame#noticeBanner {{ background: {}; border: 1px solid {}; border-radius: 4px; }}"
_COLORS = {
    True: (theme.RED_BACKGROUND, theme.RED_BORDER),
    False: (theme.INFO_BACKGROUND, theme.INFO_BORDER),
}


class NoticeBanner(QFrame):
    """Hidden until :meth:`show_notice`; a 429's Retry stays disabled for the wait it asks."""

    actionRequested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "noticeBanner")
        self.label = named(wrapped(QLabel()), "noticeText", accessible="Message")
        set_by_name(self.label, "textFormat", "RichText")
        set_by_name(self.label, "textInteractionFlags", "TextSelectableByMouse")
        self.action_button = named(QPushButton(), "noticeActionButton")
        self.close_button = named(
            QToolButton(), "noticeCloseButton", accessible="Dismiss message", tip="Dismiss"
        )
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action_button)
        layout.addWidget(self.close_button)
        self.notice: Notice | None = None
        self._wait = QTimer(self, singleShot=True)
        self._wait.timeout.connect(lambda: self.action_button.setEnabled(True))
        self.action_button.clicked.connect(self._act)
        self.close_button.clicked.connect(self.clear)
        self.setVisible(False)

    def show_notice(self, notice: Notice) -> None:
        self.notice = notice
        self.setStyleSheet(_BANNER.format(*map(theme.ink, _COLORS[notice.error])))
        self.label.setText(notice.html)
        label = ACTION_LABELS[notice.action]
        self.action_button.setText(label)
        self.action_button.setAccessibleName(label)
        self.action_button.setVisible(notice.action is not Action.NONE)
        wait_ms = int((notice.retry_after or 0) * 1000)
        self.action_button.setEnabled(wait_ms <= 0)
        if wait_ms > 0:
            self.action_button.setToolTip(f"Available after {notice.retry_after:g} s")
            self._wait.start(wait_ms)
        self.setVisible(True)

    @property
    def text(self) -> str:
        """The message as plain text (what a screen reader or a test reads)."""
        return self.notice.text if self.notice is not None else ""

    def clear(self) -> None:
        self._wait.stop()
        self.notice = None
        self.setVisible(False)

    def _act(self) -> None:
        if self.notice is not None:
            self.actionRequested.emit(self.notice.action)

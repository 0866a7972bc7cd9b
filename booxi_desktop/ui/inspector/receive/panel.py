"""The Receive panel's widgets: Start/Stop and the URL, the deliveries, their headers, replay."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from booxi_desktop.ui.inspector.receive.delivery_model import DeliveryModel
from booxi_desktop.ui.widgets import theme
from booxi_desktop.ui.widgets.naming import named

IDLE_TEXT = "Not receiving. Start, then register the URL (through your tunnel) with Booxi."


class ReceivePanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "receivePanel", accessible="Receive webhooks")
        self.model = DeliveryModel(self)
        self.start_button = named(
            QPushButton("&Start receiving", self),
            "receiveStartButton",
            tip="Listen on 127.0.0.1 for webhook deliveries (POST or PUT, any path)",
        )
        self.start_button.setCheckable(True)
        self.url = named(
            QLineEdit(self), "receiverUrl", tip="Expose this URL through a tunnel, then register it"
        )
        self.url.setReadOnly(True)
        self.url.setPlaceholderText("http://127.0.0.1:PORT/")
        self.copy_button = named(
            QPushButton("Copy URL", self), "copyReceiverUrl", tip="Copy the receiver's URL"
        )
        self.counts = named(QLabel(IDLE_TEXT, self), "receiveCounts")
        self.counts.setStyleSheet(theme.SECONDARY_TEXT_STYLE)
        top = QHBoxLayout()
        top.addWidget(self.start_button)
        top.addWidget(self.url, 1)
        top.addWidget(self.copy_button)

        self.table = named(QTableView(self), "deliveryTable", accessible="Deliveries received")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        rows = self.table.verticalHeader()
        rows.hide()
        # Fixed heights: rows arriving and leaving many times a second are not measured.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # The Module column fits its longest word, "choose client", in the table's font.
        module_width = self.table.fontMetrics().horizontalAdvance("choose client") + 16
        for column, width in enumerate((36, 96, 58, 140, 100, module_width, 62)):
            self.table.setColumnWidth(column, width)

        self.headers = named(
            QPlainTextEdit(self), "deliveryHeaders", accessible="The delivery's request and headers"
        )
        self.headers.setReadOnly(True)
        self.headers.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.headers.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.headers.setPlaceholderText("The selected delivery's request line and headers")

        self.export_json = named(
            QPushButton("Export &body…", self),
            "exportDeliveryJson",
            tip="Save the delivery's body, bytes as received",
        )
        self.export_http = named(
            QPushButton("Export .&http…", self),
            "exportDeliveryHttp",
            tip="Save the delivery's request line, headers and body",
        )
        self.replay_url = named(
            QLineEdit(self), "replayUrl", tip="Your own handler's URL, to send the delivery again"
        )
        self.replay_url.setPlaceholderText("http://127.0.0.1:8000/webhooks/booxi")
        self.replay_button = named(
            QPushButton("&Replay", self),
            "replayButton",
            tip="Send the delivery again, byte for byte, with its method and headers",
        )
        self.replay_result = named(QLabel(self), "replayResult")
        self.replay_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        actions = QHBoxLayout()
        actions.addWidget(self.export_json)
        actions.addWidget(self.export_http)
        actions.addStretch(1)
        replay = QHBoxLayout()
        replay.addWidget(self.replay_url, 1)
        replay.addWidget(self.replay_button)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.headers, 1)
        right_layout.addLayout(actions)
        right_layout.addLayout(replay)
        right_layout.addWidget(self.replay_result)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.table)
        split.addWidget(right)
        split.setSizes([780, 420])
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.counts)
        layout.addWidget(split, 1)
        self.set_selected(False)

    def set_selected(self, selected: bool) -> None:
        for widget in (self.export_json, self.export_http, self.replay_button):
            widget.setEnabled(selected)

    def set_running(self, url: str | None) -> None:
        self.start_button.setChecked(url is not None)
        self.start_button.setText("&Stop receiving" if url else "&Start receiving")
        self.url.setText(url or "")
        self.copy_button.setEnabled(url is not None)
        if url is None:
            self.counts.setText(IDLE_TEXT)

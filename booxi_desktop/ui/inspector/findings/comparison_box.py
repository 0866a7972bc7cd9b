"""A link of the payload against the record Booxi holds now, with why there is none."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from booxi_desktop.core.link.diff import diff_links
from booxi_desktop.core.webhook.links import FoundLink
from booxi_desktop.ui.widgets.diff_view import DiffView, compare_wording
from booxi_desktop.ui.widgets.naming import named


class ComparisonBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Compared with the live record", parent)
        self.setObjectName("comparison")
        self.caption = named(QLabel(self), "comparisonTitle")
        self.caption.setWordWrap(True)
        self.diff_view = DiffView(self, wording=compare_wording("payload", "live record"))
        self.diff_view.setMinimumHeight(160)
        close = named(QPushButton("Close", self), "closeComparison")
        close.clicked.connect(self.hide)
        box = QVBoxLayout(self)
        box.addWidget(self.caption)
        box.addWidget(self.diff_view)
        box.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)

    def show_comparison(
        self, link: FoundLink, live_external_id: str, live_metadata: Mapping[str, Any]
    ) -> None:
        diff = diff_links(link.external_id or "", link.metadata, live_external_id, live_metadata)
        self.caption.setText(
            f"Link [{link.index}] of the payload (client {link.client_id}, module "
            f"{link.module_id}) against what Booxi holds now:"
        )
        self.diff_view.set_diff(diff)
        self.show()

    def show_message(self, message: str) -> None:
        self.caption.setText("")
        self.diff_view.set_message(message)
        self.show()

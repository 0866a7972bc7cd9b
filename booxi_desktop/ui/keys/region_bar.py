"""The always-visible region selector, with the region's key state and a button to set it."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from booxi_desktop.core.regions import Region
from booxi_desktop.ui.widgets import theme
from booxi_desktop.ui.widgets.naming import named


class RegionBar(QWidget):
    """Emits ``regionRequested`` on a pick; the window decides, then calls :meth:`set_region`.

    The combo snaps back to the current region until then, so a refused switch (unsaved
    edits kept) never leaves the selector showing a region that is not in use.
    """

    regionRequested = Signal(str)
    keyDialogRequested = Signal()

    def __init__(self, regions: Sequence[Region], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = named(
            QComboBox(),
            "regionCombo",
            accessible="Region",
            tip="The Booxi region (and its host) every request goes to",
        )
        # The host is the point of the label: a sandbox's port must never be cut off.
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for region in regions:
            self.add_region(region)
        self._current = regions[0].code
        self.combo.activated.connect(self._picked)

        self.key_button = named(
            QPushButton("Partner key…"),
            "keyButton",
            accessible="Partner key",
            tip="Enter, replace or forget the partner key for this region",
        )
        self.key_button.clicked.connect(self.keyDialogRequested)
        self.key_state = named(QLabel(), "keyStateSummary", accessible="Partner key state")

        label = QLabel("&Region:")
        label.setBuddy(self.combo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.combo)
        layout.addWidget(self.key_button)
        layout.addWidget(self.key_state, 1)

    def add_region(self, region: Region) -> None:
        text = f"{region.label} — {urlsplit(region.base_url).netloc}"
        index = self.combo.findData(region.code)
        if index < 0:
            self.combo.addItem(text, region.code)
        else:
            self.combo.setItemText(index, text)

    @property
    def current(self) -> str:
        return self._current

    def set_region(self, code: str) -> None:
        index = self.combo.findData(code)
        if index >= 0:
            self._current = code
            self.combo.setCurrentIndex(index)

    def set_key_state(self, short: str, detail: str, ok: bool) -> None:
        self.key_state.setText(short)
        self.key_state.setToolTip(detail)
        style = "" if ok else theme.text_style(theme.RED, " font-weight: bold;")
        if self.key_state.styleSheet() != style:
            self.key_state.setStyleSheet(style)

    def _picked(self, index: int) -> None:
        code = str(self.combo.itemData(index))
        self.set_region(self._current)
        if code != self._current:
            self.regionRequested.emit(code)

"""A small chooser of the package's sample webhook events, each named for what it shows."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from booxi_desktop.core.webhook.samples import SAMPLE_EVENTS, SAMPLE_MODULE
from booxi_desktop.ui.widgets.naming import named, wrapped
from booxi_desktop.ui.widgets.theme import SECONDARY_TEXT_STYLE

NAME_ROLE = Qt.ItemDataRole.UserRole + 1
DEMO_NOTE = (
    f"Each event is a booking of the demo sandbox's clients, read for module {SAMPLE_MODULE}:"
    " open their links from the findings. The sample CRM id list is in use."
)
REAL_NOTE = (
    "These events name the demo sandbox's sample clients: their ids do not exist on Booxi's"
    " servers, so opening or comparing their links there finds nothing. Start the app with"
    " --demo to follow them into the sandbox."
)


class SampleEventDialog(QDialog):
    chosen = Signal(str)
    """The :class:`~booxi_desktop.core.webhook.samples.SampleEvent` name to open."""

    def __init__(self, parent: QWidget | None = None, *, demo: bool = False) -> None:
        super().__init__(parent)
        named(self, "sampleEventDialog")
        self.setWindowTitle("Open sample event")
        self.list = named(QListWidget(self), "sampleEventList", accessible="Sample events")
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        for sample in SAMPLE_EVENTS:
            item = QListWidgetItem(f"{sample.title}\n{sample.shows}")
            item.setData(NAME_ROLE, sample.name)
            item.setToolTip(sample.shows)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.note = named(wrapped(QLabel(DEMO_NOTE if demo else REAL_NOTE, self)), "sampleNote")
        self.note.setStyleSheet(SECONDARY_TEXT_STYLE)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemActivated.connect(lambda _item: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Choose an event to read in the webhook inspector:", self))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.resize(520, 380)

    def choose(self, name: str) -> None:
        """Select the sample called ``name`` (keyboard users and tests pick through this)."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item is not None and item.data(NAME_ROLE) == name:
                self.list.setCurrentRow(row)
                return
        raise KeyError(name)

    def accept(self) -> None:
        item = self.list.currentItem()
        super().accept()
        if item is not None:
            self.chosen.emit(item.data(NAME_ROLE))

"""A small chooser of the package's sample webhook events, each named for what it shows."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from booxi_desktop.core.webhook.samples import SAMPLE_EVENTS, SAMPLE_MODULE
from booxi_desktop.ui.widgets.naming import named, wrapped
from booxi_desktop.ui.widgets.theme import SECONDARY_TEXT_STYLE

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
        self.choices = QButtonGroup(self)
        self._names: dict[int, str] = {}
        choices = QVBoxLayout()
        for row, sample in enumerate(SAMPLE_EVENTS):
            button = named(QRadioButton(sample.title, self), f"sample_{sample.name}")
            button.setAccessibleDescription(sample.shows)
            shows = wrapped(QLabel(sample.shows, self))
            shows.setStyleSheet(SECONDARY_TEXT_STYLE)
            # Lined up under the button's text, past its indicator.
            indent = self.style().pixelMetric(QStyle.PixelMetric.PM_ExclusiveIndicatorWidth)
            shows.setContentsMargins(indent + 6, 0, 0, 6)
            self.choices.addButton(button, row)
            self._names[row] = sample.name
            choices.addWidget(button)
            choices.addWidget(shows)
        first = self.choices.button(0)
        if first is not None:
            first.setChecked(True)
        self.note = named(wrapped(QLabel(DEMO_NOTE if demo else REAL_NOTE, self)), "sampleNote")
        self.note.setStyleSheet(SECONDARY_TEXT_STYLE)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Choose an event to read in the webhook inspector:", self))
        layout.addLayout(choices)
        layout.addStretch(1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.setMinimumWidth(500)

    @property
    def count(self) -> int:
        return len(self._names)

    def choose(self, name: str) -> None:
        """Check the sample called ``name``."""
        for row, known in self._names.items():
            button = self.choices.button(row)
            if known == name and button is not None:
                button.setChecked(True)
                return
        raise KeyError(name)

    def accept(self) -> None:
        name = self._names.get(self.choices.checkedId())
        super().accept()
        if name is not None:
            self.chosen.emit(name)

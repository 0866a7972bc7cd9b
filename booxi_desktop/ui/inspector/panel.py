"""The webhook inspector: a payload in, its tree and what it says about client links out.

A standalone widget; the main window sets the module (and client) it works on with
:meth:`WebhookPanel.set_context` and answers the requests it emits. Reading and analysing
run off the UI thread (:mod:`payload_loader`); a newer payload always wins over an older
one still being read. What the payload box holds is one :class:`InputState`.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum, auto
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QLabel,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from booxi_desktop.core.jsondoc.decode import decode_json
from booxi_desktop.core.webhook.analysis import Findings
from booxi_desktop.core.webhook.payload import (
    SHOW_TEXT_LIMIT,
    Analysis,
    AnalysisContext,
    Decoded,
    Decoder,
    PayloadSource,
)
from booxi_desktop.ui.inspector.findings.view import CrmChooser, FindingsView, choose_crm_file
from booxi_desktop.ui.inspector.json_error_box import JsonErrorBox
from booxi_desktop.ui.inspector.payload_input import (
    FileChooser,
    WebhookInput,
    choose_payload_file,
    payload_from_mime,
)
from booxi_desktop.ui.inspector.payload_loader import PayloadLoader
from booxi_desktop.ui.inspector.tree.view import ROW_BUDGET, JsonTreeView
from booxi_desktop.ui.widgets import theme
from booxi_desktop.ui.widgets.data_size import data_size
from booxi_desktop.ui.widgets.first_paint import after_first_paint
from booxi_desktop.ui.widgets.naming import named

_EMPTY_PAGE, _RESULTS_PAGE, _ERROR_PAGE = range(3)
_ORIGINS = {"pasted": "from the clipboard", "dropped": "dropped on the panel"}
# A payload read within this time appears in one paint with everything it changes; only a
# slower one first says it is being read. A paint while the worker parses would wait for
# the interpreter lock and hold the results back once they arrive.
PROGRESS_DELAY_MS = 150
EMPTY_TEXT = "The event's tree and what it says about client module links will show here."
SAMPLES_LINK = (
    '<p><a href="#samples">Open a sample event</a> (a booking, a group reservation, a new'
    " customer, an event with problems) to see what the inspector finds.</p>"
)


class InputState(Enum):
    """What the payload box holds for the payload being read or shown."""

    EMPTY = auto()
    """Nothing given, or cleared."""
    TEXT = auto()
    """The payload's text, as given, typed or decoded: an error can point into it."""
    TEXT_TOO_LARGE = auto()
    """Text too large to show: the box keeps what it had until it says so, once the
    payload is read or slow to read."""
    SUMMARISED = auto()
    """A line about the payload instead of its text."""
    BYTES = auto()
    """Bytes or a file being read: their text, or a summary, comes with the results."""


class WebhookPanel(QWidget):
    openLinkRequested = Signal(object, str, bool)  # object: ids exceed a C++ int
    """client_id, module_id, and whether to put the cursor in the externalId."""
    compareRequested = Signal(object)
    """The :class:`FoundLink` whose live record to fetch; answer with :meth:`show_comparison`."""
    useMetadataRequested = Signal(object)
    """The :class:`FoundLink` whose externalId and metadata to put into the editor."""
    parsed = Signal()
    """Findings for the current payload and context are shown."""
    failed = Signal(str)
    """The payload cannot be read; carries the reason as shown."""
    samplesRequested = Signal()
    """The empty page's link to the sample events was followed."""
    contextChanged = Signal(object)
    """The :class:`AnalysisContext` (module, client, CRM ids) payloads are now read for."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        decode: Decoder = decode_json,
        file_chooser: FileChooser = choose_payload_file,
        crm_chooser: CrmChooser = choose_crm_file,
    ) -> None:
        super().__init__(parent)
        named(self, "webhookPanel")
        self.setAcceptDrops(True)
        self._module_id: str | None = None
        self._client_id: int | None = None
        self._crm_ids: frozenset[str] | None = None
        self.input_state = InputState.EMPTY
        # What the box is to say instead of a text too large to show (TEXT_TOO_LARGE).
        self._too_large = ""
        self._progress = QTimer(self, singleShot=True, interval=PROGRESS_DELAY_MS)
        self._progress.timeout.connect(self._show_progress)
        self.loader = PayloadLoader(self, decode=decode)
        self.input = WebhookInput(self, file_chooser=file_chooser)
        self.status = named(QLabel(self), "payloadStatus")
        self.status.setStyleSheet(theme.SECONDARY_TEXT_STYLE)
        # The tree and the findings are built with the first payload: an inspector opened
        # and left empty (or only receiving) never needs them.
        self._crm_chooser = crm_chooser
        self._crm_state = ("", False)
        self._views: tuple[JsonTreeView, FindingsView] | None = None
        self.error_box = JsonErrorBox(self)
        self.empty_label = empty = named(QLabel(EMPTY_TEXT, self), "emptyInspector")
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty.setStyleSheet(theme.SECONDARY_TEXT_STYLE)
        empty.setWordWrap(True)
        empty.setTextFormat(Qt.TextFormat.RichText)
        empty.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        empty.linkActivated.connect(lambda _link: self.samplesRequested.emit())

        self._results = results = QSplitter(Qt.Orientation.Horizontal, self)
        results.setChildrenCollapsible(False)
        error_page = QWidget(self)
        error_layout = QVBoxLayout(error_page)
        error_layout.setContentsMargins(0, 0, 0, 0)
        error_layout.addWidget(self.error_box)
        error_layout.addStretch(1)
        self.pages = QStackedWidget(self)
        for page in (empty, results, error_page):
            self.pages.addWidget(page)
        below = QWidget(self)
        below_layout = QVBoxLayout(below)
        below_layout.setContentsMargins(0, 0, 0, 0)
        below_layout.addWidget(self.status)
        below_layout.addWidget(self.pages, 1)
        outer = QSplitter(Qt.Orientation.Vertical, self)
        outer.addWidget(self.input)
        outer.addWidget(below)
        outer.setStretchFactor(1, 3)
        outer.setSizes([160, 480])
        outer.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(outer)

        self.input.textEdited.connect(self._text_edited)
        self.input.payloadGiven.connect(self._payload_given)
        self.input.cleared.connect(self._cleared)
        self.loader.started.connect(self._started)
        self.loader.decoded.connect(self._decoded)
        self.loader.failed.connect(self._failed)
        self.loader.analysed.connect(self._analysed)
        self.loader.crmIdsLoaded.connect(self._crm_ids_loaded)
        self.loader.crmIdsFailed.connect(self._crm_ids_failed)

    def _built_views(self) -> tuple[JsonTreeView, FindingsView]:
        if self._views is not None:
            return self._views
        tree = JsonTreeView(self)
        view = FindingsView(self, crm_chooser=self._crm_chooser)
        self._results.addWidget(tree)
        self._results.addWidget(view)
        self._results.setSizes([560, 640])
        tree.statusMessage.connect(self.status.setText)
        view.pathActivated.connect(tree.select_path)
        view.clientChosen.connect(lambda client: self.set_context(self._module_id, client))
        view.crmFileChosen.connect(lambda path: self.loader.load_crm_ids(path, path.name))
        view.crmCleared.connect(self._forget_crm_ids)
        view.openLinkRequested.connect(self.openLinkRequested)
        view.compareRequested.connect(self.compareRequested)
        view.useMetadataRequested.connect(self.useMetadataRequested)
        text, loaded = self._crm_state
        if text:
            view.set_crm_state(text, loaded=loaded)
        self._views = tree, view
        return self._views

    # -- public API ---------------------------------------------------------------------

    @property
    def tree(self) -> JsonTreeView:
        return self._built_views()[0]

    @property
    def findings_view(self) -> FindingsView:
        return self._built_views()[1]

    @property
    def findings(self) -> Findings | None:
        return None if self._views is None else self._views[1].findings

    @property
    def module_id(self) -> str | None:
        return self._module_id

    @property
    def client_id(self) -> int | None:
        return self._client_id

    def set_context(self, module_id: str | None, client_id: int | None) -> None:
        """The module (and client) the window works on; the findings are worked out again."""
        self._module_id = module_id or None
        self._client_id = client_id
        self._context_changed()

    def offer_samples(self, offered: bool) -> None:
        """Show, on the empty page, a link that asks for the sample events."""
        self.empty_label.setText(f"<p>{EMPTY_TEXT}</p>{SAMPLES_LINK}" if offered else EMPTY_TEXT)

    def load_text(self, text: str, *, source: str = "pasted text") -> None:
        if len(text) <= SHOW_TEXT_LIMIT:
            self.input.set_text(text.removeprefix("\ufeff"))
            self.input.show_summary("")
            self.input_state = InputState.TEXT
        else:
            # Its size in bytes is worked out with the rest, off the UI thread.
            self._too_large = (
                f"The payload ({source}, {len(text):,} characters) is too large to show as "
                "text here without slowing the window; its tree is below."
            )
            self.input_state = InputState.TEXT_TOO_LARGE
        self.loader.load(text, source)

    def load_bytes(self, data: bytes, *, source: str = "the payload") -> None:
        self._load_binary(data, source)

    def load_file(self, path: str | Path) -> None:
        path = Path(path)
        self._load_binary(path, path.name)

    def load_crm_ids_text(self, text: str, *, source: str = "the given list") -> None:
        self.loader.load_crm_ids(text, source)

    def use_crm_ids(self, ids: frozenset[str], *, source: str) -> None:
        """CRM ids read already (a short list shipped with the app): in use at once."""
        self._crm_ids_loaded(ids, source)

    def show_comparison(self, live_external_id: str, live_metadata: Mapping[str, Any]) -> None:
        """Show how the link last sent with :attr:`compareRequested` differs from the live one."""
        link = self.findings_view.compared_link
        if link is not None:
            self.findings_view.show_comparison(link, live_external_id, live_metadata)

    def show_comparison_message(self, text: str) -> None:
        """Say why there is no live record to compare with (not found, no key, offline…)."""
        self.findings_view.show_comparison_message(text)

    # -- drag and drop ----------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if payload_from_mime(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        payload = payload_from_mime(event.mimeData())
        if payload is None:
            return
        event.acceptProposedAction()
        self._payload_given(payload, "dropped")

    # -- reacting ---------------------------------------------------------------------------

    def _payload_given(self, payload: Path | str, how: str) -> None:
        if isinstance(payload, Path):
            self.load_file(payload)
        else:
            self.load_text(payload, source=f"text {_ORIGINS.get(how, how)}")

    def _text_edited(self, text: str) -> None:
        self.input_state = InputState.TEXT
        if not text.strip():
            self._cleared()
            return
        self.loader.load(text, "the payload box")

    def _cleared(self) -> None:
        self.input_state = InputState.EMPTY
        self._progress.stop()
        self.loader.reset()
        self._clear_views()
        self.pages.setCurrentIndex(_EMPTY_PAGE)
        self.status.setText("")

    def _clear_views(self) -> None:
        if self._views is not None:
            tree, view = self._views
            tree.clear()
            view.clear()

    def _load_binary(self, source: PayloadSource, label: str) -> None:
        self.input_state = InputState.BYTES
        self.loader.load(source, label)

    def _started(self, _source: str) -> None:
        self._progress.start()

    def _show_progress(self) -> None:
        self._show_input_summary()
        if self.loader.reading is not None:
            self.status.setText(f"Reading {self.loader.reading}…")

    def _show_input_summary(self) -> None:
        if self.input_state is InputState.TEXT_TOO_LARGE:
            if not self.input.is_empty():
                self.input.set_text("")
            self.input.show_summary(self._too_large)
            self.input_state = InputState.SUMMARISED

    def _read(self, decoded: Decoded) -> None:
        """What comes with a payload's results, whether or not it could be read."""
        self._progress.stop()
        self._show_input_summary()
        self._show_decoded_text(decoded)

    def _decoded(self, decoded: Decoded) -> None:
        self._read(decoded)
        self.tree.set_document(decoded.document)
        if self.isVisible():
            after_first_paint(self.tree.view.viewport(), self.loader.results_painted)
        else:
            self.loader.results_painted()
        if decoded.analysis is None:
            # Findings of the previous payload must not stay beside this one's tree.
            self.findings_view.clear("Looking for client links…")
        else:
            self.findings_view.drop_comparison()  # of the previous payload's link
        self.pages.setCurrentIndex(_RESULTS_PAGE)
        self.status.setText(f"{decoded.source} · {data_size(decoded.size)}")

    def _failed(self, decoded: Decoded) -> None:
        self._read(decoded)
        error = decoded.error
        assert error is not None  # a failure always carries its error
        moved = False
        if self.input_state is InputState.TEXT and error.line is not None:
            moved = self.input.point_at(error.line, error.column)
        self._clear_views()
        self.error_box.show_error(error, cursor_moved=moved)
        self.pages.setCurrentIndex(_ERROR_PAGE)
        self.status.setText(f"{decoded.source} · {data_size(decoded.size)} · not readable")
        self.failed.emit(str(error))

    def _analysed(self, analysis: Analysis) -> None:
        findings = analysis.findings
        self.findings_view.show_findings(findings, analysis.client_names)
        if findings.match is not None:
            # Only when it is cheap: opening a path through thousands of rows stalls the view.
            self.tree.select_path(findings.match.path, budget=ROW_BUDGET)
        self.parsed.emit()

    def _show_decoded_text(self, decoded: Decoded) -> None:
        if self.input_state is not InputState.BYTES:
            return  # text given as text is already in the box, or summarised
        if decoded.text is not None:
            self.input.set_text(decoded.text)
            self.input.show_summary("")
            self.input_state = InputState.TEXT
        else:
            self.input.set_text("")
            self.input.show_summary(
                f"{data_size(decoded.size)} payload ({decoded.source}): not shown as text."
            )
            self.input_state = InputState.SUMMARISED

    def _crm_ids_loaded(self, ids: frozenset[str], source: str) -> None:
        self._crm_ids = ids
        self._set_crm_state(f"{len(ids):,} CRM ids from {source}.", loaded=True)
        self._context_changed()

    def _crm_ids_failed(self, reason: str) -> None:
        self._set_crm_state(f"CRM ids not loaded: {reason}", loaded=False)

    def _forget_crm_ids(self) -> None:
        self._crm_ids = None
        self._set_crm_state("", loaded=False)
        self._context_changed()

    def _set_crm_state(self, text: str, *, loaded: bool) -> None:
        self._crm_state = text, loaded
        if self._views is not None:
            self._views[1].set_crm_state(text, loaded=loaded)

    def context(self) -> AnalysisContext:
        """The module, client and CRM ids payloads are read for."""
        return AnalysisContext(self._module_id, self._client_id, self._crm_ids)

    def _context_changed(self) -> None:
        context = self.context()
        self.loader.set_context(context)
        self.contextChanged.emit(context)

"""Reading, decoding and analysing webhook payloads off the UI thread; the newest request wins.

Decoding a 5 MB event with every check, its nesting included, and analysing thousands of
links is a visible stall on the UI thread, so all of it runs in one trip to a worker
thread (:func:`~booxi_desktop.core.webhook.payload.decode_payload`), and the document and
its findings come back together, to be shown in one paint; a payload refused comes back
as a failure only, so nothing of it is ever shown. A payload given while another is still
being read makes the older one stale: its results are dropped when they arrive. Duplicate
keys and NaN/Infinity are looked for after the paint (a second parse, with hooks): found,
they join the findings.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from booxi_desktop.core.jsondoc.decode import decode_json
from booxi_desktop.core.jsondoc.notes import JsonNote, find_json_notes
from booxi_desktop.core.webhook.payload import (
    AnalysisContext,
    Decoded,
    Decoder,
    PayloadSource,
    analyse_in,
    decode_payload,
    read_crm_ids,
    reason,
)
from booxi_desktop.ui.tasks import BackgroundTasks

# The longest the search for duplicate keys waits for the view to say it painted the
# results (see results_painted): a hidden or minimised window never paints.
NOTES_WAIT_S = 1.0


class PayloadLoader(QObject):
    started = Signal(str)
    """A payload is being read; carries its source."""
    decoded = Signal(object)
    """A :class:`Decoded` holding the document."""
    failed = Signal(object)
    """A :class:`Decoded` holding the error."""
    analysed = Signal(object)
    """An :class:`Analysis` of the current document in the current context."""
    crmIdsLoaded = Signal(object, str)
    crmIdsFailed = Signal(str)

    def __init__(self, parent: QObject | None = None, *, decode: Decoder = decode_json) -> None:
        super().__init__(parent)
        self._decode = decode
        self._tasks = BackgroundTasks(self)
        self._payload_generation = 0
        self._analysis_generation = 0
        self._crm_generation = 0
        self._has_document = False
        self._document: Any = None
        self._notes: list[JsonNote] = []
        self._reading: str | None = None
        self._context = AnalysisContext()
        self._painted = asyncio.Event()

    @property
    def document(self) -> Any:
        return self._document

    @property
    def has_document(self) -> bool:
        return self._has_document

    @property
    def reading(self) -> str | None:
        """The source of the payload being read, if one is."""
        return self._reading

    @property
    def context(self) -> AnalysisContext:
        return self._context

    def results_painted(self) -> None:
        """The view has painted the newest document: the search for duplicate keys may start."""
        self._painted.set()

    @property
    def pending(self) -> int:
        """Tasks still running, stale ones included."""
        return self._tasks.pending

    def load(self, source: PayloadSource, label: str) -> None:
        self._payload_generation += 1
        self._analysis_generation += 1  # an analysis still running is of the old payload
        self._reading = label
        self.started.emit(label)
        # Handed to the worker now rather than from the task's first step: that step waits
        # for the repaint the new status text asks for.
        context = self._context
        work = asyncio.get_event_loop().run_in_executor(
            None, decode_payload, source, label, context, self._decode
        )
        self._tasks.start(self._load(self._payload_generation, work, context))

    def reset(self) -> None:
        """Forget the document; whatever is still being read or analysed becomes stale."""
        self._payload_generation += 1
        self._analysis_generation += 1
        self._reading = None
        self._has_document, self._document = False, None

    def set_context(self, context: AnalysisContext) -> None:
        """Analyse again in ``context``; a load under way picks it up by itself."""
        self._context = context
        if self._has_document and self._reading is None:
            self._analysis_generation += 1
            self._tasks.start(self._analyse(self._analysis_generation, self._document))

    def load_crm_ids(self, source: str | Path, label: str) -> None:
        self._crm_generation += 1
        self._tasks.start(self._load_crm_ids(self._crm_generation, source, label))

    async def _load(
        self, generation: int, work: asyncio.Future[Decoded], context: AnalysisContext
    ) -> None:
        decoded = await work
        if generation != self._payload_generation:
            return
        self._reading = None
        self._analysis_generation += 1
        if decoded.error is not None:
            self._has_document, self._document = False, None
            self.failed.emit(decoded)
            return
        self._has_document, self._document = True, decoded.document
        self._notes = []
        self._painted = painted = asyncio.Event()
        if context is not self._context:  # the module or client changed meanwhile
            decoded = replace(decoded, analysis=None)
        self.decoded.emit(decoded)
        if decoded.analysis is not None:
            self.analysed.emit(decoded.analysis)
        else:
            await self._analyse(self._analysis_generation, decoded.document)
        await self._find_notes(generation, decoded, painted)

    async def _find_notes(self, generation: int, decoded: Decoded, painted: asyncio.Event) -> None:
        if decoded.data is None:
            return
        # The results paint first: a worker running Python (the search calls a hook per
        # object) while the UI thread paints makes each step of the paint wait for the
        # interpreter lock, and the window stalls.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(painted.wait(), NOTES_WAIT_S)
        if generation != self._payload_generation:
            return
        notes = await asyncio.to_thread(find_json_notes, decoded.data)
        if notes and generation == self._payload_generation:
            self._notes = notes
            self._analysis_generation += 1
            await self._analyse(self._analysis_generation, decoded.document)

    async def _analyse(self, generation: int, document: Any) -> None:
        analysis = await asyncio.to_thread(analyse_in, document, self._context, self._notes)
        if generation == self._analysis_generation:
            self.analysed.emit(analysis)

    async def _load_crm_ids(self, generation: int, source: str | Path, label: str) -> None:
        try:
            ids = await asyncio.to_thread(read_crm_ids, source)
        except (OSError, ValueError) as exc:
            if generation == self._crm_generation:
                self.crmIdsFailed.emit(reason(exc, label))
            return
        if generation == self._crm_generation:
            self.crmIdsLoaded.emit(ids, label)

"""Reading, decoding and analysing webhook payloads off the UI thread; the newest request wins.

Decoding a 5 MB event takes ~20 ms and analysing thousands of links ~5 ms more: on the UI
thread that is a visible stall, so both run in one trip to a worker thread, and the
document and its findings come back together, to be shown in one paint. Its nesting is
checked right after that paint (:func:`~booxi_desktop.core.jsondoc.decode.parse_json` says
why); a payload nested too deep is then refused like any other unreadable one. A payload
given while another is still being read makes the older one stale: its results are
dropped when they arrive. Duplicate keys and NaN/Infinity are looked for in the same
step after the paint (a second parse, with hooks): found, they join the findings.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from booxi_desktop.core.jsondoc.decode import (
    MAX_PAYLOAD_BYTES,
    JsonInputError,
    check_nesting,
    parse_json,
)
from booxi_desktop.core.jsondoc.notes import JsonNote, find_json_notes
from booxi_desktop.core.text import megabytes, utf8_size
from booxi_desktop.core.webhook.analysis import ClientNames, Findings, analyse
from booxi_desktop.core.webhook.crm_ids import load_crm_ids
from booxi_desktop.ui.tasks import BackgroundTasks

# A QPlainTextEdit takes ~40 ms to take 1 MB of text and ~250 ms for 4.5 MB (measured):
# beyond this many characters the text is not shown, only the tree.
SHOW_TEXT_LIMIT = 512_000
MAX_CRM_BYTES = 50_000_000

Decoder = Callable[[bytes | str], Any]
PayloadSource = str | bytes | Path


@dataclass(frozen=True)
class AnalysisContext:
    module_id: str | None = None
    client_id: int | None = None
    crm_ids: frozenset[str] | None = None


@dataclass(frozen=True)
class Analysis:
    findings: Findings
    client_names: ClientNames
    """From ``eventContent.clients`` when it has the assumed shape, for the client picker."""


@dataclass(frozen=True)
class Decoded:
    source: str
    """Where the payload came from, in words: "the clipboard", "event.json"."""
    size: int
    """In bytes, as UTF-8."""
    text: str | None
    """The payload as text when it was given as bytes and is small enough to show."""
    document: Any = None
    error: JsonInputError | None = None
    analysis: Analysis | None = None
    """Of the document in the current context; ``None``: one is on its way."""
    parsed_from: bytes | str | None = None
    """What the document was parsed from, until its nesting is checked."""


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

    def __init__(self, parent: QObject | None = None, *, decode: Decoder = parse_json) -> None:
        super().__init__(parent)
        self._decode = decode
        self._tasks = BackgroundTasks(self)
        self._payload_generation = 0
        self._analysis_generation = 0
        self._crm_generation = 0
        self._has_document = False
        self._document: Any = None
        self._notes: list[JsonNote] = []
        self._loading = False
        self._context = AnalysisContext()

    @property
    def document(self) -> Any:
        return self._document

    @property
    def has_document(self) -> bool:
        return self._has_document

    @property
    def context(self) -> AnalysisContext:
        return self._context

    @property
    def pending(self) -> int:
        """Tasks still running, stale ones included."""
        return self._tasks.pending

    def load(self, source: PayloadSource, label: str) -> None:
        self._payload_generation += 1
        self._analysis_generation += 1  # an analysis still running is of the old payload
        self._loading = True
        self.started.emit(label)
        # Handed to the worker now rather than from the task's first step: that step waits
        # for the repaint the new status text asks for, ~4 ms of a 5 MB payload's 30.
        context = self._context
        work = asyncio.get_event_loop().run_in_executor(
            None, _decode, self._decode, source, label, context
        )
        self._tasks.start(self._load(self._payload_generation, work, context))

    def reset(self) -> None:
        """Forget the document; whatever is still being read or analysed becomes stale."""
        self._payload_generation += 1
        self._analysis_generation += 1
        self._loading = False
        self._has_document, self._document = False, None

    def set_context(self, context: AnalysisContext) -> None:
        """Analyse again in ``context``; a load under way picks it up by itself."""
        self._context = context
        if self._has_document and not self._loading:
            self._analysis_generation += 1
            self._tasks.start(self._analyse(self._analysis_generation, self._document))

    def load_crm_ids(self, source: str | Path, label: str) -> None:
        self._crm_generation += 1
        self._tasks.start(self._load_crm_ids(self._crm_generation, source, label))

    def cancel_all(self) -> None:
        """Stop waiting for every task; a thread already decoding finishes unobserved."""
        self._tasks.cancel_all()

    async def _load(
        self, generation: int, work: asyncio.Future[Decoded], context: AnalysisContext
    ) -> None:
        decoded = await work
        if generation != self._payload_generation:
            return
        self._loading = False
        self._analysis_generation += 1
        if decoded.error is not None:
            self._has_document, self._document = False, None
            self.failed.emit(decoded)
            return
        self._has_document, self._document = True, decoded.document
        self._notes = []
        if context is not self._context:  # the module or client changed meanwhile
            decoded = replace(decoded, analysis=None)
        self.decoded.emit(decoded)
        if decoded.analysis is not None:
            self.analysed.emit(decoded.analysis)
        else:
            await self._analyse(self._analysis_generation, decoded.document)
        await self._check_nesting(generation, decoded)

    async def _check_nesting(self, generation: int, decoded: Decoded) -> None:
        await asyncio.sleep(0)  # the results paint first
        error = await asyncio.to_thread(_nesting_error, decoded)
        if generation != self._payload_generation:
            return
        if error is None:
            await self._find_notes(generation, decoded)
            return
        self._analysis_generation += 1
        self._has_document, self._document = False, None
        self.failed.emit(
            replace(decoded, document=None, analysis=None, parsed_from=None, error=error)
        )

    async def _find_notes(self, generation: int, decoded: Decoded) -> None:
        if decoded.parsed_from is None:
            return
        notes = await asyncio.to_thread(find_json_notes, decoded.parsed_from)
        if notes and generation == self._payload_generation:
            self._notes = notes
            self._analysis_generation += 1
            await self._analyse(self._analysis_generation, decoded.document)

    async def _analyse(self, generation: int, document: Any) -> None:
        analysis = await asyncio.to_thread(_analyse, document, self._context, self._notes)
        if generation == self._analysis_generation:
            self.analysed.emit(analysis)

    async def _load_crm_ids(self, generation: int, source: str | Path, label: str) -> None:
        try:
            ids = await asyncio.to_thread(_read_crm_ids, source)
        except (OSError, ValueError) as exc:
            if generation == self._crm_generation:
                self.crmIdsFailed.emit(_reason(exc, label))
            return
        if generation == self._crm_generation:
            self.crmIdsLoaded.emit(ids, label)


def _decode(
    decode: Decoder, source: PayloadSource, label: str, context: AnalysisContext
) -> Decoded:
    # Only shown to the user (decode_json enforces the real limit): a large pasted text
    # with accents is counted in characters, a slight undercount, not encoded to count it.
    size = utf8_size(source, exact=len(source) <= SHOW_TEXT_LIMIT) if isinstance(source, str) else 0
    text: str | None = None
    try:
        data = _read_payload_file(source) if isinstance(source, Path) else source
        if isinstance(data, bytes):
            size = len(data)
            if size <= SHOW_TEXT_LIMIT:
                # Replacement characters show where undecodable bytes are; the decoder
                # itself still refuses them.
                text = data.decode("utf-8-sig", "replace")
        document = decode(data)
        analysis = _analyse(document, context)
        return Decoded(label, size, text, document, analysis=analysis, parsed_from=data)
    except JsonInputError as exc:
        # Text the error cannot point into (UTF-16, too large) is not worth showing.
        shown = text if exc.line is not None else None
        return Decoded(label, size, shown, error=exc)
    except MemoryError:
        error = JsonInputError(
            "There is not enough memory to read this payload.", heading="Payload too large"
        )
        return Decoded(label, size, None, error=error)
    except Exception as exc:
        # A fault in decoding or analysing must not leave the panel waiting forever.
        error = JsonInputError(
            f"{type(exc).__name__}: {exc}", heading="The payload could not be read"
        )
        return Decoded(label, size, None, error=error)


def _nesting_error(decoded: Decoded) -> JsonInputError | None:
    if decoded.parsed_from is None:
        return None
    try:
        check_nesting(decoded.document, decoded.parsed_from)
    except JsonInputError as exc:
        return exc
    return None


def _read_payload_file(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_PAYLOAD_BYTES:
            raise JsonInputError(
                "The file {} is {} MB, the limit is {} MB.".format(
                    path.name, *megabytes(size, MAX_PAYLOAD_BYTES)
                ),
                heading="Payload too large",
            )
        return path.read_bytes()
    except OSError as exc:
        raise JsonInputError(
            f"The file {_reason(exc, path.name)}", heading="Cannot open the file"
        ) from None


def _analyse(document: Any, context: AnalysisContext, notes: Sequence[JsonNote] = ()) -> Analysis:
    findings = analyse(document, context.module_id, context.client_id, context.crm_ids, notes)
    return Analysis(findings, ClientNames(findings.content_fields.get("clients")))


def _read_crm_ids(source: str | Path) -> frozenset[str]:
    if isinstance(source, Path):
        if source.stat().st_size > MAX_CRM_BYTES:
            raise ValueError(f"the file is larger than {MAX_CRM_BYTES // 10**6} MB")
        try:
            source = source.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            # Ids with accents would silently never match if decoded as another encoding.
            raise ValueError(
                'it is not UTF-8 text; save it as UTF-8 ("CSV UTF-8" in Excel) and try again'
            ) from None
    return load_crm_ids(source)


def _reason(exc: Exception, label: str) -> str:
    if isinstance(exc, FileNotFoundError):
        return f"{label} was not found."
    if isinstance(exc, PermissionError):
        return f"{label} cannot be read: permission denied."
    if isinstance(exc, IsADirectoryError):
        return f"{label} is a folder, not a file."
    if isinstance(exc, OSError):
        return f"{label} cannot be read: {exc.strerror or exc}."
    return f"{label} cannot be used: {exc}."

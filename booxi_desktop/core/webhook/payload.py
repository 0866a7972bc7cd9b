"""A webhook payload read, decoded and analysed in one go, with no Qt: for the panel's
worker thread and for the command line alike.

Every refusal is a :class:`~booxi_desktop.core.jsondoc.decode.JsonInputError` inside the
:class:`Decoded` result, never an exception: the caller is waiting for an answer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from booxi_desktop.core.jsondoc.decode import MAX_PAYLOAD_BYTES, JsonInputError, decode_json
from booxi_desktop.core.jsondoc.notes import JsonNote
from booxi_desktop.core.text import megabytes
from booxi_desktop.core.webhook.analysis import ClientNames, Findings, analyse
from booxi_desktop.core.webhook.crm_ids import load_crm_ids

# A text box takes long to take large texts: beyond this many characters the text is not
# shown, only the tree (bench_webhook_panel.py measures the paint it saves).
SHOW_TEXT_LIMIT = 512_000
# decode_json's own limit, checked on the file's size before reading it into memory.
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
    """Of the document in the given context; ``None``: one is on its way."""
    data: bytes | str | None = None
    """What the document was decoded from, for the later search for duplicate keys."""


def decode_payload(
    source: PayloadSource, label: str, context: AnalysisContext, decode: Decoder = decode_json
) -> Decoded:
    """``source`` read (a :class:`Path` is a file), decoded with every check, and analysed.

    A payload that ``decode`` refuses (nesting too deep among them) carries its error and
    no document: nothing of it is ever shown.
    """
    size = _utf8_size(source) if isinstance(source, str) else 0
    text: str | None = None
    try:
        data = read_payload_file(source) if isinstance(source, Path) else source
        if isinstance(data, bytes):
            size = len(data)
            if size <= SHOW_TEXT_LIMIT:
                # Replacement characters show where undecodable bytes are; the decoder
                # itself still refuses them.
                text = data.decode("utf-8-sig", "replace")
        document = decode(data)
        return Decoded(
            label, size, text, document, analysis=analyse_in(document, context), data=data
        )
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
        # A fault in decoding or analysing must not leave the caller waiting forever.
        error = JsonInputError(
            f"{type(exc).__name__}: {exc}", heading="The payload could not be read"
        )
        return Decoded(label, size, None, error=error)


def analyse_in(document: Any, context: AnalysisContext, notes: Sequence[JsonNote] = ()) -> Analysis:
    findings = analyse(document, context.module_id, context.client_id, context.crm_ids, notes)
    return Analysis(findings, ClientNames(findings.content_fields.get("clients")))


def read_payload_file(path: Path) -> bytes:
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
            f"The file {reason(exc, path.name)}", heading="Cannot open the file"
        ) from None


def read_crm_ids(source: str | Path) -> frozenset[str]:
    """Ids from a CRM export (a file, or its text); ``OSError`` or ``ValueError`` if unusable."""
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


def reason(exc: Exception, label: str) -> str:
    """Why ``label`` could not be used, as the end of a sentence."""
    if isinstance(exc, FileNotFoundError):
        return f"{label} was not found."
    if isinstance(exc, PermissionError):
        return f"{label} cannot be read: permission denied."
    if isinstance(exc, IsADirectoryError):
        return f"{label} is a folder, not a file."
    if isinstance(exc, OSError):
        return f"{label} cannot be read: {exc.strerror or exc}."
    return f"{label} cannot be used: {exc}."


def _utf8_size(text: str) -> int:
    # Only shown to the user (decode_json enforces the real limit): a large text with
    # accents is counted in characters, a slight undercount, rather than encoded to count.
    if text.isascii() or len(text) > SHOW_TEXT_LIMIT:
        return len(text)
    return len(text.encode("utf-8", "surrogatepass"))

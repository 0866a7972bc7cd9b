"""Key/value rows as spreadsheets put them on the clipboard: one row a line, cells split by TAB.

Spreadsheets quote a cell that holds a TAB, a line break or a quote (doubling the quotes
inside), so the text is read with the csv module. Text that is not valid quoting, such as an
unclosed quote typed in a text editor, is taken literally instead, so that a stray quote
never swallows the lines after it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def parse_pairs(text: str) -> list[tuple[str, str]]:
    """Rows of ``key<TAB>value``; a one-cell row is a key with an empty value.

    Blank rows are skipped. Cells are kept exactly (inner, leading and trailing spaces
    included) because validation, not the parser, decides what is acceptable. Cells after
    the second are joined back with TAB, so nothing pasted is dropped.
    """
    text = text.removeprefix("\ufeff")
    try:
        table = list(csv.reader(io.StringIO(text, newline=""), delimiter="\t", strict=True))
    except csv.Error:
        table = [line.split("\t") for line in _LINE_BREAK.split(text)]
    pairs: list[tuple[str, str]] = []
    for cells in table:
        while cells and cells[-1] == "":
            cells.pop()
        if cells:
            pairs.append((cells[0], "\t".join(cells[1:])))
    return pairs


def format_pairs(rows: Iterable[Sequence[str]]) -> str:
    """The clipboard text for ``rows``: what :func:`parse_pairs` reads back unchanged."""
    out = io.StringIO()
    minimal = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    # QUOTE_MINIMAL only looks for the line terminator's characters, so a lone CR would
    # end the row when read back: such rows are quoted whole.
    quoted = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_ALL)
    for key, value in rows:
        writer = quoted if "\r" in key or "\r" in value else minimal
        writer.writerow((key, value))
    return out.getvalue()

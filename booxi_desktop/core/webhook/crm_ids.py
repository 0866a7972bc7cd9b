"""Customer ids exported from a CRM, to tell returning customers from new ones.

Exports arrive as a bare list (one id per line) or as a spreadsheet saved as CSV, with
whatever delimiter the spreadsheet's locale chose, so both are accepted.
"""

from __future__ import annotations

import csv
import io

# Normalised header names, best first: the CRM's own id wins over a generic "id".
_ID_COLUMNS = ("externalid", "crmid", "customerid", "crmcustomerid", "id")
_DELIMITERS = ",;\t|"


def load_crm_ids(text: str) -> frozenset[str]:
    """Ids from one-per-line text or a CSV with a header row; blanks are skipped.

    Raises ValueError for text that is no such list (a minified JSON file, say).
    """
    text = text.removeprefix("\ufeff")
    first, _, rest = text.partition("\n")
    hint = first.strip()
    if hint.lower().startswith("sep=") and len(hint) == 5:
        # Excel's "sep=;" line names the delimiter and carries no data.
        delimiter, text = hint[4], rest
    else:
        delimiter = _guess_delimiter(text)
    try:
        rows = [
            row
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
            if any(cell.strip() for cell in row)
        ]
    except csv.Error as exc:
        raise ValueError(f"it is not a list of ids or a CSV file ({exc})") from None
    if not rows:
        return frozenset()
    column = _id_column(rows[0])
    if column is not None or len(rows[0]) > 1:
        rows = rows[1:]
    index = column or 0
    return frozenset(value for row in rows if len(row) > index and (value := row[index].strip()))


def _guess_delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _id_column(header: list[str]) -> int | None:
    names = ["".join(c for c in cell.lower() if c.isalnum()) for cell in header]
    for wanted in _ID_COLUMNS:
        if wanted in names:
            return names.index(wanted)
    return None

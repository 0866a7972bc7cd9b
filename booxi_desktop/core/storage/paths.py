"""Where the app keeps its files on this machine.

Each function reads the environment when called (not at import), so tests and the
command line can point the app elsewhere with ``XDG_DATA_HOME`` and friends.
"""

from __future__ import annotations

import re
from pathlib import Path

import platformdirs

from booxi_desktop import APP_NAME


def data_dir() -> Path:
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def backups_dir() -> Path:
    """Copies of the server's links taken before every save."""
    return data_dir() / "backups"


def drafts_dir() -> Path:
    """Unsaved edits, so that a crash or a closed window loses nothing typed."""
    return data_dir() / "drafts"


# Names Windows reserves whatever the extension; a folder named "con" cannot exist there.
_RESERVED = {"con", "prn", "aux", "nul"} | {f"{p}{n}" for p in ("com", "lpt") for n in range(10)}
_PLAIN = re.compile(r"[a-z0-9_]{1,64}")
_SLUG_DROP = re.compile(r"[^a-z0-9_]+")


def safe_segment(text: str) -> str:
    """A file or folder name for an id that may be hostile (``../x``, ``a/b``, ``con``).

    Plain lower-case ids are kept as they are, so the folders stay readable. Anything
    else becomes a readable slug plus a hash of the exact id; the hyphen before the
    hash never appears in a plain name, so two different ids never share a folder,
    even on case-insensitive filesystems. The exact id is always stored inside the file.
    """
    if _PLAIN.fullmatch(text) and text not in _RESERVED:
        return text
    import hashlib  # here: start-up reads the settings path, and hashlib loads OpenSSL

    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    slug = _SLUG_DROP.sub("_", text.lower()).strip("_")[:40] or "id"
    return f"{slug}-{digest}"

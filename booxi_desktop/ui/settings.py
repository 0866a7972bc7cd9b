"""Remembered choices between runs: recent module ids and the last region. Never a key.

The settings file is untrusted like every other local file: Qt reads it whole and
blocks on a FIFO, so it is checked before Qt opens it (``open_settings``), and every
value read back is cleaned before the window uses it.
"""

from __future__ import annotations

import os
import stat
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QStandardPaths

from booxi_desktop import APP_NAME
from booxi_desktop.core.regions import REGIONS, SANDBOX_CODE

if TYPE_CHECKING:
    from datetime import datetime

MAX_RECENT = 10
DEFAULT_MODULES = ("cegid_y2",)
# The client refuses longer module ids (api_client.MAX_MODULE_ID_LENGTH), so a longer
# one was never remembered by this app.
MAX_MODULE_CHARS = 200
# This app writes a few hundred bytes; a file past this cap is not ours.
MAX_SETTINGS_BYTES = 64 * 1024
KNOWN_REGIONS = frozenset({*REGIONS, SANDBOX_CODE})
Clock = Callable[[], "datetime"]


def _clean_text(value: object, limit: int) -> str | None:
    if not isinstance(value, str) or not value or len(value) > limit:
        return None
    # Category C: control, format (bidi overrides, zero-width), surrogates, private use.
    if any(unicodedata.category(ch).startswith("C") for ch in value):
        return None
    return value


class AppSettings:
    def __init__(self, store: QSettings | SessionStore | None = None) -> None:
        self._store = store if store is not None else QSettings()

    @property
    def file_name(self) -> str:
        return self._store.fileName()

    def recent_modules(self) -> list[str]:
        raw = self._store.value("load/recentModules", [])
        # An INI file gives back a one-item list as a plain string.
        items = [raw] if isinstance(raw, str) else list(raw) if isinstance(raw, list) else []
        recent: list[str] = []
        for item in items[: MAX_RECENT * 4]:
            module_id = _clean_text(item, MAX_MODULE_CHARS)
            if module_id is not None and module_id not in recent:
                recent.append(module_id)
        recent = recent[:MAX_RECENT]
        return recent + [m for m in DEFAULT_MODULES if m not in recent]

    def remember_module(self, module_id: str) -> None:
        """Called after a successful load, so the id has already passed the client's checks."""
        recent = [module_id] + [m for m in self.recent_modules() if m != module_id]
        self._store.setValue("load/recentModules", recent[:MAX_RECENT])

    def last_region(self) -> str:
        code = self._store.value("region/last", "")
        return code if isinstance(code, str) and code in KNOWN_REGIONS else ""

    def set_last_region(self, code: str) -> None:
        self._store.setValue("region/last", code)

    def sync(self) -> None:
        self._store.sync()


@dataclass(frozen=True)
class SettingsAside:
    """A settings file that was not opened, why, and where it was moved (``None``: it stays)."""

    path: Path
    reason: str
    moved_to: Path | None

    @property
    def text(self) -> str:
        if self.moved_to is None:
            return (
                f"The settings file {self.path} was not opened: {self.reason}, and it could "
                "not be moved aside. Choices made now are kept for this session only."
            )
        return (
            f"The settings file was not opened: {self.reason}. It is kept as {self.moved_to}; "
            "the app starts with fresh settings."
        )


def settings_path() -> Path:
    """``<config>/booxi-desktop/booxi-desktop.conf``, where Qt keeps an app's own settings on
    Linux (``$XDG_CONFIG_HOME``, read when called). Asked of Qt: platformdirs, which knows the
    app's other folders, is slow to import and these settings are read before the first paint.
    """
    config = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
    return Path(config) / APP_NAME / f"{APP_NAME}.conf"


def settings_file_problem(path: Path) -> str | None:
    """Why Qt must not open ``path`` (a link, not a regular file, too large, not text)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"it cannot be checked ({exc.strerror or type(exc).__name__})"
    if stat.S_ISLNK(st.st_mode):
        return "it is a symbolic link"
    if not stat.S_ISREG(st.st_mode):
        return "it is not a regular file"
    if st.st_size > MAX_SETTINGS_BYTES:
        return f"it is larger than {MAX_SETTINGS_BYTES // 1024} KB"
    from booxi_desktop.core.storage.atomic import read_bytes

    try:
        raw = read_bytes(path, MAX_SETTINGS_BYTES)
    except PermissionError:
        return None  # Qt reads nothing from it either; the folder may still take a new one
    except (OSError, ValueError) as exc:
        return f"it cannot be read ({exc})"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return "it is not text"
    if b"\x00" in raw:
        return "it is not text"
    return None


def _utc_now() -> datetime:
    from datetime import UTC, datetime  # only for a file moved aside: not before the first paint

    return datetime.now(UTC)


def move_aside(path: Path, reason: str, clock: Clock) -> SettingsAside:
    stamp = time.strftime("%Y%m%dT%H%M%SZ", clock().utctimetuple())
    target = path.with_name(f"{path.name}.unreadable-{stamp}")
    n = 1
    while os.path.lexists(target) and n < 100:
        n += 1
        target = path.with_name(f"{path.name}.unreadable-{stamp}-{n}")
    try:
        # A rename moves a link, FIFO or folder itself, never what it points to.
        os.rename(path, target)
    except OSError:
        return SettingsAside(path, reason, None)
    return SettingsAside(path, reason, target)


def open_settings(
    path: Path, *, clock: Clock = _utc_now
) -> tuple[AppSettings, SettingsAside | None]:
    """Settings stored in ``path`` (INI), after checking it; an unfit file is moved aside."""
    path = Path(path)
    aside = None
    reason = settings_file_problem(path)
    if reason is not None:
        aside = move_aside(path, reason, clock)
    if aside is not None and aside.moved_to is None:
        # Qt must not touch the file that stayed: keep this run's choices in memory.
        return AppSettings(SessionStore()), aside
    store = QSettings(str(path), QSettings.Format.IniFormat)
    if store.status() == QSettings.Status.FormatError:
        del store
        aside = move_aside(path, "it could not be parsed", clock)
        if aside.moved_to is None:
            return AppSettings(SessionStore()), aside
        store = QSettings(str(path), QSettings.Format.IniFormat)
    return AppSettings(store), aside


class SessionStore:
    """The few ``QSettings`` calls ``AppSettings`` makes, kept in memory for this run."""

    def __init__(self) -> None:
        self._values: dict[str, object] = {}

    def value(self, key: str, default: object = None) -> object:
        return self._values.get(key, default)

    def setValue(self, key: str, value: object) -> None:
        self._values[key] = value

    def sync(self) -> None:
        pass

    def fileName(self) -> str:
        return ""

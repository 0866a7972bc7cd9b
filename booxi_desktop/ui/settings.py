"""Remembered choices between runs: recent module ids and the last region. Never a key."""

from __future__ import annotations

from PySide6.QtCore import QSettings

MAX_RECENT = 10
DEFAULT_MODULES = ("cegid_y2",)


class AppSettings:
    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store if store is not None else QSettings()

    def recent_modules(self) -> list[str]:
        raw = self._store.value("load/recentModules", [])
        # An INI file gives back a one-item list as a plain string.
        items = [raw] if isinstance(raw, str) else list(raw) if isinstance(raw, list) else []
        recent = [str(x) for x in items if isinstance(x, str) and x]
        return recent + [m for m in DEFAULT_MODULES if m not in recent]

    def remember_module(self, module_id: str) -> None:
        """Called after a successful load, so the id has already passed the client's checks."""
        recent = [module_id] + [m for m in self.recent_modules() if m != module_id]
        self._store.setValue("load/recentModules", recent[:MAX_RECENT])

    def last_region(self) -> str:
        return str(self._store.value("region/last", "") or "")

    def set_last_region(self, code: str) -> None:
        self._store.setValue("region/last", code)

    def sync(self) -> None:
        self._store.sync()

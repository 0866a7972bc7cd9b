"""The sandbox's data: clients and their module links, optionally kept in a JSON file."""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable, Collection
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from booxi_desktop.core.storage.atomic import write_atomic
from booxi_desktop.sandbox import seed
from booxi_desktop.sandbox.records import Client, Link, RecordError

log = logging.getLogger(__name__)

STATE_FORMAT = "booxi-sandbox-state"
STATE_VERSION = 1
# Booxi's client search has no paging: it answers with the first matches only. Its real
# count is not published; this one is small enough for tests to reach.
SEARCH_LIMIT = 20


class UnknownClientError(LookupError):
    pass


class ExternalIdConflictError(ValueError):
    """Another client of the same module already has this externalId."""

    def __init__(self, module_id: str, external_id: str, other_client_id: int) -> None:
        super().__init__(
            f"externalId {external_id!r} is already used by client {other_client_id} "
            f"in module {module_id!r}"
        )
        self.other_client_id = other_client_id


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Store:
    """Thread-safe clients and links; every change is written to ``state_file`` before returning."""

    def __init__(
        self,
        state_file: str | os.PathLike[str] | None = None,
        *,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self._lock = threading.RLock()
        self._clock = clock
        self.state_file = Path(state_file) if state_file is not None else None
        self.load_warning: str | None = None
        self.search_limit = SEARCH_LIMIT
        self._clients: dict[int, Client] = {}
        self._links: dict[tuple[int, str], Link] = {}
        if self.state_file is not None and self.state_file.is_dir():
            raise IsADirectoryError(f"the sandbox state file {self.state_file} is a directory")
        if self.state_file is not None and self.state_file.exists():
            try:
                self._load(self.state_file)
                return
            except (OSError, ValueError, RecursionError) as exc:
                self.load_warning = self._set_aside(self.state_file, exc)
                log.warning("%s", self.load_warning)
        self._reset_to_seed()

    # -- reading ---------------------------------------------------------------------------

    def client(self, client_id: int) -> Client | None:
        with self._lock:
            return self._clients.get(client_id)

    def link(self, client_id: int, module_id: str) -> Link | None:
        with self._lock:
            return self._links.get((client_id, module_id))

    def clients(self) -> list[Client]:
        with self._lock:
            return list(self._clients.values())

    def links_of(self, client_id: int, modules: Collection[str] | None = None) -> list[Link]:
        with self._lock:
            return [
                link
                for (cid, mid), link in self._links.items()
                if cid == client_id and (modules is None or mid in modules)
            ]

    def find(
        self, module_id: str | None, external_id: str | None, modules: Collection[str]
    ) -> tuple[list[Client], list[Link]]:
        """Clients (and their links in ``modules``) matching a module and an externalId.

        Cut to the first :attr:`search_limit` clients, as Booxi's search is.
        """
        with self._lock:
            if module_id is None:
                found = list(self._clients.values())
            else:
                ids = [
                    link.client_id
                    for (_, mid), link in self._links.items()
                    if mid == module_id and (external_id is None or link.external_id == external_id)
                ]
                found = [self._clients[cid] for cid in dict.fromkeys(ids) if cid in self._clients]
            found = found[: max(0, self.search_limit)]
            shown = {module_id} if module_id is not None else set(modules)
            links = [
                link
                for client in found
                for link in self.links_of(client.id)
                if link.module_id in shown
            ]
            return found, links

    # -- changing --------------------------------------------------------------------------

    def put_link(
        self, client_id: int, module_id: str, external_id: str, metadata: dict[str, str]
    ) -> Link:
        """Overwrite (or create) a link as the API's PUT does; keeps createdOn."""
        with self._lock:
            if client_id not in self._clients:
                raise UnknownClientError(client_id)
            if external_id:
                for (cid, mid), other in self._links.items():
                    if mid == module_id and cid != client_id and other.external_id == external_id:
                        raise ExternalIdConflictError(module_id, external_id, cid)
            now = self._clock().astimezone(UTC).replace(microsecond=0)
            old = self._links.get((client_id, module_id))
            if old is None:
                link = Link(client_id, module_id, external_id, dict(metadata), now, now)
            else:
                # Booxi's dates have whole seconds; two changes within one second must still
                # be told apart by modifiedOn, or conflict checks in clients would miss one.
                modified = max(now, old.modified_on + timedelta(seconds=1))
                link = replace(
                    old,
                    external_id=external_id,
                    metadata=dict(metadata),
                    modified_on=modified,
                    date_text={k: v for k, v in old.date_text.items() if k != "modifiedOn"},
                )
            links = {**self._links, (client_id, module_id): link}
            # Written before it is applied: if the file cannot be written, memory and file
            # still agree and the caller sees the error.
            self._save(links)
            self._links = links
            return link

    def set_date_text(self, client_id: int, module_id: str, date_text: dict[str, str]) -> Link:
        """Serve these dates of a link as this exact text (``createdOn``/``modifiedOn``)."""
        with self._lock:
            old = self._links[(client_id, module_id)]
            link = replace(old, date_text={**old.date_text, **date_text})
            links = {**self._links, (client_id, module_id): link}
            self._save(links)
            self._links = links
            return link

    # -- persistence -----------------------------------------------------------------------

    def to_json(self, links: dict[tuple[int, str], Link] | None = None) -> dict[str, Any]:
        with self._lock:
            return {
                "format": STATE_FORMAT,
                "version": STATE_VERSION,
                "clients": [c.to_json() for c in self._clients.values()],
                "links": [
                    link.to_json() for link in (self._links if links is None else links).values()
                ],
            }

    def _reset_to_seed(self) -> None:
        self._clients = {c.id: c for c in seed.demo_clients()}
        self._links = {(ln.client_id, ln.module_id): ln for ln in seed.demo_links()}

    def _load(self, path: Path) -> None:
        doc = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(doc, dict) or doc.get("format") != STATE_FORMAT:
            raise RecordError("not a sandbox state file")
        if doc.get("version") != STATE_VERSION:
            raise RecordError(f"unsupported state file version {doc.get('version')!r}")
        clients = _list(doc, "clients", Client.from_json)
        links = _list(doc, "links", Link.from_json)
        self._clients = {c.id: c for c in clients}
        self._links = {(ln.client_id, ln.module_id): ln for ln in links}
        unknown = [ln.client_id for ln in links if ln.client_id not in self._clients]
        if unknown:
            raise RecordError(f"links refer to unknown clients {sorted(set(unknown))}")

    @staticmethod
    def _set_aside(path: Path, exc: Exception) -> str:
        # Keep the unreadable file for inspection instead of overwriting it at the first change.
        aside = path.with_name(path.name + ".corrupt")
        try:
            os.replace(path, aside)
        except OSError:
            return f"sandbox state file {path} is unreadable ({exc}); starting with demo data"
        return (
            f"sandbox state file {path} is unreadable ({exc}); it was moved to {aside} "
            "and the sandbox starts with demo data"
        )

    def _save(self, links: dict[tuple[int, str], Link]) -> None:
        if self.state_file is not None:
            text = json.dumps(self.to_json(links), ensure_ascii=False, indent=2) + "\n"
            write_atomic(self.state_file, text.encode("utf-8"))


def _list(doc: dict[str, Any], key: str, parse: Callable[[object], Any]) -> list[Any]:
    items = doc.get(key)
    if not isinstance(items, list):
        raise RecordError(f"{key} must be a list")
    return [parse(item) for item in items]

"""The window's connection to Booxi: regions, their keys, one API client each, running tasks.

Qt-side but widget-free. The keychain, the HTTP stack and asyncio are loaded after the
window paints: :meth:`Session.prepare` opens the keychain and imports the HTTP client in
worker threads, and the first request waits for them without blocking the UI thread.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
from collections.abc import Callable, Coroutine, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from booxi_desktop.core.regions import Region

if TYPE_CHECKING:
    import asyncio
    from concurrent.futures import Future

    from booxi_desktop.core.remote.client import BooxiClient
    from booxi_desktop.core.remote.keychain import PartnerKeyStore
    from booxi_desktop.ui.tasks import BackgroundTasks


def _default_key_store() -> PartnerKeyStore:
    from booxi_desktop.core.remote.keychain import PartnerKeyStore

    return PartnerKeyStore()


def _prepare_http(modules: Sequence[str], tls: bool) -> None:
    from booxi_desktop.core.remote.client import warm_up

    warm_up(tls=tls)
    for name in modules:
        importlib.import_module(name)
    # What start-up made lives as long as the app. Moved out of the collector's generations,
    # a full collection then walks only what came later, not every module and Qt wrapper:
    # while it runs, every thread waits, the window included.
    gc.freeze()


class Session(QObject):
    """Holds per-region clients and keeps strong references to every task it starts.

    qasync's ``@asyncSlot`` keeps none, so a task started from a slot could be collected
    mid-flight; every coroutine of the window goes through :meth:`start` instead.
    """

    busyChanged = Signal(bool)
    keyChanged = Signal(str)
    cancelled = Signal(str)
    """A foreground task was cancelled; carries the label it was started with."""
    keychainOpened = Signal()
    """The keychain answered (opened in the background by :meth:`prepare`)."""
    warmedUp = Signal()
    """The warm-up of :meth:`prepare` is over: the HTTP client and the modules given are
    imported, or failed to be (emitted from the warm-up thread: a slot of an object of the
    UI thread runs there, queued)."""
    _keychainRead = Signal()

    def __init__(
        self,
        regions: Sequence[Region],
        key_store: Callable[[], PartnerKeyStore] = _default_key_store,
        *,
        timeout: float = 20.0,
        connect_timeout: float = 5.0,
        session_keys: Mapping[str, str] | None = None,
        keychain_on_demand: bool = False,
        parent: QObject | None = None,
    ) -> None:
        """``keychain_on_demand``: :meth:`prepare` leaves the keychain closed; it is opened
        (in a worker thread) when a region without a key for this session is switched to or
        used, or the key dialog opens. For demo mode, whose sandbox key is for this session
        and whose runs mostly never need the keychain."""
        super().__init__(parent)
        self.regions = {r.code: r for r in regions}
        self._open_key_store = key_store
        # Keys for this run only (the sandbox's demo key): put in memory, never stored.
        self._session_keys = dict(session_keys or {})
        self._keychain_on_demand = keychain_on_demand
        self._timeout = timeout
        self._connect_timeout = connect_timeout
        self._clients: dict[str, BooxiClient] = {}
        self._background: BackgroundTasks | None = None
        self._foreground: asyncio.Task[Any] | None = None
        self._labels: dict[asyncio.Task[Any], str] = {}
        self._store: PartnerKeyStore | None = None
        self._store_opening: Future[PartnerKeyStore] | None = None
        self._http_preparing: Future[None] | None = None
        self._tls_preparing: Future[Any] | None = None
        # Emitted in the keychain's thread: the store is adopted here, in a turn of its own.
        self._keychainRead.connect(self._adopt_store)

    # start-up ---------------------------------------------------------------------------

    def prepare(self, modules: Sequence[str] = (), *, region: str | None = None) -> None:
        """Open the keychain (unless ``keychain_on_demand``) and load the HTTP client (then
        ``modules``) in worker threads, with the TLS set-up if ``region`` (the one shown) is
        reached over HTTPS.

        Called once the window has painted. The first request awaits both (see
        :meth:`ready_client`); the key label waits for :attr:`keychainOpened`.
        """
        from booxi_desktop.ui.background import warm_up

        if not self._keychain_on_demand:
            self.open_keychain()
        if self._http_preparing is None:
            tls = region is not None and self.regions[region].over_tls
            self._http_preparing = warm_up(lambda: _prepare_http(modules, tls))
            self._http_preparing.add_done_callback(lambda _done: self.warmedUp.emit())
            if tls:
                self._tls_preparing = self._http_preparing

    @property
    def warming_up(self) -> bool:
        """The warm-up started by :meth:`prepare` still imports (:attr:`warmedUp` follows)."""
        return self._http_preparing is not None and not self._http_preparing.done()

    def open_keychain(self) -> None:
        """Open the keychain in a worker thread, unless it is open or opening already."""
        if self._store is not None or self._store_opening is not None:
            return
        from booxi_desktop.ui.background import in_thread

        regions = list(self.regions)

        def open_store() -> PartnerKeyStore:
            store = self._open_key_store()
            store.preload(regions)  # the keychain's round trips, here and not later
            return store

        self._store_opening = in_thread(
            open_store, "keychain", then=lambda _done: self._keychainRead.emit()
        )

    @property
    def keychain_deferred(self) -> bool:
        """Opened on demand and not asked for yet (see ``keychain_on_demand``)."""
        return self._keychain_on_demand and self._store is None and self._store_opening is None

    def session_key_only(self, code: str) -> bool:
        """The region's key is for this session and the keychain has not been opened."""
        return self._store is None and code in self._session_keys

    def prepare_region(self, code: str) -> None:
        """Start in the background what ``code``'s first request needs and the others'
        may not have: the TLS set-up, when it is reached over HTTPS (the sandbox is not),
        and the keychain, when it is opened on demand and the region's key may be there."""
        if self.keychain_deferred and not self.session_key_only(code):
            self.open_keychain()
        if self._tls_preparing is None and self.regions[code].over_tls:
            from booxi_desktop.core.remote.client import prepare_tls
            from booxi_desktop.ui.background import in_thread

            self._tls_preparing = in_thread(prepare_tls, "tls")

    @property
    def keychain_checking(self) -> bool:
        """The keychain is being opened in the background and has not answered yet."""
        if self._store is None and self._store_opening is not None:
            if not self._store_opening.done():
                return True
            self._adopt_store()
        return False

    async def ready_client(self, code: str) -> BooxiClient:
        """The region's client, once the keychain and the HTTP stack are ready.

        Awaited rather than built at once: importing httpx on this thread while the
        warm-up thread imports it would wait on the import lock.
        """
        import asyncio

        if self._http_preparing is not None:
            self.prepare_region(code)
        waits = [self._http_preparing, self._tls_preparing, self._store_opening]
        for pending in waits:
            if pending is not None and not pending.done():
                # A failed warm-up is not this request's failure: it tries for itself below.
                with contextlib.suppress(Exception):
                    # Shielded: a cancelled load must not cancel the warm-up others await.
                    await asyncio.shield(asyncio.wrap_future(pending))
        return self.client(code)

    # keys -------------------------------------------------------------------------------

    @property
    def key_store(self) -> PartnerKeyStore:
        """The keychain; opened here on first use when :meth:`prepare` was not called."""
        if self._store is None:
            if self._store_opening is not None:
                # Asked before the background open answered: rare, and it must not open twice.
                from concurrent.futures import wait

                wait([self._store_opening])
                self._adopt_store()
            else:
                self._set_store(self._open_key_store())
        assert self._store is not None
        return self._store

    def _adopt_store(self) -> None:
        if self._store is not None or self._store_opening is None:
            return
        if not self._store_opening.done():
            return
        try:
            store = self._store_opening.result()
        except Exception:
            # The keychain could not even be opened: keys for this session only.
            from booxi_desktop.core.remote.keychain import session_only_store

            store = session_only_store()
        self._set_store(store)
        self.keychainOpened.emit()

    def _set_store(self, store: PartnerKeyStore) -> None:
        for code, key in self._session_keys.items():
            store.set(code, key, session_only=True)
        self._store = store

    def add_region(self, region: Region, session_key: str = "") -> None:
        """A region found after start-up (the demo sandbox); its key, if given, is for this run."""
        self.regions[region.code] = region
        if session_key:
            if self._store is None:  # not opened yet: set when it is
                self._session_keys[region.code] = session_key
            else:
                self._store.set(region.code, session_key, session_only=True)

    def set_key(self, code: str, key: str, *, session_only: bool = False) -> None:
        self.key_store.set(code, key, session_only=session_only)
        self._key_updated(code)

    def forget_key(self, code: str) -> None:
        self.key_store.forget(code)
        self._key_updated(code)

    def has_key(self, code: str) -> bool:
        if self.session_key_only(code):
            return True
        if self.keychain_deferred:
            return False  # not known yet; not read on this thread
        return bool(self.key_store.get(code))

    def _key_updated(self, code: str) -> None:
        client = self._clients.get(code)
        if client is not None:
            client.set_key(self.key_store.get(code) or "")
        self.keyChanged.emit(code)

    # clients ----------------------------------------------------------------------------

    def client(self, code: str) -> BooxiClient:
        """The region's API client, built on first use and reused (TLS setup is costly)."""
        client = self._clients.get(code)
        if client is None:
            from booxi_desktop.core.remote.client import BooxiClient

            key = (
                self._session_keys[code]
                if self.session_key_only(code)
                else self.key_store.get(code) or ""
            )
            client = BooxiClient(
                self.regions[code],
                key,
                timeout=self._timeout,
                connect_timeout=self._connect_timeout,
            )
            self._clients[code] = client
        return client

    # tasks ------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._foreground is not None

    def start(self, coro: Coroutine[Any, Any, Any], label: str = "") -> asyncio.Task[Any]:
        """Run ``coro`` on the qasync loop; with a ``label`` it is the task Cancel stops.

        Cancellation is reported through :attr:`cancelled` rather than inside the
        coroutine, because a task cancelled before its first step never runs its body.
        """
        if self._background is None:
            # Here, not at the top: the window paints before asyncio loads.
            from booxi_desktop.ui.tasks import BackgroundTasks

            self._background = BackgroundTasks(self)
        task = self._background.start(coro)
        if label:
            self._foreground = task
            self._labels[task] = label
            task.add_done_callback(self._foreground_done)
            self.busyChanged.emit(True)
        return task

    def cancel(self) -> bool:
        task = self._foreground
        return task.cancel() if task is not None else False

    def _foreground_done(self, task: asyncio.Task[Any]) -> None:
        label = self._labels.pop(task, "")
        if task is self._foreground:
            self._foreground = None
            self.busyChanged.emit(False)
        if task.cancelled() and label:
            self.cancelled.emit(label)

    async def aclose(self) -> None:
        """Cancel what runs and close every HTTP client (called when the app quits)."""
        if self._background is not None:
            await self._background.cancel_and_wait()
        clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            await client.aclose()

"""Entry point of the ``booxi-desktop`` window."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from booxi_desktop import APP_ID

if TYPE_CHECKING:
    from collections.abc import Callable
    from concurrent.futures import Future
    from typing import Any

    from PySide6.QtGui import QImage

    from booxi_desktop.sandbox.server import SandboxServer
    from booxi_desktop.ui.main_window import MainWindow

APP_NAME = "booxi-desktop"
# Python's default is 5 ms: a UI thread waiting that long for each turn, beside a thread
# that imports, stalls beyond what a user notices.
WARM_UP_SWITCH_INTERVAL_S = 0.001
STARTING_INTRO = "<h3>Demo mode</h3><p>Starting the local sandbox…</p>"
DEMO_INTRO = (
    "<h3>Demo mode</h3>"
    "<p>A local sandbox with sample clients runs on this computer, and its demo key is set"
    " for this session only. Nothing is sent to Booxi.</p>"
    "<p>Client {client} and module <b>{module}</b> are filled in: press <b>Load</b>.</p>"
    "<p>The webhook half: <b>Demo → Simulate a booking</b> makes the sandbox deliver a booking"
    " event, as Booxi would, to this window's receiver; it appears in the"
    " <b>Webhook inspector</b> tab.</p>"
)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    from booxi_desktop import __version__

    parser = argparse.ArgumentParser(
        prog=APP_NAME, description="Inspect and fix Booxi client module links."
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="start a local sandbox with demo data and its demo key (nothing leaves this machine)",
    )
    parser.add_argument(
        "--base-url",
        metavar="URL",
        help="use a Booxi-compatible server on this machine (loopback only), e.g. a sandbox",
    )
    parser.add_argument("--region", choices=("na", "eu"), help="region selected at start")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="open the window, load the demo link from the built-in sandbox, check it, then exit"
        " (0 when it works; settings and data go to a temporary folder)",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser.parse_args(argv)


def build_window(args: argparse.Namespace) -> MainWindow:
    from booxi_desktop.core.regions import REGIONS, sandbox_region
    from booxi_desktop.ui.main_window import MainWindow
    from booxi_desktop.ui.notices import Notice
    from booxi_desktop.ui.session import Session
    from booxi_desktop.ui.settings import open_settings, settings_path

    regions = list(REGIONS.values())
    start = args.region
    if args.base_url:
        local = sandbox_region(args.base_url)
        regions.append(local)
        start = start or local.code
    intro = STARTING_INTRO if args.demo else ""
    # Checked before Qt reads it: a FIFO or a huge file there would hang or bloat start-up.
    settings, aside = open_settings(settings_path())
    # The demo's sandbox key is for this session: most demo runs never need the keychain.
    session = Session(regions, keychain_on_demand=args.demo or args.self_test)
    window = MainWindow(session, settings, region=start, intro=intro)
    if aside is not None:
        window.show_notice(Notice(aside.text, error=False))
    return window


def use_sandbox(window: MainWindow, sandbox: SandboxServer) -> None:
    """Select the running sandbox with its demo key (this run only) and its demo ids."""
    from booxi_desktop.core.regions import sandbox_region

    start_notice = window.banner.notice  # e.g. the settings file moved aside: still to be seen
    window.add_region(sandbox_region(sandbox.base_url), session_key=sandbox.demo_key, select=True)
    if start_notice is not None:
        window.show_notice(start_notice)
    window.load_bar.set_ids(sandbox.demo_client_id, sandbox.demo_module_id)
    window.webhooks.set_demo(True)
    receive = _demo_receiver(window, sandbox)

    def simulate(*, group: bool, duplicate: bool, problem: str | None) -> Future[Any]:
        receive()
        return sandbox.start_simulation(group=group, duplicate=duplicate, problem=problem)

    window.enable_simulation(simulate)
    # The inspector tab holds the receiver: it starts when that tab is first shown, or with
    # the first simulated booking, not before (spawning its process would slow the first
    # load); once the tab has painted, as the spawn would lengthen that paint.
    window.webhooks.shown.connect(receive)
    window.set_intro(
        DEMO_INTRO.format(client=sandbox.demo_client_id, module=sandbox.demo_module_id)
    )


def _demo_receiver(window: MainWindow, sandbox: SandboxServer) -> Callable[[], None]:
    """What Booxi does for a partner: deliver bookings to a registered endpoint, here the
    window's own receiver. The returned function starts and registers it the first time
    only: a receiver the user stops stays stopped."""
    started = False

    def receive() -> None:
        nonlocal started
        if started:
            return
        started = True
        url = window.webhooks.start_receiving(show=False)
        if url is not None:
            sandbox.register_webhook(url, "POST")

    return receive


def _wait_for_first_paint(window: MainWindow, then: Callable[[], None]) -> None:
    """Show the window before asyncio, qasync and the sandbox load: they are slow to import.

    ``then`` runs once it has painted, before the window's own work after its first paint
    (Qt runs the event filter installed last first): what it starts in the warm-up thread
    goes ahead of the window's warm-up of the HTTP client and its features.
    """
    from PySide6.QtCore import QEventLoop, QTimer

    from booxi_desktop.ui.widgets.first_paint import after_first_paint

    painted = QEventLoop()

    def painted_then() -> None:
        then()
        painted.quit()

    after_first_paint(window, painted_then)
    QTimer.singleShot(1000, painted.quit)  # a platform that never exposes the window
    window.show()
    painted.exec()


def skip_pyside_source_reads() -> bool:
    """Stop PySide6 reading the source of every module imported after it; whether it could.

    Its import hook decides, for each new module, whether that module may switch PySide's
    optional ``__feature__`` set (``snake_case``, ``true_property``) by searching the
    module's source for "PySide6": every file read again and kept in ``linecache`` for the
    life of the process, before the first paint and on the warm-up thread. This app selects
    no feature anywhere, so every module gets the answer the search gives the app's own:
    it uses PySide, with no feature selected. Nothing changes where the hook is not found
    (a test checks it is, on the PySide6 this app installs).
    """
    feature = sys.modules.get("PySide6.support.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    vars(feature)["_mod_uses_pyside"] = lambda _module: True
    return True


def _draw_icon() -> list[QImage]:
    """In a worker thread, once the window is up (a shell shows the desktop entry's icon
    first): images, which any thread may paint; the icon's pixmaps are made on the UI thread."""
    from booxi_desktop.ui.app_icon import draw_every_size

    return draw_every_size()


def _load_event_loop(with_sandbox: bool) -> SandboxServer | None:
    """In a worker thread: asyncio, qasync and, for the demo or the self-test, the sandbox."""
    import asyncio  # noqa: F401

    import qasync  # noqa: F401  (after PySide6: qasync binds to the first Qt binding imported)

    if not with_sandbox:
        return None
    # Here rather than on the UI thread, where the demo's menu is built as input starts.
    import booxi_desktop.ui.demo.controller  # noqa: F401
    from booxi_desktop.sandbox.server import SandboxServer

    sandbox = SandboxServer(port=0)
    sandbox.start()
    return sandbox


async def _until_closed(window: MainWindow) -> None:
    """Run until the last window closes, the app quits, or SIGTERM/SIGINT arrives."""
    import asyncio

    from PySide6.QtWidgets import QApplication

    from booxi_desktop.ui.quit_signals import QuitSignals

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    closed = asyncio.Event()
    app.lastWindowClosed.connect(closed.set)
    app.aboutToQuit.connect(closed.set)
    if not window.isVisible():  # closed while the event loop was loading
        closed.set()
    # A logout or a kill must not lose the edits typed within the draft debounce.
    signals = QuitSignals(app, keep=window.drafts.flush, quit=closed.set)
    try:
        await closed.wait()
    finally:
        signals.uninstall()
        window.drafts.release()  # flushes the last edits; its drafts are then left behind
        await window.session.aclose()
        window.settings.sync()


async def _self_test(window: MainWindow, sandbox: SandboxServer) -> int:
    from booxi_desktop.ui.self_test import DemoLink, run

    client, module = sandbox.demo_client_id, sandbox.demo_module_id
    held = sandbox.get_link(client, module) or {}
    demo = DemoLink(client, module, held.get("externalId", ""), held.get("metadata", {}))
    return await run(window, demo)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.base_url and args.demo:
        print("booxi-desktop: --demo and --base-url cannot be combined", file=sys.stderr)
        return 2
    if args.base_url:
        from booxi_desktop.core.regions import UnsafeBaseUrlError, sandbox_region

        try:
            sandbox_region(args.base_url)
        except UnsafeBaseUrlError as exc:
            print(f"booxi-desktop: {exc}", file=sys.stderr)
            return 2

    if args.self_test:
        from booxi_desktop.ui import self_test

        self_test.prepare()
    from PySide6.QtWidgets import QApplication

    skip_pyside_source_reads()
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName(APP_ID)
    # The coroutine ends on the last window closing, then the runner stops the loop.
    app.setQuitOnLastWindowClosed(False)
    window = build_window(args)
    started: list[Future[Any]] = []
    switch_interval = sys.getswitchinterval()

    def start_warm_up() -> None:
        from booxi_desktop.ui.background import warm_up

        # Off the UI thread, which repaints meanwhile. The event loop first: user input
        # waits for it, while the HTTP client is only needed by the first request.
        if not started:
            # The warm-up thread holds the interpreter lock while it imports: the UI thread
            # gets it back sooner, until the warm-up is over (see below).
            sys.setswitchinterval(WARM_UP_SWITCH_INTERVAL_S)
            started.append(warm_up(_draw_icon))
            started.append(warm_up(lambda: _load_event_loop(args.demo or args.self_test)))

    _wait_for_first_paint(window, start_warm_up)
    start_warm_up()  # on a platform that never exposed the window, nothing has yet
    icon_images, loading = started

    from booxi_desktop.ui.background import wait_responsive

    wait_responsive(loading)
    from booxi_desktop.ui.app_icon import app_icon

    app.setWindowIcon(app_icon(icon_images.result()))
    sandbox = loading.result()

    import asyncio

    import qasync

    if sandbox is not None:
        use_sandbox(window, sandbox)

    window.after_warm_up(lambda: sys.setswitchinterval(switch_interval))
    # Edits left unsaved by an earlier run (a crash, a kill) are offered back first thing.
    window.after_warm_up(window.drafts.offer_restore)
    try:
        with asyncio.Runner(loop_factory=qasync.QEventLoop) as runner:
            if args.self_test and sandbox is not None:
                return int(runner.run(_self_test(window, sandbox)))
            runner.run(_until_closed(window))
    finally:
        if sandbox is not None:
            sandbox.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

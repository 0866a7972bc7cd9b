"""Builds a main window wired to a live sandbox, an in-memory keychain and temp folders."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError
from PySide6.QtCore import QSettings, Qt

from booxi_desktop.core.regions import EUROPE, NORTH_AMERICA, sandbox_region
from booxi_desktop.core.remote.keychain import PartnerKeyStore
from booxi_desktop.core.storage.backups import BackupStore
from booxi_desktop.core.storage.drafts import DraftJournal
from booxi_desktop.ui.main_window import MainWindow
from booxi_desktop.ui.save.unsaved_prompt import Choice
from booxi_desktop.ui.session import Session
from booxi_desktop.ui.settings import AppSettings


class MemoryKeyring(KeyringBackend):
    """A real keyring backend that keeps passwords in a dict (priority > 0: it is usable)."""

    priority = 5  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.passwords.pop((service, username), None) is None:
            raise PasswordDeleteError("no such password")


class Prompts:
    """Answers the unsaved-changes question as scripted and records every time it was asked."""

    def __init__(self, *answers: Choice) -> None:
        self.answers = list(answers)
        self.asked: list[str] = []

    def __call__(self, _parent: object, doing: str) -> Choice:
        self.asked.append(doing)
        if not self.answers:
            raise AssertionError(f"unexpected unsaved-changes prompt before {doing}")
        return self.answers.pop(0)


class Reviews:
    """Stands in for the review dialog: records each save it is shown, and answers it."""

    def __init__(self, accept: bool = True) -> None:
        self.accept = accept
        self.requests: list[object] = []

    def __call__(self, _parent, request, _target, proceed, abandon) -> None:
        self.requests.append(request)
        (proceed if self.accept else abandon)()


def build_window(
    sandbox,
    tmp_path: Path,
    *,
    key: str | None = "demo",
    ask: Callable[[object, str], Choice] | None = None,
    backend: KeyringBackend | None = None,
    keychain_on_demand: bool = False,
    timeout: float = 5.0,
    backups: BackupStore | None = None,
    review=None,
    drafts: DraftJournal | None = None,
) -> MainWindow:
    region = sandbox_region(sandbox.base_url)
    keys = {region.code: sandbox.demo_key if key == "demo" else key} if key else {}
    session = Session(
        [NORTH_AMERICA, EUROPE, region],
        lambda: PartnerKeyStore(backend=backend or MemoryKeyring()),
        timeout=timeout,
        connect_timeout=timeout,
        session_keys=keys,
        keychain_on_demand=keychain_on_demand,
    )
    settings = AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    return MainWindow(
        session,
        settings,
        backups=lambda: backups or BackupStore(tmp_path / "backups"),
        ask=ask or Prompts(),
        review=review or Reviews(),
        drafts=lambda: drafts or DraftJournal(tmp_path / "drafts"),
        region=region.code,
        prefill=(sandbox.demo_client_id, sandbox.demo_module_id),
    )


def server_rows(sandbox, client_id: int | None = None, module_id: str | None = None) -> list:
    link = sandbox.get_link(
        client_id or sandbox.demo_client_id, module_id or sandbox.demo_module_id
    )
    assert link is not None
    return list(link["metadata"].items())


@contextmanager
def window_factory(qtbot, qloop, sandbox, tmp_path: Path) -> Iterator[Callable[..., MainWindow]]:
    """``make(**options)`` builds and shows a window; every one is closed and its clients shut."""
    windows: list[MainWindow] = []

    def make(**options) -> MainWindow:
        window = build_window(sandbox, tmp_path, **options)
        # Not qtbot.addWidget(): pytest-qt would close it before this teardown, which
        # would ask about unsaved edits.
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.webhooks.stop_receiving()  # the app's quit would stop it
        task = qloop.create_task(window.session.aclose())
        qtbot.waitUntil(task.done, timeout=5000)
        window.close_discarding()
        window.deleteLater()


def load(qtbot, window: MainWindow) -> None:
    """Press Load and wait until the link is shown."""
    qtbot.mouseClick(window.load_bar.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.editor.loaded is not None and not window.session.busy)


def idle(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.session.busy)


def puts(sandbox) -> int:
    """How many PUTs the sandbox has received."""
    return sum(1 for method, _, _ in sandbox.request_log if method == "PUT")


def edit_value(window: MainWindow, row: int, value: str) -> None:
    """Edit a value cell the way the table's editor commits it (an undo command)."""
    model = window.editor.model
    assert model.setData(model.index(row, 1), value, Qt.ItemDataRole.EditRole)

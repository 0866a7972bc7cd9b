"""Local state is untrusted: damaged copies of the app's own files, links, FIFOs and folders.

Backups, drafts and a settings file are written by the app itself, then copied with
seeded random damage and joined by links (dangling, looping, to a good file), FIFOs,
folders and huge files in place of files. The window must start, offer its drafts and
open its Backups window, and ``booxi-link backups list`` must run, with no traceback and
no hang: every bad file named in a warning, every good one still listed.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog

from booxi_desktop.core.link.model import ClientModuleLink
from booxi_desktop.core.remote.keychain import PartnerKeyStore
from booxi_desktop.core.storage.backups import BackupStore
from booxi_desktop.core.storage.drafts import Draft, DraftJournal, DraftKey
from booxi_desktop.ui import app
from booxi_desktop.ui.drafts.restore_dialog import DraftRestoreDialog
from booxi_desktop.ui.settings import AppSettings
from booxi_desktop.ui.settings import settings_path as app_settings_path
from tests.ui.window_helpers import MemoryKeyring, edit_value, load, puts

T0 = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)
COPIES = 6  # damaged copies of each kind of file, per seed
SETTINGS_VARIANTS = ("fifo", "link_to_good", "dangling", "folder", "huge", "garbled")


@dataclass
class Planted:
    good_backups: list[Path] = field(default_factory=list)
    demo_backups: list[Path] = field(default_factory=list)  # the good ones of the demo link
    bad_backups: list[Path] = field(default_factory=list)
    unsure_backups: list[Path] = field(default_factory=list)  # random damage, maybe harmless
    outside_backup: Path | None = None
    linked_folder: Path | None = None
    good_drafts: list[DraftKey] = field(default_factory=list)
    bad_drafts: list[Path] = field(default_factory=list)
    settings_bad: bool = False


def _damage(rng: random.Random, data: bytes) -> tuple[bytes, bool]:
    """A damaged copy of ``data`` and whether it is certainly unreadable."""
    kind = rng.choice(("truncate", "nul", "empty", "value", "flip", "splice"))
    if kind == "truncate":  # cut before the closing brace: never valid JSON
        return data[: rng.randrange(0, data.rindex(b"}"))], True
    if kind == "nul":  # a raw NUL is invalid anywhere in JSON
        at = rng.randrange(0, len(data) + 1)
        return data[:at] + b"\x00" + data[at:], True
    if kind == "empty":
        return b"", True
    if kind == "value":
        return json.dumps(rng.choice([[], 1, "x", None, {}, {"format": 3}])).encode(), True
    if kind == "flip":
        out = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            out[rng.randrange(len(out))] = rng.randrange(256)
        return bytes(out), False
    a, b = sorted(rng.sample(range(len(data)), 2))
    return data[:a] + data[b:], False


def _sparse(path: Path, size: int = 30 * 1024 * 1024) -> None:
    """Large on paper, nothing on disk."""
    with open(path, "wb") as handle:
        handle.truncate(size)


def _odd_files(folder: Path, good: Path, tmp: Path) -> list[Path]:
    """Links, a FIFO, a folder and a huge file where our files should be."""
    made = {
        "link_to_good.json": lambda p: p.symlink_to(good),
        "dangling.json": lambda p: p.symlink_to(tmp / "nowhere"),
        "loop.json": lambda p: p.symlink_to(p),
        "fifo.json": os.mkfifo,
        "folder.json": lambda p: p.mkdir(),
        "huge.json": _sparse,
    }
    out = []
    for name, make in made.items():
        path = folder / name
        make(path)
        out.append(path)
    return out


def _link(client_id: int, module_id: str, n: int) -> ClientModuleLink:
    return ClientModuleLink(client_id, module_id, f"EXT-{n}", {"tier": "gold", "n": str(n)})


def plant(seed: int, sandbox: object, tmp: Path) -> Planted:
    rng = random.Random(seed)
    planted = Planted()
    clock = iter(T0 + timedelta(minutes=i) for i in range(100))
    store = BackupStore(clock=lambda: next(clock))
    demo = (sandbox.demo_client_id, sandbox.demo_module_id)  # type: ignore[attr-defined]
    for n in range(3):
        planted.demo_backups.append(store.write("sandbox", _link(*demo, n)))
    planted.good_backups = [
        *planted.demo_backups,
        *(store.write("na", _link(7, "acme_crm", n)) for n in range(2)),
    ]
    folder = planted.demo_backups[0].parent
    for i in range(COPIES):
        data, bad = _damage(rng, rng.choice(planted.good_backups).read_bytes())
        copy = folder / f"20300101T0000{i:02d}.000000Z.json"
        copy.write_bytes(data)
        (planted.bad_backups if bad else planted.unsure_backups).append(copy)
    planted.bad_backups += _odd_files(folder, planted.demo_backups[0], tmp)
    # A whole region folder that is a link: named, and nothing behind it read.
    outside = BackupStore(tmp / "outside", clock=lambda: next(clock))
    planted.outside_backup = outside.write("eu", _link(8, "acme_crm", 9))
    planted.linked_folder = store.root / "eu"
    planted.linked_folder.symlink_to(tmp / "outside" / "eu")

    journal = DraftJournal()
    keys = [DraftKey("sandbox", demo[0], "other_mod"), DraftKey("na", 7, "acme_crm")]
    for n, key in enumerate(keys):
        journal.save(Draft(key, f"EXT-{n}", [("tier", "silver"), ("", "")], None, T0))
    journal.release()  # as if its window had closed: the drafts are left behind
    planted.good_drafts = keys
    good_draft = journal.path_for(keys[0])
    for i in range(COPIES):
        data, _ = _damage(rng, good_draft.read_bytes())
        copy = good_draft.with_name(f"copy_{i}.json")
        copy.write_bytes(data)
        planted.bad_drafts.append(copy)  # unreadable, or a draft not where it belongs
    planted.bad_drafts += _odd_files(good_draft.parent, good_draft, tmp)

    # Where Qt has always kept them on Linux, and where the app now opens them itself.
    settings_path = app_settings_path()
    settings_path.parent.mkdir(parents=True, exist_ok=True)
    settings = AppSettings(QSettings(str(settings_path), QSettings.Format.IniFormat))
    settings.remember_module("acme_crm")
    settings.set_last_region("eu")
    settings.sync()
    variant = SETTINGS_VARIANTS[seed % len(SETTINGS_VARIANTS)]
    good_settings = tmp / "good-settings.conf"
    settings_path.rename(good_settings)
    planted.settings_bad = variant != "garbled"
    if variant == "fifo":
        os.mkfifo(settings_path)
    elif variant == "link_to_good":
        settings_path.symlink_to(good_settings)
    elif variant == "dangling":
        settings_path.symlink_to(tmp / "nowhere")
    elif variant == "folder":
        settings_path.mkdir()
    elif variant == "huge":
        _sparse(settings_path, 50 * 1024 * 1024)
    else:
        data, _ = _damage(rng, good_settings.read_bytes() + b"}")
        settings_path.write_bytes(data)
    return planted


def _named(path: Path, warnings: str) -> bool:
    return f"Skipped {path}:" in warnings


@pytest.fixture
def memory_keychain(monkeypatch: pytest.MonkeyPatch) -> None:
    backend = MemoryKeyring()
    monkeypatch.setattr(
        "booxi_desktop.ui.session._default_key_store", lambda: PartnerKeyStore(backend=backend)
    )


@pytest.mark.timeout(120)
@pytest.mark.parametrize("seed", range(len(SETTINGS_VARIANTS)))
def test_the_window_and_the_cli_survive_damaged_local_state(
    qtbot, qloop, sandbox, tmp_path: Path, memory_keychain: None, seed: int
) -> None:
    planted = plant(seed, sandbox, tmp_path)

    # (a) the window starts as main() builds it, offers its drafts, opens its backups.
    window = app.build_window(app.parse_args([]))
    window.show()
    try:
        app.use_sandbox(window, sandbox)
        notice = window.banner.notice
        if planted.settings_bad:
            assert notice is not None
            assert "settings file was not opened" in notice.text
            assert ".unreadable-" in notice.text
        elif notice is not None:  # the random damage may or may not have been harmless
            assert ".unreadable-" in notice.text

        window.drafts.offer_restore()
        dialog = window.findChild(DraftRestoreDialog, "draftRestoreDialog")
        assert dialog is not None
        qtbot.waitUntil(dialog.isVisible)
        warned = dialog.warning_label.text()
        assert [p for p in planted.bad_drafts if not _named(p, warned)] == []
        assert {d.key for d in dialog.drafts} == set(planted.good_drafts)
        dialog.reject()

        load(qtbot, window)
        window.backups.open()
        backups = window.backups.dialog
        assert backups is not None
        listed = {e.path for e in backups.model.entries()}
        warned = backups.warning_label.toolTip()
        assert set(planted.demo_backups) <= listed
        assert [p for p in planted.bad_backups if not _named(p, warned)] == []
        for path in planted.bad_backups + planted.unsure_backups:
            assert (path in listed) != _named(path, warned), path
        backups.close()
    finally:
        task = qloop.create_task(window.session.aclose())
        qtbot.waitUntil(task.done, timeout=5000)
        window.close_discarding()
        window.deleteLater()

    # (b) the command line lists the same folder, in its own process.
    result = subprocess.run(
        [sys.executable, "-m", "booxi_desktop.cli.main", "backups", "list"],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    for path in planted.good_backups:
        assert str(path) in result.stdout
    for path in planted.bad_backups:
        assert _named(path, result.stderr), path
        assert str(path) not in result.stdout
    for path in planted.unsure_backups:
        assert (str(path) in result.stdout) != _named(path, result.stderr), path
    assert _named(planted.linked_folder, result.stderr)
    assert str(planted.outside_backup) not in result.stdout


@pytest.mark.timeout(60)
@pytest.mark.parametrize("kind", ["dangling", "loop"])
def test_a_save_into_a_linked_backup_folder_fails_fast_and_sends_nothing(
    qtbot, make_window, sandbox, tmp_path: Path, kind: str
) -> None:
    # The old code spun for ever in the backup thread: no PUT, no message, no quitting.
    store = BackupStore(tmp_path / "backups")
    window = make_window(backups=store)
    load(qtbot, window)
    folder = store.folder_for(window.region.code, sandbox.demo_client_id, sandbox.demo_module_id)
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.symlink_to(tmp_path / "nowhere" if kind == "dangling" else folder)
    edit_value(window, 0, "typed")
    window.saves.save()
    qtbot.waitUntil(lambda: window.banner.notice is not None and not window.session.busy)
    text = window.banner.notice.text
    assert str(folder) in text
    assert "Nothing was sent" in text
    assert "symbolic link" in text
    assert puts(sandbox) == 0
    assert window.isWindowModified()  # what was typed is still there
    assert not [d for d in window.findChildren(QDialog) if d.isVisible()]


def test_drafts_are_never_written_or_read_through_a_link(tmp_path: Path) -> None:
    from booxi_desktop.core.errors import DraftError

    journal = DraftJournal(tmp_path / "drafts")
    key = DraftKey("na", 7, "acme_crm")
    outside = tmp_path / "outside"
    outside.mkdir()
    journal.root.joinpath("na").mkdir(parents=True)
    journal.root.joinpath("na", "7").symlink_to(outside)
    with pytest.raises(DraftError, match="symbolic link"):
        journal.save(Draft(key, "EXT", [("k", "v")], None, T0))
    assert list(outside.iterdir()) == []

    # A draft placed behind the link by someone else is neither offered nor read.
    other = DraftJournal(tmp_path / "other")
    other.save(Draft(key, "EXT", [("k", "v")], None, T0))
    other.path_for(key).rename(outside / other.path_for(key).name)
    assert journal.get(key) is None
    listing = journal.load_all()
    assert listing.drafts == []
    link = journal.root / "na" / "7"
    assert listing.warnings == [
        f"Skipped {link}: it is a symbolic link, which the app does not follow."
    ]

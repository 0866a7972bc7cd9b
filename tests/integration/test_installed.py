"""The app as users install it: the PyInstaller bundle and the wheel in a fresh virtualenv.

Built by ``make dist`` (CI's first step); the tests are pointed at what it built:

    BOOXI_BUNDLE=dist/booxi-desktop          the one-folder bundle
    BOOXI_WHEEL_BIN=build/wheel-venv/bin     the scripts of a virtualenv holding the wheel

Outside CI, a missing build is skipped; in CI it fails, since CI builds both first.
Every command runs from a temporary folder with no PYTHONPATH, far from the source tree.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import pytest

from booxi_desktop import APP_ID, __version__
from booxi_desktop.core.regions import SANDBOX_CODE
from booxi_desktop.core.remote.keychain import SERVICE

pytestmark = pytest.mark.subprocess

KINDS = {"bundle": "BOOXI_BUNDLE", "wheel": "BOOXI_WHEEL_BIN"}
SAMPLE = ("core", "webhook", "samples", "single_booking.json")
ROOT = Path(__file__).resolve().parents[2]
# Where the wheel installs each of resources/ under its prefix (pyproject's data-files).
XDG = {
    f"{APP_ID}.desktop": ("share", "applications"),
    f"{APP_ID}.metainfo.xml": ("share", "metainfo"),
    f"{APP_ID}.svg": ("share", "icons", "hicolor", "scalable", "apps"),
}


class Installed:
    def __init__(self, kind: str, folder: Path, workdir: Path) -> None:
        self.kind = kind
        self.folder = folder
        self.workdir = workdir

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "BOOXI_"))}
        env.update(QT_QPA_PLATFORM="offscreen", **extra)
        return env

    def run(self, command: str, *args: str, stdin: str | None = None, **env: str):
        return subprocess.run(
            [str(self.folder / command), *args],
            input=stdin,
            capture_output=True,
            text=True,
            cwd=self.workdir,
            env=self.env(**env),
            timeout=120,
            check=False,
        )

    def python(self, code: str) -> str:
        """What the wheel's virtualenv's Python prints for ``code``."""
        done = subprocess.run(
            [str(self.folder / "python"), "-c", code],
            capture_output=True,
            text=True,
            cwd=self.workdir,
            env=self.env(),
            check=True,
        )
        return done.stdout.strip()

    def package_dir(self) -> Path:
        if self.kind == "bundle":
            return self.folder / "_internal" / "booxi_desktop"
        code = "from importlib.resources import files; print(files('booxi_desktop'))"
        return Path(self.python(code))

    def desktop_files(self) -> dict[str, Path]:
        """Where it holds each file of resources/, by name."""
        if self.kind == "bundle":
            return {name: self.folder / "_internal" / "resources" / name for name in XDG}
        prefix = Path(self.python("import sysconfig; print(sysconfig.get_path('data'))"))
        return {name: prefix.joinpath(*folder, name) for name, folder in XDG.items()}


def built(kind: str, workdir: Path) -> Installed:
    variable = KINDS[kind]
    folder = os.environ.get(variable)
    if not folder:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI builds the {kind} first (make dist) and sets {variable}")
        pytest.skip(f"no {kind} built: run `make dist` and set {variable}")
    return Installed(kind, Path(folder).resolve(), workdir)


@pytest.fixture(params=sorted(KINDS))
def installed(request, tmp_path) -> Installed:
    return built(request.param, tmp_path)


@pytest.fixture
def bundle(tmp_path) -> Installed:
    return built("bundle", tmp_path)


def test_the_window_passes_its_self_test(installed):
    done = installed.run("booxi-desktop", "--self-test")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith(f"self-test passed: booxi-desktop {__version__} on offscreen")
    assert done.stdout.count("\n") == 1


def test_booxi_link_answers_help_and_version(installed):
    helped = installed.run("booxi-link", "--help")
    assert helped.returncode == 0, helped.stderr
    assert "inspect" in helped.stdout
    versioned = installed.run("booxi-link", "--version")
    assert versioned.stdout.strip() == f"booxi-link {__version__}"


def test_booxi_link_inspects_the_shipped_sample(installed):
    sample = installed.package_dir().joinpath(*SAMPLE)
    done = installed.run("booxi-link", "inspect", str(sample), "--module", "cegid_y2")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Link for module cegid_y2, client 3104187" in done.stdout


def test_the_desktop_files_and_icon_ship_with_it(installed):
    for name, path in installed.desktop_files().items():
        assert path.read_bytes() == (ROOT / "resources" / name).read_bytes(), path


def test_the_bundle_leaves_out_what_the_app_never_loads(bundle):
    inside = bundle.folder / "_internal"
    qt = inside / "PySide6" / "Qt"
    assert not (qt / "translations").exists()
    platforms = {p.name for p in (qt / "plugins" / "platforms").iterdir()}
    assert platforms <= {"libqxcb.so", "libqwayland.so", "libqoffscreen.so", "libqminimal.so"}
    assert "libqxcb.so" in platforms
    assert not list(inside.glob("libgtk-3.so*"))
    assert (bundle.folder / "booxi-link").is_file()
    # ICU's data without what Qt never reads (packaging/trim_icu_data.py): no break-iterator
    # dictionaries, but the collation the self-test's locale-aware sorting needs.
    (icu_data,) = (qt / "lib").glob("libicudata.so.*")
    data = icu_data.read_bytes()
    kept = {item: item in data for item in (b"brkitr/cjdict.dict", b"coll/sv.res")}
    assert kept == {b"brkitr/cjdict.dict": False, b"coll/sv.res": True}


def test_the_bundled_booxi_link_works_through_a_link_on_path(bundle, tmp_path):
    """What a user does to have it on PATH: a symbolic link in ~/.local/bin."""
    on_path = tmp_path / "bin" / "booxi-link"
    on_path.parent.mkdir()
    on_path.symlink_to(bundle.folder / "booxi-link")
    done = subprocess.run(
        ["booxi-link", "--version"],
        capture_output=True,
        text=True,
        env={**bundle.env(), "PATH": f"{on_path.parent}{os.pathsep}{os.environ['PATH']}"},
        check=False,
    )
    assert done.stdout.strip() == f"booxi-link {__version__}", done.stderr


@pytest.mark.secret_service
def test_a_key_stored_by_the_installed_tool_is_in_the_keychain_and_used(installed, sandbox):
    if os.environ.get("BOOXI_SECRET_SERVICE_TEST") != "1":
        pytest.skip("needs a Secret Service: run under scripts/with-secret-service.sh")
    from keyring.backends.SecretService import Keyring

    keychain = Keyring()
    target = ("--base-url", sandbox.base_url)
    if keychain.get_password(SERVICE, SANDBOX_CODE) is not None:
        keychain.delete_password(SERVICE, SANDBOX_CODE)
    stored = installed.run("booxi-link", "key", "set", *target, stdin=sandbox.demo_key + "\n")
    assert stored.returncode == 0, stored.stderr
    assert "SecretService" in stored.stderr
    # Read back by another process, through the real Secret Service.
    assert keychain.get_password(SERVICE, SANDBOX_CODE) == sandbox.demo_key
    # And by the installed tool itself, with no key in its environment.
    got = installed.run(
        "booxi-link",
        "get",
        "--client",
        str(sandbox.demo_client_id),
        "--module",
        sandbox.demo_module_id,
        *target,
    )
    assert got.returncode == 0, got.stderr
    assert sandbox.demo_key not in got.stdout + got.stderr
    assert installed.run("booxi-link", "key", "forget", *target).returncode == 0
    assert keychain.get_password(SERVICE, SANDBOX_CODE) is None
    unique = f"pk_{uuid.uuid4().hex}"
    assert installed.run("booxi-link", "key", "set", *target, stdin=unique).returncode == 0
    assert keychain.get_password(SERVICE, SANDBOX_CODE) == unique
    installed.run("booxi-link", "key", "forget", *target)


def test_the_bundle_installs_its_own_menu_entry(bundle, tmp_path):
    script = bundle.folder / "_internal" / "desktop-entry.sh"
    home = tmp_path / "share"
    env = {**bundle.env(), "XDG_DATA_HOME": str(home)}
    done = subprocess.run(
        ["bash", str(script), "install"], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    entry = (home / "applications" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    assert f"Exec={bundle.folder / 'booxi-desktop'}\n" in entry
    assert (home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()


# What the README promises: the bundle runs on this glibc or newer.
OLDEST_GLIBC = (2, 36)


def test_the_bundle_needs_no_newer_glibc_than_the_readme_says(bundle):
    import re
    import shutil

    if shutil.which("objdump") is None:
        pytest.skip("objdump (binutils) is not installed")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "glibc {}.{} or newer".format(*OLDEST_GLIBC) in readme
    newest = (0, 0)
    for path in bundle.folder.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        with path.open("rb") as head:
            if head.read(4) != b"\x7fELF":
                continue
        symbols = subprocess.run(
            ["objdump", "-T", str(path)], capture_output=True, text=True, check=False
        ).stdout
        for major, minor in re.findall(r"GLIBC_(\d+)\.(\d+)", symbols):
            newest = max(newest, (int(major), int(minor)))
    assert (0, 0) < newest <= OLDEST_GLIBC

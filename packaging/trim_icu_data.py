"""A smaller ICU data library for the bundle, holding only the data Qt asks ICU for.

    python packaging/trim_icu_data.py SOURCE OUTPUT [WORKDIR]

PySide6's Qt on Linux links ICU, whose data (every locale's collation, break-iterator
dictionaries, converter tables, transliterators, display names ...) is one array exported by
libicudata as ``icudtNN_dat``. QtCore calls ICU for four things only (the ``_NN`` symbols it
imports): locale-aware case mapping (``u_strToUpper``/``u_strToLower``), collation
(``ucol_*``: QCollator, ``QString::localeAwareCompare``), time zones (``ucal_*``: QTimeZone's
ids and display names) and converters (``ucnv_*``: QStringConverter for an encoding Qt has no
codec of its own for). No other library in the bundle imports ICU.

This script copies the array out of SOURCE, removes with ``icupkg`` (Debian: icu-devtools) the
items none of those four read (``DROPPED``), and links OUTPUT around what is left: the same
soname and the same symbol, so libicuuc finds its data as before. The build calls it from
``booxi-desktop.spec``; nothing it makes is kept in the source tree.
"""

from __future__ import annotations

import fnmatch
import os
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

# Patterns of ICU package items (as `icupkg -l` names them), each with why Qt never reads it.
DROPPED: dict[str, str] = {
    "brkitr/*": "break iterators and their CJK/Thai/Khmer/Lao/Burmese dictionaries: Qt finds "
    "grapheme, word and line boundaries with its own tables",
    "translit/*": "transliterators: Qt has no transliteration",
    "rbnf/*": "rule-based number formats (spelled-out numbers): QLocale formats numbers itself",
    "lang/*": "display names of languages and scripts: QLocale has its own, from CLDR",
    "region/*": "display names of regions: QLocale has its own, from CLDR",
    "curr/*": "currency names and symbols: QLocale has its own, from CLDR",
    "unit/*": "unit names: QLocale formats data sizes itself and no other units",
    "*.cnv": "converter tables: the app reads and writes text as UTF-8 and Qt converts UTF-8, "
    "UTF-16, UTF-32 and Latin-1 itself; QStringConverter for other encodings becomes invalid",
}
# What Qt's four uses need; the trim fails rather than ship a package without one of them.
REQUIRED = (
    "root.res",  # locale fallback of every bundle below
    "supplementalData.res",  # calendars and week data behind ucal_open
    "likelySubtags.res",
    "numberingSystems.res",  # digits of a time zone's GMT-offset name
    "zoneinfo64.res",  # QTimeZone through ucal
    "metaZones.res",
    "timezoneTypes.res",
    "zone/root.res",  # time zone display names
    "zone/en.res",
    "coll/root.res",  # collation
    "coll/ucadata.icu",
    "coll/sv.res",  # a tailoring: QCollator still sorts a language's own letters right
    "cnvalias.icu",  # encoding names, so ICU's built-in converters still resolve
    "keyTypeData.res",  # locale keywords such as @collation=
)
# Character properties, case mapping and NFC, which collation runs on, are built into libicuuc.
DATA_SYMBOL = re.compile(rb"icudt(\d+)_dat")
_ELF_MAGIC = b"\x7fELF"
_SHT_DYNSYM = 11
_SHT_DYNAMIC = 6
_DT_SONAME = 14


class TrimError(Exception):
    """The trimmed library could not be built; the message says what to do."""


def _tool(name: str, package: str) -> str:
    # Debian puts icupkg in /usr/sbin, which is not on every user's PATH.
    path = os.environ.get("PATH", os.defpath) + os.pathsep + "/usr/sbin:/usr/local/sbin"
    found = shutil.which(name, path=path)
    if found is None:
        raise TrimError(f"{name} is needed to trim the ICU data: install {package}")
    return found


class DataLibrary:
    """Where libicudata keeps its data array, read from the ELF headers."""

    def __init__(self, path: Path) -> None:
        self.path = path
        image = path.read_bytes()
        if image[:4] != _ELF_MAGIC or image[4] != 2:
            raise TrimError(f"{path} is not a 64-bit ELF library")
        self.little_endian = image[5] == 1
        order = "<" if self.little_endian else ">"
        (shoff,) = struct.unpack_from(order + "Q", image, 0x28)
        shentsize, shnum = struct.unpack_from(order + "HH", image, 0x3A)
        sections = [
            struct.unpack_from(order + "IIQQQQIIQQ", image, shoff + i * shentsize)
            for i in range(shnum)
        ]

        def strings(index: int, at: int) -> bytes:
            offset = sections[index][4] + at
            return image[offset : image.index(b"\0", offset)]

        symbol = soname = None
        for _name, kind, _flags, _addr, offset, size, link, _info, _align, entsize in sections:
            if kind == _SHT_DYNSYM:
                for at in range(offset, offset + size, entsize):
                    name_at, _, _, shndx, value, length = struct.unpack_from(
                        order + "IBBHQQ", image, at
                    )
                    name = strings(link, name_at)
                    if DATA_SYMBOL.fullmatch(name):
                        section = sections[shndx]
                        symbol = (name.decode(), value - section[3] + section[4], length)
            elif kind == _SHT_DYNAMIC:
                for at in range(offset, offset + size, entsize):
                    tag, value = struct.unpack_from(order + "qQ", image, at)
                    if tag == _DT_SONAME:
                        soname = strings(link, value).decode()
        if symbol is None or soname is None:
            raise TrimError(f"{path} exports no icudtNN_dat array or has no soname")
        self.symbol, self._offset, self._size = symbol
        self.soname = soname

    @property
    def package_name(self) -> str:
        """The name ICU gives the package: its item names start with it (icudt73l/...)."""
        version = self.symbol.removeprefix("icudt").removesuffix("_dat")
        return f"icudt{version}{'l' if self.little_endian else 'b'}"

    def data(self) -> bytes:
        with self.path.open("rb") as file:
            file.seek(self._offset)
            return file.read(self._size)


def dropped_items(items: list[str]) -> list[str]:
    """The items of a package that ``DROPPED`` matches; fails if a required one is among them."""
    dropped = [item for item in items if any(fnmatch.fnmatch(item, p) for p in DROPPED)]
    missing = [name for name in REQUIRED if name not in items or name in dropped]
    if missing:
        raise TrimError(f"the ICU data would lack what Qt reads: {', '.join(missing)}")
    return dropped


def _run(*command: str) -> str:
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise TrimError(f"{Path(command[0]).name} failed: {done.stderr.strip() or done.stdout}")
    return done.stdout


def list_items(package: Path) -> list[str]:
    """The item names of an ICU .dat package, without the package name before them."""
    return _run(_tool("icupkg", "icu-devtools"), "-l", str(package)).split()


def trim(source: Path, output: Path, workdir: Path) -> list[str]:
    """Build OUTPUT from SOURCE without the dropped items; the names of those dropped."""
    library = DataLibrary(source)
    icupkg = _tool("icupkg", "icu-devtools")
    gcc = _tool("gcc", "gcc")
    workdir.mkdir(parents=True, exist_ok=True)
    full = workdir / "full" / f"{library.package_name}.dat"
    trimmed = workdir / f"{library.package_name}.dat"
    full.parent.mkdir(exist_ok=True)
    full.write_bytes(library.data())
    trimmed.unlink(missing_ok=True)
    dropped = dropped_items(list_items(full))
    removals = workdir / "dropped.txt"
    removals.write_text("".join(f"{item}\n" for item in dropped), encoding="utf-8")
    # icupkg also checks that no kept item depends on a dropped one.
    _run(icupkg, "--auto_toc_prefix", "-r", str(removals), str(full), str(trimmed))
    # The array is aligned as ICU expects of any data it maps, and the stack stays non-executable.
    assembly = workdir / "icudata.S"
    assembly.write_text(
        "\t.section .rodata\n"
        f"\t.globl {library.symbol}\n"
        f"\t.type {library.symbol}, %object\n"
        "\t.balign 16\n"
        f"{library.symbol}:\n"
        f'\t.incbin "{trimmed.resolve()}"\n'
        f"\t.size {library.symbol}, . - {library.symbol}\n"
        '\t.section .note.GNU-stack,"",%progbits\n',
        encoding="utf-8",
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    output.unlink(missing_ok=True)
    flags = ("-shared", "-nostdlib", f"-Wl,-soname,{library.soname}", "-Wl,-z,noexecstack")
    _run(gcc, *flags, "-o", str(output), str(assembly))
    built = DataLibrary(output)
    if (built.symbol, built.soname) != (library.symbol, library.soname):
        raise TrimError(f"{output} does not export {library.symbol} as {library.soname}")
    return dropped


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    source, output = Path(argv[0]), Path(argv[1])
    workdir = Path(argv[2]) if len(argv) == 3 else output.parent / "icu-data"
    try:
        dropped = trim(source, output, workdir)
    except TrimError as exc:
        print(f"trim_icu_data: {exc}", file=sys.stderr)
        return 1
    print(
        f"icu: {output.name} {source.stat().st_size >> 20} -> {output.stat().st_size >> 20} MiB,"
        f" {len(dropped)} items dropped"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

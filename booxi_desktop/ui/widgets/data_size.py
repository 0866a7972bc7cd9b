"""Sizes for people, in the user's locale: "4.5 MB", "533.4 kB", "999 bytes"."""

from __future__ import annotations

from PySide6.QtCore import QLocale


def data_size(size: int) -> str:
    """``size`` bytes in SI units (1 kB = 1000 bytes), one decimal, as the locale writes it."""
    return QLocale().formattedDataSize(size, 1, QLocale.DataSizeFormat.DataSizeSIFormat)

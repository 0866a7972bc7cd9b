"""Sizes for people go through Qt's own formatting, in SI units."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale

from booxi_desktop.ui.widgets.data_size import data_size


@pytest.fixture
def c_locale():
    before = QLocale()
    QLocale.setDefault(QLocale.c())
    yield
    QLocale.setDefault(before)


@pytest.mark.usefixtures("c_locale")
@pytest.mark.parametrize(
    ("size", "expected"),
    [(999, "999 bytes"), (1000, "1.0 kB"), (533_400, "533.4 kB"), (4_500_000, "4.5 MB")],
)
def test_sizes_in_si_units_with_one_decimal(size: int, expected: str) -> None:
    assert data_size(size) == expected


def test_sizes_follow_the_locale() -> None:
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    try:
        assert data_size(4_500_000).startswith("4,5")
    finally:
        QLocale.setDefault(before)

"""Fixtures for the window tests."""

from __future__ import annotations

import pytest

from tests.ui.window_helpers import window_factory


@pytest.fixture
def make_window(qtbot, qloop, sandbox, tmp_path):
    """``make(**options)``: a shown main window on the live sandbox, closed after the test."""
    with window_factory(qtbot, qloop, sandbox, tmp_path) as make:
        yield make

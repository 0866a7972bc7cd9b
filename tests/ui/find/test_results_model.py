"""The results model, without widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt

from booxi_desktop.core.link.model import ClientModuleLink, ClientSummary
from booxi_desktop.core.remote.client import ClientSearch
from booxi_desktop.ui.find.results_model import (
    FIRST_MATCHES_NOTE,
    FindResultsModel,
    result_rows,
    summary_text,
)


def search() -> ClientSearch:
    return ClientSearch(
        clients=[
            ClientSummary(1, "Ana", "Lopez", "ana@example.com"),
            ClientSummary(2, "", "", ""),
        ],
        links=[
            ClientModuleLink(1, "m", "EXT-1"),
            ClientModuleLink(1, "other", "NOT-THIS"),
            ClientModuleLink(3, "m", "EXT-3"),
        ],
    )


def test_rows_join_clients_and_their_link_in_the_module() -> None:
    rows = result_rows(search(), "m")
    assert [(r.client_id, r.name, r.email, r.external_id) for r in rows] == [
        (1, "Ana Lopez", "ana@example.com", "EXT-1"),
        (2, "(no name)", "", ""),
        (3, "(not in the answer)", "", "EXT-3"),
    ]


def test_the_model_shows_the_rows_in_four_columns() -> None:
    model = FindResultsModel()
    model.set_rows(result_rows(search(), "m"))
    assert (model.rowCount(), model.columnCount()) == (3, 4)
    header = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert header == ["Name", "Email", "Client id", "External id"]
    assert [model.data(model.index(0, c)) for c in range(4)] == [
        "Ana Lopez",
        "ana@example.com",
        "1",
        "EXT-1",
    ]
    assert model.row_at(5) is None


def test_hidden_characters_are_shown_not_obeyed() -> None:
    found = ClientSearch(
        [ClientSummary(1, "Eve\u202e", "", "")], [ClientModuleLink(1, "m", "a\u200bb")]
    )
    model = FindResultsModel()
    model.set_rows(result_rows(found, "m"))
    assert "\u202e" not in model.data(model.index(0, 0))
    assert "\u200b" not in model.data(model.index(0, 3))


def test_the_summary_says_nothing_matched_and_that_only_first_matches_come() -> None:
    assert summary_text([], "X-1", "m").startswith("No client matched external id “X-1”")
    assert FIRST_MATCHES_NOTE in summary_text([], "X-1", "m")
    assert FIRST_MATCHES_NOTE in summary_text(result_rows(search(), "m"), "X-1", "m")

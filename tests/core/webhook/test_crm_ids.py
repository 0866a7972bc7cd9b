from __future__ import annotations

import pytest

from booxi_desktop.core.webhook.crm_ids import load_crm_ids


def test_one_id_per_line_with_blanks_and_spaces() -> None:
    text = "Y2-000418273\n\n   Y2-000502911  \r\nY2-000418273\n\t\nACME-80211"
    assert load_crm_ids(text) == {"Y2-000418273", "Y2-000502911", "ACME-80211"}


def test_byte_order_mark_is_not_part_of_the_first_id() -> None:
    assert load_crm_ids("\ufeffY2-1\nY2-2\n") == {"Y2-1", "Y2-2"}


def test_csv_with_header_picks_the_id_column_not_the_first() -> None:
    text = (
        "\ufeffName,Email,Customer ID,Store\r\n"
        '"Tremblay, Amélie",amelie@example.com, Y2-000418273 ,MTL-014\r\n'
        "Jonas Weber,jonas@example.com,Y2-000502911,MTL-014\r\n"
        "No Id Yet,nobody@example.com,,MTL-014\r\n"
    )
    assert load_crm_ids(text) == {"Y2-000418273", "Y2-000502911"}


@pytest.mark.parametrize("header", ["externalId", "EXTERNAL_ID", "crm id", "customerId", "id"])
def test_header_names_are_matched_loosely(header: str) -> None:
    text = f"name,{header}\nAnn,C-1\nBob,C-2\n"
    assert load_crm_ids(text) == {"C-1", "C-2"}


def test_external_id_column_wins_over_a_generic_id() -> None:
    text = "id,externalId\n17,Y2-1\n18,Y2-2\n"
    assert load_crm_ids(text) == {"Y2-1", "Y2-2"}


def test_unknown_headers_fall_back_to_the_first_column() -> None:
    text = "Client,Email\nY2-1,a@example.com\nY2-2,b@example.com\n"
    assert load_crm_ids(text) == {"Y2-1", "Y2-2"}


def test_single_column_csv_with_a_header() -> None:
    assert load_crm_ids("customer_id\nY2-1\nY2-2\n") == {"Y2-1", "Y2-2"}


def test_semicolon_csv_from_a_european_spreadsheet() -> None:
    text = "Nom;CRM Id;Ville\nTremblay;Y2-1;Montréal\nDubois;Y2-2;Lyon\n"
    assert load_crm_ids(text) == {"Y2-1", "Y2-2"}


def test_excel_separator_hint_line() -> None:
    text = "sep=;\r\nName;customerId\r\nAnn;C-1\r\n"
    assert load_crm_ids(text) == {"C-1"}


def test_tab_separated() -> None:
    assert load_crm_ids("name\tcrmId\nAnn\tC-1\n") == {"C-1"}


def test_short_rows_are_skipped() -> None:
    assert load_crm_ids("name,id\nAnn,C-1\nBob\n") == {"C-1"}


@pytest.mark.parametrize("text", ["", "\ufeff", "\n\n  \n", "id\n"])
def test_nothing_to_load(text: str) -> None:
    assert load_crm_ids(text) == frozenset()

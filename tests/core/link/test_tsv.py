import pytest

from booxi_desktop.core.link.tsv import format_pairs, parse_pairs


def test_reads_tab_separated_rows() -> None:
    assert parse_pairs("tier\tgold\nstore\tMontreal 12") == [
        ("tier", "gold"),
        ("store", "Montreal 12"),
    ]


def test_windows_line_ends_trailing_newline_and_blank_lines() -> None:
    assert parse_pairs("a\t1\r\n\r\nb\t2\r\n") == [("a", "1"), ("b", "2")]


def test_single_cell_row_is_a_key_with_empty_value() -> None:
    assert parse_pairs("onlykey\nother\t\n") == [("onlykey", ""), ("other", "")]


def test_spaces_are_kept_exactly() -> None:
    # Validation flags surrounding spaces; the parser must not hide them.
    assert parse_pairs(" key \t  two  spaces  \n") == [(" key ", "  two  spaces  ")]


def test_quoted_cells_as_spreadsheets_write_them() -> None:
    text = 'note\t"line one\nline two"\r\nquote\t"he said ""hi"""\r\ntab\t"a\tb"\r\n'
    assert parse_pairs(text) == [
        ("note", "line one\nline two"),
        ("quote", 'he said "hi"'),
        ("tab", "a\tb"),
    ]


def test_quote_inside_a_cell_is_literal() -> None:
    assert parse_pairs('size\t5" screen\n') == [("size", '5" screen')]


def test_unclosed_quote_does_not_swallow_following_lines() -> None:
    assert parse_pairs('a\t"open\nb\t2\n') == [("a", '"open'), ("b", "2")]


def test_extra_cells_are_kept_and_empty_trailing_cells_dropped() -> None:
    assert parse_pairs("k\tv\tmore\nx\ty\t\t\n") == [("k", "v\tmore"), ("x", "y")]


def test_byte_order_mark_is_ignored() -> None:
    assert parse_pairs("\ufeffk\tv") == [("k", "v")]


def test_nothing_to_paste() -> None:
    assert parse_pairs("") == []
    assert parse_pairs("\n\t\n") == []


def test_format_writes_one_line_per_row() -> None:
    assert format_pairs([("tier", "gold"), ("store", "")]) == "tier\tgold\nstore\t\n"
    assert format_pairs([]) == ""


@pytest.mark.parametrize(
    "rows",
    [
        [("tier", "gold"), ("store", "Montreal 12")],
        [(" k ", "  v  "), ("empty", "")],
        [("multi", "one\ntwo"), ("cr", "one\rtwo"), ("crlf", "a\r\nb")],
        [("quote", 'say "hi"'), ("lead", '"x'), ("tab", "a\tb")],
        [("", "value of an empty key")],
    ],
)
def test_format_then_parse_round_trips(rows: list[tuple[str, str]]) -> None:
    assert parse_pairs(format_pairs(rows)) == rows

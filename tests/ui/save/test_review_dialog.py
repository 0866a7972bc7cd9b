"""The review shown before a save: what it lists, and what its buttons answer."""

import pytest
from PySide6.QtCore import Qt

from booxi_desktop.core.link.diff import LinkDiff, diff_links
from booxi_desktop.ui.save.review_dialog import ReviewDialog, nothing_to_send, summary_text

SERVER = {"tier": "gold", "store": "MTL-12", "old": "<i>x</i>", "<b>legacy</b>": "1"}
TARGET = "client 12 · module cegid_y2 · North America"


def make(qtbot, diff: LinkDiff) -> ReviewDialog:
    dialog = ReviewDialog(diff, TARGET)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    return dialog


@pytest.fixture
def with_deletions() -> LinkDiff:
    mine = {"tier": "platinum", "store": "MTL-12", "crm": "A-1"}
    return diff_links("C-1", SERVER, "C-2", mine)


def test_lists_deletions_first_changes_additions_and_external_id(qtbot, with_deletions) -> None:
    dialog = make(qtbot, with_deletions)
    text = dialog.diff_view.toPlainText()
    assert text.index("These keys will be deleted on the server (2):") < text.index("tier")
    # Keys and values are escaped: markup shows as typed instead of turning bold.
    for expected in (
        '"<i>x</i>"',
        "<b>legacy</b>",
        '"gold"',
        '"platinum"',
        "crm",
        '"C-1"',
        '"C-2"',
    ):
        assert expected in text
    assert "1 other key(s) stay as they are." in text
    assert dialog.deletion_label.isVisible()
    assert "2 keys will be deleted on the server" in dialog.deletion_label.text()
    assert "&lt;b&gt;legacy&lt;/b&gt;" in dialog.deletion_label.text()
    assert dialog.summary_label.text() == (
        "5 changes: 2 keys deleted, 1 changed, 1 added, external ID changed."
    )
    assert TARGET in dialog.findChild(type(dialog.summary_label), "reviewTarget").text()


def test_with_deletions_enter_does_not_save(qtbot, with_deletions) -> None:
    dialog = make(qtbot, with_deletions)
    assert dialog.cancel_button.isDefault()
    assert not dialog.save_button.isDefault()
    assert not dialog.save_button.autoDefault()
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog, Qt.Key.Key_Return)


def test_without_deletions_save_is_the_default_and_no_warning(qtbot) -> None:
    dialog = make(qtbot, diff_links("C-1", SERVER, "C-1", {**SERVER, "tier": "silver"}))
    assert dialog.save_button.isDefault()
    assert not dialog.deletion_label.isVisible()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog, Qt.Key.Key_Return)


def test_save_accepts_and_cancel_rejects(qtbot, with_deletions) -> None:
    dialog = make(qtbot, with_deletions)
    with qtbot.waitSignal(dialog.finished) as finished:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert finished.args == [ReviewDialog.DialogCode.Accepted.value]

    other = make(qtbot, with_deletions)
    with qtbot.waitSignal(other.rejected), qtbot.assertNotEmitted(other.accepted):
        qtbot.mouseClick(other.cancel_button, Qt.MouseButton.LeftButton)
    assert not other.isVisible()


def test_nothing_to_send_only_for_an_empty_diff(qtbot) -> None:
    same = diff_links("C-1", SERVER, "C-1", dict(SERVER))
    reordered = diff_links("C-1", SERVER, "C-1", dict(reversed(SERVER.items())))
    assert nothing_to_send(same)
    # The server keeps the order sent, so a new order is something to send.
    assert not nothing_to_send(reordered)
    assert summary_text(reordered) == "Only the order of the keys changes."
    dialog = make(qtbot, same)
    assert not dialog.save_button.isEnabled()
    assert "No changes" in dialog.diff_view.toPlainText()


def test_long_sections_are_cut_but_counted(qtbot) -> None:
    many = {f"k{n}": str(n) for n in range(1000)}
    dialog = make(qtbot, diff_links("", many, "", {}))
    text = dialog.diff_view.toPlainText()
    assert "These keys will be deleted on the server (1000):" in text
    assert "k299" in text
    assert "k300" not in text
    assert "…and 700 more not shown here." in text
    assert "1000 keys will be deleted" in dialog.deletion_label.text()

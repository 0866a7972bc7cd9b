"""Reading shortcuts from menus: texts as read, native key text, groups, clashes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenuBar, QWidget

from booxi_desktop.ui.help.shortcut_list import (
    clashes,
    focus_groups,
    keys_text,
    plain_text,
    shortcut_groups,
)


def action(parent, text: str, keys: str = "", name: str = "", tip: str = "") -> QAction:
    act = QAction(text, parent)
    if keys:
        act.setShortcut(QKeySequence(keys))
    act.setObjectName(name)
    if tip:
        act.setToolTip(tip)
    return act


def test_plain_text_drops_mnemonics_and_keeps_a_literal_ampersand() -> None:
    assert plain_text("&Save to server") == "Save to server"
    assert plain_text("Copy && paste") == "Copy & paste"
    assert plain_text("&Open\tCtrl+O") == "Open"


def test_keys_are_in_native_text_and_all_of_them(qapp) -> None:
    act = QAction("x")
    act.setShortcuts([QKeySequence("Ctrl+Shift+B"), QKeySequence("F5")])
    native = QKeySequence("Ctrl+Shift+B").toString(QKeySequence.SequenceFormat.NativeText)
    assert keys_text(act) == f"{native}, F5"
    assert keys_text(QAction("none")) == ""


def test_groups_follow_the_menus_and_skip_what_has_no_shortcut(qtbot) -> None:
    bar = QMenuBar()
    qtbot.addWidget(bar)
    file_menu = bar.addMenu("&File")
    file_menu.addAction(action(file_menu, "&Save", "Ctrl+S", "saveAction", "Send the edits"))
    file_menu.addSeparator()
    file_menu.addAction(action(file_menu, "No key"))
    recent = file_menu.addMenu("&Recent")
    recent.addAction(action(recent, "&Last one", "Ctrl+Shift+L"))
    hidden = action(file_menu, "Hidden", "Ctrl+J")
    hidden.setVisible(False)
    file_menu.addAction(hidden)
    empty = bar.addMenu("&Empty")
    empty.addAction(action(empty, "Nothing"))
    view = bar.addMenu("&View")
    view.addAction(action(view, "&Tree", "Ctrl+T"))

    groups = shortcut_groups(bar.actions())
    assert [g.title for g in groups] == ["File", "View"]
    assert [(e.text, e.name, e.tip) for e in groups[0].entries] == [
        ("Save", "saveAction", "Send the edits"),
        ("Recent › Last one", "", ""),
    ]
    assert clashes(groups) == {}


def test_a_menu_added_later_is_read_the_next_time(qtbot) -> None:
    bar = QMenuBar()
    qtbot.addWidget(bar)
    menu = bar.addMenu("&Edit")
    assert shortcut_groups(bar.actions()) == []
    menu.addAction(action(menu, "&Find client", "Ctrl+F"))
    assert [e.text for e in shortcut_groups(bar.actions())[0].entries] == ["Find client"]


def test_clashes_name_the_entries_sharing_a_key(qtbot) -> None:
    bar = QMenuBar()
    qtbot.addWidget(bar)
    first, second = bar.addMenu("&A"), bar.addMenu("&B")
    first.addAction(action(first, "&One", "Ctrl+K"))
    second.addAction(action(second, "&Two", "Ctrl+K"))
    key = QKeySequence("Ctrl+K").toString(QKeySequence.SequenceFormat.NativeText)
    assert clashes(shortcut_groups(bar.actions())) == {key: ["One", "Two"]}


def test_focus_shortcuts_are_grouped_by_their_widget_and_never_clash_with_menus(qtbot) -> None:
    bar = QMenuBar()
    qtbot.addWidget(bar)
    edit = bar.addMenu("&Edit")
    in_menu = action(edit, "&Copy rows", "Ctrl+C")
    edit.addAction(in_menu)
    tree = QWidget()
    qtbot.addWidget(tree)
    tree.setAccessibleName("Payload tree")
    local = action(tree, "Copy value", "Ctrl+C")
    local.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    window_wide = action(tree, "Not local", "Ctrl+W")
    nameless = QWidget()
    qtbot.addWidget(nameless)
    unnamed = action(nameless, "Somewhere", "Ctrl+U")
    unnamed.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)

    others = focus_groups([local, window_wide, unnamed])
    assert others == [("Payload tree (when it has the focus)", [local])]
    groups = shortcut_groups(bar.actions(), others)
    assert [g.title for g in groups] == ["Edit", "Payload tree (when it has the focus)"]
    assert not groups[1].window_wide
    assert clashes(groups) == {}

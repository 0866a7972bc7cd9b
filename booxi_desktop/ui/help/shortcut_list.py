"""The window's keyboard shortcuts, read from its menus' actions whenever they are asked for.

Read from the actions rather than listed by hand, so an entry a feature adds to a menu
shows up in the list by itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

_MNEMONIC = re.compile(r"&(.)")
# Menus nested deeper than this are not looked into (a menu that holds itself would loop).
_MAX_DEPTH = 4


@dataclass(frozen=True)
class Shortcut:
    text: str
    keys: str
    """In the platform's own words, e.g. ``Ctrl+Shift+B`` or ``⇧⌘B``."""
    tip: str
    name: str


@dataclass
class ShortcutGroup:
    title: str
    entries: list[Shortcut] = field(default_factory=list)
    window_wide: bool = True
    """A menu's entries act anywhere in the window; others only where the focus is."""


def plain_text(text: str) -> str:
    """A menu text as read: mnemonics dropped (``&&`` is a literal ``&``), no tab part."""
    return _MNEMONIC.sub(r"\1", text.split("\t", 1)[0])


def keys_text(action: QAction) -> str:
    native = QKeySequence.SequenceFormat.NativeText
    return ", ".join(key.toString(native) for key in action.shortcuts() if not key.isEmpty())


def shortcut_groups(
    menu_actions: Iterable[QAction], others: Sequence[tuple[str, Iterable[QAction]]] = ()
) -> list[ShortcutGroup]:
    """One group per menu (``menu_actions``: the menu bar's entries), then ``others``.

    ``others`` are actions outside the menus, by where they act (a tree's context menu…);
    an action already listed in a menu is not listed again. Groups without shortcuts are
    left out.
    """
    groups: list[ShortcutGroup] = []
    seen: set[int] = set()
    for top in menu_actions:
        menu = top.menu()
        if not isinstance(menu, QMenu):
            continue
        group = ShortcutGroup(plain_text(top.text()))
        _collect(menu.actions(), "", group, seen, 0)
        groups.append(group)
    for title, actions in others:
        group = ShortcutGroup(title, window_wide=False)
        _collect(actions, "", group, seen, _MAX_DEPTH)
        groups.append(group)
    return [g for g in groups if g.entries]


def focus_groups(actions: Iterable[QAction]) -> list[tuple[str, list[QAction]]]:
    """Actions with a shortcut that acts in one widget only, by that widget's accessible name."""
    local = (
        Qt.ShortcutContext.WidgetShortcut,
        Qt.ShortcutContext.WidgetWithChildrenShortcut,
    )
    groups: dict[str, list[QAction]] = {}
    for action in actions:
        owner = action.parent()
        if (
            action.shortcutContext() in local
            and keys_text(action)
            and isinstance(owner, QWidget)
            and owner.accessibleName()
        ):
            groups.setdefault(owner.accessibleName(), []).append(action)
    return [(f"{title} (when it has the focus)", found) for title, found in groups.items()]


def clashes(groups: Iterable[ShortcutGroup]) -> dict[str, list[str]]:
    """Keys given to more than one menu entry, with the entries' texts."""
    by_keys: dict[str, list[str]] = {}
    for group in groups:
        if not group.window_wide:
            continue
        for entry in group.entries:
            for key in entry.keys.split(", "):
                by_keys.setdefault(key, []).append(entry.text)
    return {key: texts for key, texts in by_keys.items() if len(texts) > 1}


def _collect(
    actions: Iterable[QAction], prefix: str, group: ShortcutGroup, seen: set[int], depth: int
) -> None:
    for action in actions:
        if action.isSeparator() or not action.isVisible():
            continue
        text = prefix + plain_text(action.text())
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            if depth < _MAX_DEPTH:
                _collect(submenu.actions(), f"{text} › ", group, seen, depth + 1)
            continue
        keys = keys_text(action)
        if not keys or id(action) in seen:
            continue
        seen.add(id(action))
        # A tooltip nobody set is the action's text again: nothing to add.
        tip = action.statusTip() or action.toolTip()
        if tip == plain_text(action.text()):
            tip = ""
        group.entries.append(Shortcut(text, keys, tip, action.objectName()))

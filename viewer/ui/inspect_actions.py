"""The Inspect and View menus of the main window: pick mode, a node's previous / next change,
marks A / B, and DevTools for the replay page (each a window-wide key, see SHORTCUTS)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from viewer.ui.inspector import Inspector
    from viewer.ui.main_window import MainWindow

#: (key, what it does) for the window's `?` list.
SHORTCUTS = [
    ("Ctrl+Shift+C", "Pick an element in the replay (Esc leaves pick mode)"),
    ("Alt+, / Alt+.", "Previous / next change of the selected node"),
    ("Alt+A / Alt+B", "Mark moment A / B (the Diff panel shows what changed)"),
    ("F12", "DevTools for the replay page"),
]


def add_inspect_menus(window: MainWindow) -> QAction:
    """Add the menus to the window (once; each action works on the window's current
    inspector); returns the Esc action, enabled only while picking."""

    def on_inspector(run: Callable[[Inspector], object]) -> Callable[[], None]:
        def slot() -> None:
            inspector = getattr(window, "inspector", None)
            if inspector is not None:
                run(inspector)
        return slot

    def add(menu_title: str, title: str, keys: str, slot: Callable[[], None]) -> QAction:
        action = QAction(title, window)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        menus[menu_title].addAction(action)
        window.addAction(action)
        return action

    bar = window.menuBar()
    help_menu = bar.actions()[-1] if bar.actions() else None
    menus: dict[str, QMenu] = {}
    for title in ("&Inspect", "&View"):
        menu = QMenu(title, bar)
        if help_menu is not None:  # keep Help last
            bar.insertMenu(help_menu, menu)
        else:
            bar.addMenu(menu)
        menus[title] = menu
    add("&Inspect", "&Pick an Element", "Ctrl+Shift+C", on_inspector(lambda i: i.toggle_picking()))
    leave = add("&Inspect", "Leave Pick Mode", "Esc",
                on_inspector(lambda i: i.set_picking(False)))
    leave.setEnabled(False)
    menus["&Inspect"].addSeparator()
    add("&Inspect", "Previous Change of the Node", "Alt+,",
        on_inspector(lambda i: i.go_to_change(-1)))
    add("&Inspect", "Next Change of the Node", "Alt+.", on_inspector(lambda i: i.go_to_change(1)))
    menus["&Inspect"].addSeparator()
    add("&Inspect", "Mark Moment &A", "Alt+A", on_inspector(lambda i: i.diff.mark("A")))
    add("&Inspect", "Mark Moment &B", "Alt+B", on_inspector(lambda i: i.diff.mark("B")))
    add("&View", "&DevTools for the Replay Page", "F12",
        on_inspector(lambda i: i.open_devtools()))
    return leave

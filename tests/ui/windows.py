"""Helpers for main-window tests: the DOM of the rendered page and of the engine."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot

from viewer.render.engine.domdump import dump
from viewer.ui.main_window import MainWindow


def web_dom(qtbot: QtBot, window: MainWindow) -> Any:
    """The domdump of the page as rendered in the window's web view."""
    assert window.view is not None
    box: dict[str, Any] = {}
    window.view.dump(lambda dom: box.setdefault("dom", dom))
    qtbot.waitUntil(lambda: "dom" in box, timeout=20_000)
    return box["dom"]


def engine_dom(window: MainWindow) -> Any:
    """The domdump of the player's engine state."""
    assert window.player is not None
    engine = window.player.cursor.engine
    assert engine is not None and engine.document is not None
    return dump(engine.document)

"""Helpers of the inspector's window tests: the page's answers, points in the replay, waits."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QPoint
from pytestqt.qtbot import QtBot

from viewer.render.engine.inspection.named_ids import named_ids
from viewer.ui.inspector import Inspector
from viewer.ui.main_window import MainWindow
from viewer.ui.panels.elements import ElementsPanel


def run_js(qtbot: QtBot, window: MainWindow, code: str) -> Any:
    """Evaluate in the (trusted) player page; the value comes back through JSON."""
    assert window.view is not None
    box: dict[str, Any] = {}
    window.view.player_page.runJavaScript(f"JSON.stringify(({code}) ?? null)", 0,
                                          lambda v: box.setdefault("v", v))
    qtbot.waitUntil(lambda: "v" in box, timeout=20_000)
    return json.loads(box["v"])


def inspector(window: MainWindow) -> Inspector:
    assert window.inspector is not None
    return window.inspector


def show_elements(qtbot: QtBot, window: MainWindow) -> ElementsPanel:
    panel = inspector(window).elements
    window.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(panel.isVisible, timeout=5_000)
    return panel


def wait_history(qtbot: QtBot, window: MainWindow) -> None:
    inspector(window).ensure_history()
    qtbot.waitUntil(lambda: inspector(window).history is not None, timeout=120_000)


def wait_seek_index(qtbot: QtBot, window: MainWindow) -> None:
    assert window.player is not None
    player = window.player
    qtbot.waitUntil(lambda: player.cursor.index is not None, timeout=120_000)


def box_of(qtbot: QtBot, window: MainWindow, node_id: int) -> dict[str, float] | None:
    """The node's box as the page measures it (replay-viewport CSS px)."""
    text = run_js(qtbot, window, f"replayOverlay.box({node_id})")
    value = json.loads(text)
    return value if isinstance(value, dict) else None


def view_point(qtbot: QtBot, window: MainWindow, x: float, y: float) -> QPoint:
    """A replay-viewport point in the web view's widget pixels (the stage is scaled)."""
    frame = run_js(qtbot, window, "(() => { const r = replay.frame.getBoundingClientRect(); "
                                  "return [r.left, r.top, r.width / replay.viewport().width]; "
                                  "})()")
    left, top, scale = frame
    return QPoint(round(left + x * scale), round(top + y * scale))


def center_point(qtbot: QtBot, window: MainWindow, node_id: int) -> QPoint:
    box = box_of(qtbot, window, node_id)
    assert box is not None and box["width"] > 2 and box["height"] > 2, (node_id, box)
    return view_point(qtbot, window, box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def events_naming(events: Any, node_id: int) -> list[int]:
    """Indices of the events that name the node (a plain scan, not the history index)."""
    return [i for i in range(len(events))
            if any(n == node_id for n, _, _ in named_ids(events[i]))]

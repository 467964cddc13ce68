"""Stylesheet rule edits (StyleSheetRule, adopted sheets) reach the rendered page, whether the
page is rebuilt at a moment or the edits are played as ops."""

from __future__ import annotations

import json
from pathlib import Path

from pytestqt.qtbot import QtBot

from tests import builders as b
from tests.ui.test_security import run_js
from viewer.model import load_replay
from viewer.render.player import Player
from viewer.render.view import ReplayView

DOC = "document.getElementById('replay').contentDocument"


def recording(tmp_path: Path) -> str:
    snapshot = b.full_snapshot()
    head = snapshot["data"]["node"]["childNodes"][1]["childNodes"][0]
    head["childNodes"].append({"type": 2, "id": 20, "tagName": "style", "attributes": {},
                               "childNodes": [{"type": 3, "id": 21, "isStyle": True,
                                               "textContent": "body { margin: 0px; }"}]})
    rule = {"type": 3, "timestamp": b.T0 + 100, "data": {
        "source": 8, "id": 20, "adds": [{"rule": "body { color: rgb(255, 0, 0); }",
                                         "index": 1}]}}
    adopted = {"type": 3, "timestamp": b.T0 + 200, "data": {
        "source": 15, "id": 1, "styleIds": [1],
        "styles": [{"styleId": 1, "rules": [{"rule": "body { padding: 7px; }"}]}]}}
    path = tmp_path / "cssom.json"
    path.write_text(json.dumps([b.meta(), snapshot, rule, adopted]))
    return str(path)


def styles(qtbot: QtBot, view: ReplayView) -> list[str]:
    with qtbot.waitSignal(view.player_page.painted, timeout=20_000):
        view.when_painted()
    body = f"{DOC}.defaultView.getComputedStyle({DOC}.body)"
    return run_js(qtbot, view, f"[{DOC}.querySelector('style').sheet.cssRules.length, "
                               f"{body}.color, {body}.paddingTop]")


def test_rule_edits_survive_a_rebuild_and_playback(qtbot: QtBot, tmp_path: Path) -> None:
    replay = load_replay([recording(tmp_path)])
    view = ReplayView()
    view.resize(400, 300)
    view.show()
    try:
        player = Player(replay, view)
        qtbot.waitUntil(lambda: view.is_ready, timeout=30_000)
        player.seek(b.T0 + 50)  # before the edits
        assert styles(qtbot, view) == [1, "rgb(0, 0, 0)", "0px"]
        player.step(1)  # the rule insert, played as an op
        player.step(1)  # the adopted sheet, played as ops
        assert styles(qtbot, view) == [2, "rgb(255, 0, 0)", "7px"]
        player.seek(b.T0 + 50)
        player.seek(b.T0 + 1000)  # a page rebuilt (or patched) at a moment after both
        assert styles(qtbot, view) == [2, "rgb(255, 0, 0)", "7px"]
        view.apply_ops([player.cursor.reset_op()])  # a full rebuild from the engine's state
        assert styles(qtbot, view) == [2, "rgb(255, 0, 0)", "7px"]
    finally:
        view.shutdown()


def test_a_rebuild_drops_the_sheets_the_previous_page_adopted(qtbot: QtBot,
                                                              tmp_path: Path) -> None:
    replay = load_replay([recording(tmp_path)])
    view = ReplayView()
    view.resize(400, 300)
    view.show()
    try:
        player = Player(replay, view)
        qtbot.waitUntil(lambda: view.is_ready, timeout=30_000)
        player.seek(b.T0 + 1000)
        assert styles(qtbot, view) == [2, "rgb(255, 0, 0)", "7px"]
        player.cursor.seek(b.T0 + 50)  # a state before the adoption, sent as a rebuild
        view.apply_ops([player.cursor.reset_op()])
        assert styles(qtbot, view) == [1, "rgb(0, 0, 0)", "0px"]
        assert run_js(qtbot, view, f"{DOC}.adoptedStyleSheets.length") == 1  # the player's own
    finally:
        view.shutdown()

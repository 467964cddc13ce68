"""Broken recordings in the web view: the page shows exactly the engine's document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.broken.cases import CASES
from tests.hostile.test_hostile import rendered, split_styles
from tests.ui.test_security import open_view
from viewer.render.engine.domdump import dump

WEB_CASES = ["unknown ids", "add under itself or a descendant", "remove twice",
             "reorder into cycles", "insert before a node of another parent",
             "stylesheet rule indexes out of range", "events out of order",
             "timestamps at 0 and far in the future", "50-level nesting repeated"]


@pytest.mark.parametrize("name", WEB_CASES)
def test_the_page_matches_the_engine(qtbot: QtBot, tmp_path: Path, name: str) -> None:
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(CASES[name]()))
    view, player = open_view(qtbot, str(path), False)
    try:
        assert player.cursor.engine is not None and player.cursor.engine.document is not None
        web_styles: list[str] = []
        engine_styles: list[str] = []
        web = split_styles(rendered(qtbot, view), web_styles)
        assert web == split_styles(dump(player.cursor.engine.document), engine_styles)
        assert sorted(web_styles) == sorted(engine_styles)
    finally:
        view.shutdown()

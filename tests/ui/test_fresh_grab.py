"""`snapshot` grabs a frame made after the moment was sent to the page, without the frame mark."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtGui import QImage

from tests import builders as b
from viewer.model import load_replay
from viewer.render.headless import MARK_COLOR, MARK_SIZE, snapshot_view


def test_the_snapshot_shows_the_moment_and_not_the_mark(qtbot: object, tmp_path: Path) -> None:
    snapshot = b.full_snapshot(b.T0 + 1)
    body = snapshot["data"]["node"]["childNodes"][1]["childNodes"][1]
    body["attributes"] = {"style": "margin: 0px; background: rgb(0, 0, 255)"}
    path = tmp_path / "blue.json"
    path.write_text(json.dumps([b.meta(w=400, h=300), snapshot]))
    image: QImage = snapshot_view(load_replay([str(path)]), b.T0 + 10, 400)
    assert (image.width(), image.height()) == (400, 300)
    corner = {image.pixelColor(x, y).rgb() for x in range(MARK_SIZE) for y in range(MARK_SIZE)}
    assert MARK_COLOR.rgb() not in corner
    assert image.pixelColor(200, 150).name() == "#0000ff"  # the recorded page, not a blank one
    assert image.pixelColor(0, 0).name() == "#0000ff"

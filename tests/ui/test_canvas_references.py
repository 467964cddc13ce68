"""2D command mode, WebGL and canvases in iframes / shadow roots look as in rrweb's own Replayer.

Every canvas moment of the shared corpus's reference pictures (`visual/index.json`: rrweb's and
Sentry's canvas and WebGL test recordings) is rendered with `snapshot_view` and compared as the
corpus README says: both scaled to 320 × 200, a pixel differs when a channel differs by more
than 40, a moment looks the same under 2 %. Failures keep ours and the reference under the
artifacts directory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from tests.conftest import DATA, ROOT, SHARED_CORPUS
from viewer.model import load_replay
from viewer.render.headless import snapshot_view

VISUAL = SHARED_CORPUS / "visual"
SAME_BELOW = 0.02


def canvas_moments() -> list[object]:
    """(name, index, t, width, input, picture) of every canvas / WebGL reference moment."""
    index_file = VISUAL / "index.json"
    if not index_file.is_file():
        return [pytest.param(None, marks=pytest.mark.skip(reason="no shared corpus"))]
    out: list[object] = []
    for name, entry in json.loads(index_file.read_text()).items():
        if "canvas" not in name and "webgl" not in name:
            continue
        source = DATA / entry["input"]
        if not source.is_file():
            source = SHARED_CORPUS / entry["input"]
        for i, (t, picture) in enumerate(zip(entry["times"], entry["pictures"], strict=True)):
            out.append(pytest.param((name, i, t, entry["width"], source, VISUAL / picture),
                                    id=f"{name.rsplit('/', 1)[-1]}#{i}"))
    return out


def differing_share(ours: QImage, reference: QImage) -> float:
    def small(image: QImage) -> QImage:
        return image.convertToFormat(QImage.Format.Format_RGBX8888).scaled(
            320, 200, Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation)

    a, b = bytes(small(ours).constBits()), bytes(small(reference).constBits())
    differ = sum(1 for i in range(0, len(a), 4)
                 if max(abs(a[i + k] - b[i + k]) for k in range(3)) > 40)
    return differ / (320 * 200)


@pytest.mark.parametrize("moment", canvas_moments())
def test_canvas_moment_looks_like_rrweb(qtbot: QtBot, moment: tuple) -> None:  # type: ignore[type-arg]
    name, i, t, width, source, picture = moment
    reference = QImage(str(picture))
    ours = snapshot_view(load_replay([str(source)]), t, width)
    assert (ours.width(), ours.height()) == (reference.width(), reference.height())
    share = differing_share(ours, reference)
    if share >= SAME_BELOW:
        base = os.environ.get("REPLAY_VIEWER_ARTIFACTS")
        folder = (Path(base) if base else ROOT / "out") / "canvas-failures" / name
        folder.mkdir(parents=True, exist_ok=True)
        ours.save(str(folder / f"{i}-ours.png"))
        reference.save(str(folder / f"{i}-reference.png"))
        pytest.fail(f"{name}#{i}: {share:.2%} of pixels differ (pictures in {folder})")


def test_the_snapshot_command_draws_webgl_offscreen(tmp_path: Path) -> None:
    """`replay-viewer snapshot` of a WebGL recording, in a fresh process with no Chromium flags
    of ours: it lifts the GPU blocklist itself, and the canvas is the recorded red."""
    source = DATA / "thirdparty" / "rrweb-events" / "webgl.json"
    out = tmp_path / "webgl.png"
    env = {k: v for k, v in os.environ.items() if k != "QTWEBENGINE_CHROMIUM_FLAGS"}
    proc = subprocess.run([sys.executable, "-m", "viewer", "snapshot", str(source), "--at",
                           "1636379532356.5", "--width", "1600", "-o", str(out)],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    colour = QImage(str(out)).pixelColor(100, 50)  # inside the 200 × 100 canvas at (8, 8)
    assert (colour.red(), colour.green(), colour.blue()) == (255, 0, 0)


def test_a_webgl_canvas_is_redrawn_when_seeking_back_and_forth(qtbot: QtBot) -> None:
    """Seek patches redraw a WebGL canvas from its kept commands on a fresh context."""
    from viewer.render.engine import Timeline
    from viewer.render.engine.diff import diff_ops
    from viewer.render.headless import stable_grab, wait_ready
    from viewer.render.view import ReplayView

    replay = load_replay([str(DATA / "thirdparty" / "rrweb-events" / "webgl.json")])
    timeline = Timeline(replay.events, replay.recorder)
    before = timeline.replay_from_snapshot(timeline.count_before(1636379531801.5))
    after = timeline.replay_from_snapshot(timeline.count_before(1636379532356.5))
    view = ReplayView()
    view.resize(1600, 900)
    view.show()
    try:
        wait_ready(view)
        colours = []
        for ops in ([after.reset_op()], diff_ops(after, before), diff_ops(before, after)):
            assert ops is not None
            view.apply_ops(ops)
            c = stable_grab(view, view).pixelColor(100, 50)
            colours.append((c.red(), c.green(), c.blue()))
        assert colours == [(255, 0, 0), (255, 255, 255), (255, 0, 0)]
    finally:
        view.shutdown()

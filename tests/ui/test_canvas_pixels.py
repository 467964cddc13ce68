"""Canvas pixels in the rendered page: every moment, however it is reached, shows each canvas's
last recorded frame at its recorded size (pictures checked pixel by pixel)."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from tests import builders as b
from tests.canvas_recordings import (
    CANVASES,
    HEIGHT,
    MOMENTS,
    WIDTH,
    Moment,
    Picture,
    pixel_of,
    sample_points,
    sentry_canvas_events,
)
from tests.conftest import ROOT
from tests.ui.conftest import ready_view
from tests.ui.test_security import run_js
from viewer.model import Replay, load_replay
from viewer.render.engine import SeekIndex, Timeline
from viewer.render.engine.cursor import engine_at
from viewer.render.engine.diff import diff_ops
from viewer.render.headless import snapshot_view, stable_grab
from viewer.render.view import ReplayView

WHITE = (255, 255, 255)
TOLERANCE = 40  # WebP frames are lossy


def artifacts() -> Path:
    base = os.environ.get("REPLAY_VIEWER_ARTIFACTS")
    return (Path(base) if base else ROOT / "out") / "canvas-failures"


@pytest.fixture(scope="module")
def events(qapp: object) -> list[dict[str, Any]]:
    return sentry_canvas_events()  # WebP frames written by Qt (and a few PNG)


@pytest.fixture(scope="module")
def replay(events: list[dict[str, Any]], tmp_path_factory: pytest.TempPathFactory) -> Replay:
    path = tmp_path_factory.mktemp("canvas") / "replay-canvas.json"
    path.write_text(json.dumps(events))
    return load_replay([str(path)])


def wrong_pixels(image: QImage, shows: dict[str, Picture | None],
                 names: Sequence[str] = tuple(CANVASES)) -> list[str]:
    """Sample points (page pixels, the image at scale 1) whose colour is not the frame's."""
    wrong = []
    for name in names:
        picture = shows[name]
        for x, y, fx, fy in sample_points(name):
            want = WHITE if picture is None else pixel_of(picture, fx, fy)
            c = image.pixelColor(x, y)
            got = (c.red(), c.green(), c.blue())
            if max(abs(a - b) for a, b in zip(got, want, strict=True)) > TOLERANCE:
                wrong.append(f"{name} at ({x}, {y}): {got}, want {want}")
    return wrong


def check(image: QImage, moment: Moment, how: str) -> None:
    wrong = wrong_pixels(image, moment.shows)
    if wrong:
        folder = artifacts()
        folder.mkdir(parents=True, exist_ok=True)
        picture = folder / f"{how}-{moment.label.replace(' ', '-')}.png"
        image.save(str(picture))
        pytest.fail(f"{how}, {moment.label}: {'; '.join(wrong)} (picture: {picture})")


@pytest.mark.parametrize("moment", MOMENTS, ids=[m.label for m in MOMENTS])
def test_snapshot_shows_the_last_frame_of_each_canvas(qtbot: QtBot, replay: Replay,
                                                       moment: Moment) -> None:
    image = snapshot_view(replay, moment.t, WIDTH)
    assert (image.width(), image.height()) == (WIDTH, HEIGHT)
    check(image, moment, "snapshot")


@pytest.fixture
def view(qtbot: QtBot) -> Any:
    # the recorded viewport: page pixels are image pixels
    with ready_view(qtbot, WIDTH, HEIGHT) as v:
        yield v


def test_canvases_are_laid_out_at_their_recorded_size(view: ReplayView, qtbot: QtBot,
                                                      replay: Replay) -> None:
    engine = engine_at(Timeline(replay.events, replay.recorder), MOMENTS[1].t)
    view.apply_ops([engine.reset_op()])
    stable_grab(view, view)
    sizes = run_js(qtbot, view, "[" + ",".join(
        f"(function (c) {{ const r = c.getBoundingClientRect(); "
        f"return [r.width, r.height, c.width, c.height]; }})(replay.node({node_id}))"
        for node_id, *_ in CANVASES.values()) + "]")
    border = {"board": 2, "anim": 2, "framed": 0, "shadow": 2}
    for (name, (_, width, height, *_)), got in zip(CANVASES.items(), sizes, strict=True):
        assert got == [width + border[name], height + border[name], width, height], name
    row = run_js(qtbot, view, "replay.frame.contentDocument.querySelector('.canvases')"
                              ".getBoundingClientRect().width")
    assert row == 1240


def test_seeking_either_way_redraws_the_canvases(view: ReplayView, qtbot: QtBot,
                                                 replay: Replay) -> None:
    timeline = Timeline(replay.events, replay.recorder)
    index = SeekIndex(Timeline(replay.events, replay.recorder), budget=3)
    at = {m.label: m for m in MOMENTS}
    first, second, rebuilt = at["first frames"], at["second frames"], at["rebuilt page"]

    shown = timeline.replay_from_snapshot(timeline.count_before(second.t))
    view.apply_ops([shown.reset_op()])  # a rebuilt page
    check(stable_grab(view, view), second, "reset")

    target = index.engine_at(first.t)  # back, from a keyframe, as a patch
    ops = diff_ops(shown, target)
    assert ops is not None and any(op["op"] == "canvas_state" for op in ops)
    view.apply_ops(ops)
    check(stable_grab(view, view), first, "patched back")

    target.ops = []  # forward again, playing the events (their canvas ops)
    timeline.apply_range(target, timeline.count_before(first.t),
                         timeline.count_before(second.t))
    ops, target.ops = target.ops, None
    assert any(op["op"] == "canvas" for op in ops)
    view.apply_ops(ops)
    check(stable_grab(view, view), second, "played forward")

    far = index.engine_at(rebuilt.t)  # across the second full snapshot
    view.apply_ops(diff_ops(target, far) or [far.reset_op()])
    check(stable_grab(view, view), rebuilt, "across a full snapshot")


def test_painted_waits_until_the_frames_are_drawn(view: ReplayView, qtbot: QtBot,
                                                  replay: Replay) -> None:
    """When `painted` arrives, every canvas already shows its decoded frame (no job pending,
    each canvas's content image is its drawn bitmap), for a rebuilt page and for played ops."""
    timeline = Timeline(replay.events, replay.recorder)
    first, second = MOMENTS[1], MOMENTS[2]
    engine = timeline.replay_from_snapshot(timeline.count_before(first.t))
    shown: dict[str, object] = {}

    def look(_token: int) -> None:  # runs as the signal arrives, before anything else
        view.player_page.runJavaScript(
            "JSON.stringify([replay.stats().canvasPending, [" + ",".join(
                f"getComputedStyle(replay.node({i})).content.slice(0, 24)"
                for i, *_ in CANVASES.values()) + "]])", 0, lambda v: shown.setdefault("v", v))

    view.player_page.painted.connect(look)
    for ops in ([engine.reset_op()], None):
        if ops is None:  # then the next frames, played as canvas ops
            engine.ops = []
            timeline.apply_range(engine, timeline.count_before(first.t),
                                 timeline.count_before(second.t))
            ops, engine.ops = engine.ops, None
        view.apply_ops(ops)
        shown.clear()
        with qtbot.waitSignal(view.player_page.painted, timeout=30_000):
            view.when_painted()
        qtbot.waitUntil(lambda: "v" in shown, timeout=20_000)
        pending, contents = json.loads(str(shown["v"]))
        assert pending == 0
        # every canvas shows its frame (a recorded image or its drawn bitmap), none is blank
        assert all(c.startswith(('url("blob:', 'url("data:image/png')) for c in contents), contents
    check(stable_grab(view, view), second, "after painted")


def test_a_sentry_envelope_with_replay_canvas(qtbot: QtBot, events: list[dict[str, Any]],
                                              tmp_path: Path) -> None:
    path = tmp_path / "envelope-0.bin"
    path.write_bytes(b.envelope(0, b.recording_payload(0, events)))
    replay = load_replay([str(path)])
    assert replay.recorder == "sentry"
    for moment in (MOMENTS[2], MOMENTS[5]):
        check(snapshot_view(replay, moment.t, WIDTH), moment, "envelope")


def test_bad_canvas_commands_are_counted_and_the_page_stays(view: ReplayView, qtbot: QtBot,
                                                            replay: Replay) -> None:
    second = MOMENTS[2]
    engine = engine_at(Timeline(replay.events, replay.recorder), second.t)
    view.apply_ops([engine.reset_op()])
    stable_grab(view, view)
    before = run_js(qtbot, view, "replay.stats().errors")
    board, anim = CANVASES["board"][0], CANVASES["anim"][0]
    undecodable = {"rr_type": "ImageBitmap", "args": [{"rr_type": "Blob", "type": "image/webp",
                   "data": [{"rr_type": "ArrayBuffer", "base64": "UklGRgAAAABXRUJQ"}]}]}
    view.apply_ops([
        {"op": "canvas", "id": board, "type": 0, "commands": [
            {"property": "noSuchMethod", "args": []},
            {"property": "canvas", "args": [1], "setter": True},
            {"property": "drawImage", "args": [{"rr_type": "HTMLImageElement",
                                                "src": "https://example.com/x.png"}, 0, 0]},
            {"property": "fill", "args": [{"rr_type": "Path2D", "index": 9}]},
            {"property": "fillRect", "args": [{"rr_type": "Nonsense"}, 0, 1, 1]}]},
        {"op": "canvas", "id": anim, "type": 0, "commands": [
            {"property": "drawImage", "args": [undecodable, 0, 0, 560, 420]}]},
        {"op": "canvas", "id": anim, "type": 1, "commands": [  # another context type
            {"property": "clear", "args": [16384]}]},
        {"op": "canvas", "id": 5, "type": 0, "commands": [  # not a canvas: ignored
            {"property": "fillRect", "args": [0, 0, 1, 1]}]},
    ])
    check(stable_grab(view, view), second, "after bad commands")
    assert run_js(qtbot, view, "replay.stats().errors") >= before + 7
    assert not [line for line in view.interceptor.blocked if "example.com" in line]


def two_d_page(tmp_path: Path, commands: list[dict[str, Any]]) -> Replay:
    """A 200 × 100 canvas at the page's top left, drawn by `commands` (2D command mode)."""
    snapshot = b.full_snapshot()
    body = snapshot["data"]["node"]["childNodes"][1]["childNodes"][1]
    body["attributes"] = {"style": "margin: 0"}
    body["childNodes"] = [{"type": 2, "id": 30, "tagName": "canvas", "childNodes": [],
                           "attributes": {"width": "200", "height": "100",
                                          "style": "display: block"}}]
    draw = {"type": 3, "timestamp": b.T0 + 100, "data": {"source": 9, "id": 30, "type": 0,
                                                          "commands": commands}}
    path = tmp_path / "two-d.json"
    path.write_text(json.dumps([b.meta(w=400, h=300), snapshot, draw]))
    return load_replay([str(path)])


def test_2d_commands_with_serialized_arguments(qtbot: QtBot, tmp_path: Path) -> None:
    from tests.canvas_recordings import BLUE, GREEN, RED, YELLOW, data_url

    square = "M0 0 L50 0 L50 50 L0 50 Z"
    pixels = [0, 128, 255, 255] * 4  # a 2 × 2 teal ImageData
    commands = [
        {"property": "fillStyle", "args": ["rgb(220, 30, 30)"], "setter": True},
        {"property": "fill", "args": [{"rr_type": "Path2D", "args": [square]}]},
        {"property": "drawImage", "args": [{"rr_type": "HTMLImageElement",
                                            "src": data_url(GREEN, 10, 10)}, 50, 0, 50, 50]},
        {"property": "createPattern", "args": [{"rr_type": "HTMLImageElement",
                                                "src": data_url(BLUE, 4, 4)}, "repeat"]},
        {"property": "fillStyle", "args": [{"rr_type": "CanvasPattern", "index": 0}],
         "setter": True},
        {"property": "fillRect", "args": [100, 0, 50, 50]},
        {"property": "setTransform", "args": [{"rr_type": "DOMMatrix",
                                               "args": [[1, 0, 0, 1, 150, 0]]}]},
        {"property": "fillStyle", "args": ["rgb(240, 200, 20)"], "setter": True},
        {"property": "fillRect", "args": [0, 0, 50, 50]},
        {"property": "resetTransform", "args": []},
        {"property": "putImageData", "args": [{"rr_type": "ImageData", "args": [
            {"rr_type": "Uint8ClampedArray", "args": [pixels]}, 2, 2]}, 0, 60]},
        {"property": "createLinearGradient", "args": [0, 0, 10, 0]},
        {"property": "strokeStyle", "args": [{"rr_type": "CanvasGradient", "index": 0}],
         "setter": True},
    ]
    replay = two_d_page(tmp_path, commands)
    image = snapshot_view(replay, b.T0 + 1000, 400)
    for (x, y), want in [((25, 25), RED), ((75, 25), GREEN), ((125, 25), BLUE),
                         ((175, 25), YELLOW), ((1, 61), (0, 128, 255)), ((25, 80), WHITE)]:
        c = image.pixelColor(x, y)
        assert max(abs(c.red() - want[0]), abs(c.green() - want[1]),
                   abs(c.blue() - want[2])) <= TOLERANCE, ((x, y), c.getRgb(), want)


def test_a_slow_frame_never_overwrites_a_newer_one(view: ReplayView, qtbot: QtBot,
                                                   replay: Replay) -> None:
    """Frames sent back to back: a big one (slow to decode) then a small one; the small one,
    recorded later, is what stays."""
    from tests.canvas_recordings import BLUE, GREEN, png, snapshot_frame, webp

    engine = engine_at(Timeline(replay.events, replay.recorder), MOMENTS[1].t)
    view.apply_ops([engine.reset_op()])
    stable_grab(view, view)
    board, width, height = CANVASES["board"][:3]
    slow = snapshot_frame(board, 0, webp(BLUE, 3000, 2000), "image/webp", width, height)
    fast = snapshot_frame(board, 0, png(GREEN, 4, 4), "image/png", width, height)
    view.apply_ops([{"op": "canvas", "id": board, "type": 0, "commands": e["data"]["commands"]}
                    for e in (slow, fast)])
    shows = {**MOMENTS[1].shows, "board": GREEN}
    assert not wrong_pixels(stable_grab(view, view), shows, ["board"])


def test_commands_on_top_of_a_snapshot_frame_keep_the_frame(view: ReplayView, qtbot: QtBot,
                                                            replay: Replay) -> None:
    """A frame shown as its own image goes into the bitmap before anything draws over it."""
    first = MOMENTS[1]
    engine = engine_at(Timeline(replay.events, replay.recorder), first.t)
    view.apply_ops([engine.reset_op()])
    stable_grab(view, view)
    board = CANVASES["board"][0]
    view.apply_ops([{"op": "canvas", "id": board, "type": 0, "commands": [
        {"property": "fillStyle", "args": ["rgb(255, 255, 255)"], "setter": True},
        {"property": "fillRect", "args": [0, 0, 320, 210]}]}])
    top_left_white = ((255, 255, 255), *first.shows["board"][1:])  # type: ignore[misc]
    shows = {**first.shows, "board": top_left_white}
    assert not wrong_pixels(stable_grab(view, view), shows, ["board"])


def test_frames_hidden_by_later_frames_are_not_decoded(view: ReplayView, qtbot: QtBot,
                                                       replay: Replay) -> None:
    """Playing far forward sends many frames at once: only the last one of a canvas is
    decoded and shown."""
    from tests.canvas_recordings import BLUE, GREEN, RED, snapshot_frame, webp

    engine = engine_at(Timeline(replay.events, replay.recorder), MOMENTS[1].t)
    view.apply_ops([engine.reset_op()])
    stable_grab(view, view)
    board, width, height = CANVASES["board"][:3]
    frames = [snapshot_frame(board, 0, webp(colour, width, height), "image/webp", width, height)
              for colour in (RED, BLUE) * 5 + (GREEN,)]
    before = run_js(qtbot, view, "replayCanvas.decodes()")
    view.apply_ops([{"op": "canvas", "id": board, "type": 0, "commands": f["data"]["commands"]}
                    for f in frames])
    image = stable_grab(view, view)
    assert not wrong_pixels(image, {**MOMENTS[1].shows, "board": GREEN}, ["board"])
    assert run_js(qtbot, view, "replayCanvas.decodes()") - before == 1

"""Canvas frames are part of the engine state: every path to a moment holds the same frames."""

from __future__ import annotations

import base64
import copy
from typing import Any

import pytest

from tests.canvas_recordings import (
    BROKEN_AT,
    CANVASES,
    MOMENTS,
    QUADRANTS_1,
    RED,
    T0,
    png,
    sentry_canvas_events,
    snapshot_frame,
)
from tests.engine.events import el
from viewer.render.engine import SeekIndex, Timeline
from viewer.render.engine import ops as P
from viewer.render.engine.canvas import (
    MAX_COMMANDS_2D,
    MAX_COMMANDS_WEBGL,
    drawable,
    uses_webgl,
)
from viewer.render.engine.cursor import engine_at
from viewer.render.engine.diff import diff_ops
from viewer.render.engine.engine import DomEngine
from viewer.render.engine.seek import freeze, thaw

Event = dict[str, Any]


@pytest.fixture(scope="module")
def events() -> list[Event]:
    return sentry_canvas_events(png)  # PNG frames: no Qt needed


def states(engine: DomEngine) -> dict[str, Any]:
    """What each test canvas would draw, by name."""
    out = {}
    for name, (node_id, *_rest) in CANVASES.items():
        node = engine.mirror.get(node_id)
        out[name] = drawable(node.canvas) if node is not None else "missing"
    return out


def frame_events_before(events: list[Event], t: float) -> dict[int, Event]:
    """The last good snapshot frame event of each canvas id before `t` (since its page was
    built; the recording's broken frame is not one)."""
    last: dict[int, Event] = {}
    for e in events:
        if e["timestamp"] >= t:
            break
        if e["type"] == 2:
            last = {}
        elif e["type"] == 3 and e["data"].get("source") == 9 and e["timestamp"] != BROKEN_AT:
            last[e["data"]["id"]] = e
    return last


def test_a_canvas_keeps_only_its_latest_snapshot_frame(events: list[Event]) -> None:
    timeline = Timeline(events)
    for moment in MOMENTS:
        engine = engine_at(timeline, moment.t)
        latest = frame_events_before(events, moment.t)
        for name, (node_id, *_rest) in CANVASES.items():
            canvas = drawable(engine.mirror[node_id].canvas)
            if moment.shows[name] is None:
                assert canvas is None, (moment.label, name)
                continue
            assert canvas is not None, (moment.label, name)
            frame = latest.get(node_id)
            if frame is None:  # only the snapshot's rr_dataURL so far
                assert canvas["commands"] == [] and canvas["init"].startswith("data:image/png")
            else:
                assert canvas["commands"] == frame["data"]["commands"], (moment.label, name)
                assert "init" not in canvas


def test_every_path_to_a_moment_holds_the_same_frames(events: list[Event]) -> None:
    forward = Timeline(events)
    expected = {m.t: states(engine_at(forward, m.t)) for m in MOMENTS}
    index = SeekIndex(Timeline(events), budget=2)  # a keyframe every couple of events
    assert len(index.keyframes) > 5
    for moment in reversed(MOMENTS):  # seeking backwards through keyframes
        assert states(index.engine_at(moment.t)) == expected[moment.t], moment.label
    fresh = Timeline(events)
    for moment in MOMENTS:  # rrweb's way: from the last full snapshot, a new engine each time
        engine = fresh.replay_from_snapshot(fresh.count_before(moment.t))
        assert states(engine) == expected[moment.t], moment.label
    for keyframe in index.keyframes:  # a keyframe thaws to what it froze
        engine = thaw(keyframe)
        assert states(thaw(freeze(engine, keyframe.position))) == states(engine)


def tree_canvases(tree: dict[str, Any], out: dict[int, Any]) -> dict[int, Any]:
    if tree.get("canvas"):
        out[tree["id"]] = tree["canvas"]
    for child in tree.get("children", []):
        tree_canvases(child, out)
    for key in ("shadow", "content"):
        if tree.get(key):
            tree_canvases(tree[key], out)
    return out


def test_a_rebuilt_page_carries_the_canvas_frames(events: list[Event]) -> None:
    timeline = Timeline(events)
    for moment in MOMENTS:
        engine = engine_at(timeline, moment.t)
        reset = engine.reset_op()
        assert reset["op"] == P.RESET
        found = tree_canvases(reset["tree"], {})
        for name, picture in moment.shows.items():
            node_id = CANVASES[name][0]
            want = drawable(engine.mirror[node_id].canvas)
            assert found.get(node_id) == want, (moment.label, name)
            assert (want is None) == (picture is None)


def test_a_seek_patch_redraws_the_canvases_whose_frame_differs(events: list[Event]) -> None:
    timeline = Timeline(events)
    first, second = MOMENTS[1], MOMENTS[2]
    shown = timeline.replay_from_snapshot(timeline.count_before(second.t))
    target = timeline.replay_from_snapshot(timeline.count_before(first.t))
    ops = diff_ops(shown, target)
    assert ops is not None
    redrawn = {op["id"]: op["canvas"] for op in ops if op["op"] == P.CANVAS_STATE}
    changed = {CANVASES[n][0] for n in CANVASES if first.shows[n] != second.shows[n]}
    assert set(redrawn) == changed  # board, anim, framed; the shadow canvas is unchanged
    for node_id, canvas in redrawn.items():
        assert canvas == drawable(target.mirror[node_id].canvas)
    assert not [op for op in diff_ops(target, target) or [] if op["op"] == P.CANVAS_STATE]


def test_playing_forward_emits_each_frame_once(events: list[Event]) -> None:
    engine = DomEngine()
    engine.ops = []
    for event in events:
        engine.apply(event)
    drawn = [op for op in engine.ops if op["op"] == P.CANVAS]
    frames = [e for e in events if e["type"] == 3 and e["data"].get("source") == 9]
    assert len(drawn) == len(frames) - 1  # the broken frame is not sent
    assert all(op["type"] == 0 and len(op["commands"]) == 2 for op in drawn)


# -- bad data -----------------------------------------------------------------------------------

def page_with_canvas(width: int = 100, height: int = 50) -> list[Event]:
    snapshot = {"type": 2, "timestamp": T0 + 1, "data": {"node": {
        "type": 0, "id": 1, "childNodes": [el(2, "html", {}, el(3, "body", {}, el(
            4, "canvas", {"width": str(width), "height": str(height)}), el(5, "p")))]}}}
    return [{"type": 4, "timestamp": T0, "data": {"href": "x", "width": 800, "height": 600}},
            snapshot]


def canvas_event(ts: int, commands: Any, node_id: int = 4, context: Any = 0) -> Event:
    return {"type": 3, "timestamp": ts,
            "data": {"source": 9, "id": node_id, "type": context, "commands": commands}}


def play(events: list[Event]) -> DomEngine:
    engine = DomEngine()
    for event in events:
        engine.apply(event)
    return engine


def test_bad_canvas_data_is_skipped_and_counted() -> None:
    good = snapshot_frame(4, T0 + 10, png(RED, 100, 50), "image/png", 100, 50)
    broken_png = png(QUADRANTS_1, 100, 50)[:-20]  # cut short: its IEND is missing
    broken = snapshot_frame(4, T0 + 20, broken_png, "image/png", 100, 50)
    huge = copy.deepcopy(good)
    huge["timestamp"] = T0 + 30
    huge["data"]["commands"][1]["args"][0]["args"][0]["data"][0]["base64"] = (
        base64.b64encode(b"\x89PNG\r\n\x1a\n").decode() + "A" * 100_000_000)  # a 100 MB frame
    bad = [
        broken,
        huge,
        canvas_event(T0 + 40, [{"property": "noSuchMethod", "args": []}]),
        canvas_event(T0 + 41, [{"property": "fillRect", "args": "0,0,1,1"}]),
        canvas_event(T0 + 42, [{"property": "drawImage", "args": [
            {"rr_type": "HTMLImageElement", "src": "https://example.com/a.png"}, 0, 0]}]),
        canvas_event(T0 + 43, [{"property": "fill", "args": [{"rr_type": "Nonsense"}]}]),
        canvas_event(T0 + 44, [{"property": "fillStyle", "setter": True, "args": []}]),
        canvas_event(T0 + 45, [{"property": "fillRect", "args": [0, 0, 1, 1]}], node_id=5),
        canvas_event(T0 + 46, [{"property": "fillRect", "args": [0, 0, 1, 1]}], context=3),
        canvas_event(T0 + 47, [{"property": "clear", "args": [16384]}], context=1),
        canvas_event(T0 + 48, "not a list"),
        canvas_event(T0 + 49, [{"property": "fillRect", "args": [0, 0, 1, 1]}], context=7),
    ]
    engine = play([*page_with_canvas(), good, *bad])
    assert engine.mirror[4].canvas is not None
    assert drawable(engine.mirror[4].canvas) == {"type": 0,
                                                 "commands": good["data"]["commands"]}
    assert dict(engine.problems) == {
        "canvas: image data is not an image": 1,
        "canvas: frame too large": 1,
        "canvas: unknown command": 1,
        "canvas: arguments are not a list": 1,
        "canvas: image from the network (not loaded)": 1,
        "canvas: unknown argument type": 1,
        "canvas: property set without a value": 1,
        "canvas: target is not a canvas": 1,
        "canvas: WebRTC stream (not replayed)": 1,
        "canvas: drawn with another context type": 1,
        "canvas: no commands": 1,
        "canvas: unknown context type": 1,
    }
    assert engine.document is not None and engine.mirror[5].canvas is None


def test_a_bad_initial_image_is_counted_and_the_canvas_starts_blank() -> None:
    events = page_with_canvas()
    attrs = events[1]["data"]["node"]["childNodes"][0]["childNodes"][0]["childNodes"][0][
        "attributes"]
    attrs["rr_dataURL"] = "base64-0"  # as rrweb's own test snapshots write it
    engine = play(events)
    assert engine.mirror[4].canvas is None
    assert engine.problems == {"canvas: initial image is not an image": 1}


# -- 2D command mode ----------------------------------------------------------------------------

def cmd(name: str, *args: Any, setter: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"property": name, "args": list(args)}
    if setter:
        out["setter"] = True
    return out


def test_2d_commands_are_kept_since_the_last_full_clear() -> None:
    frames = [canvas_event(T0 + 10, [cmd("fillStyle", "red", setter=True), cmd("lineWidth", 3,
                                                                                setter=True)])]
    for i in range(500):  # an animation: clear, then a moving square and a path
        frames.append(canvas_event(T0 + 20 + i, [
            cmd("clearRect", 0, 0, 100, 50),
            cmd("save"), cmd("translate", i, 0), cmd("fillStyle", "blue", setter=True),
            cmd("fillRect", 0, 0, 5, 5), cmd("restore"),
            cmd("beginPath"), cmd("moveTo", 0, 0), cmd("lineTo", i, 50), cmd("stroke"),
        ]))
    engine = play([*page_with_canvas(), *frames])
    kept = engine.mirror[4].canvas["commands"]
    # what the commands before the last clear left (the property sets, the current path; the
    # balanced save()/restore() and the older paths are gone), then the last frame
    assert kept == [cmd("fillStyle", "red", setter=True), cmd("lineWidth", 3, setter=True),
                    cmd("beginPath"), cmd("moveTo", 0, 0), cmd("lineTo", 498, 50),
                    *frames[-1]["data"]["commands"]]
    assert not engine.problems


def test_a_clear_under_a_transform_does_not_drop_what_it_does_not_cover() -> None:
    events = [*page_with_canvas(),
              canvas_event(T0 + 10, [cmd("fillRect", 0, 0, 100, 50)]),
              canvas_event(T0 + 11, [cmd("translate", 50, 0), cmd("clearRect", 0, 0, 100, 50)])]
    kept = play(events).mirror[4].canvas["commands"]
    assert kept[0] == cmd("fillRect", 0, 0, 100, 50)  # the left half is still drawn
    events.append(canvas_event(T0 + 12, [cmd("resetTransform"), cmd("clearRect", 0, 0, 100, 50)]))
    kept = play(events).mirror[4].canvas["commands"]
    assert kept == [cmd("resetTransform"), cmd("clearRect", 0, 0, 100, 50)]


def test_a_full_put_image_data_and_a_resize_clear_the_canvas() -> None:
    image = {"rr_type": "ImageData", "args": [
        {"rr_type": "Uint8ClampedArray", "args": [[0] * 16]}, 100, 50]}
    events = [*page_with_canvas(),
              canvas_event(T0 + 10, [cmd("fillRect", 0, 0, 10, 10)]),
              canvas_event(T0 + 11, [cmd("putImageData", image, 0, 0)])]
    assert play(events).mirror[4].canvas["commands"] == [cmd("putImageData", image, 0, 0)]
    events.append({"type": 3, "timestamp": T0 + 12, "data": {
        "source": 0, "adds": [], "removes": [], "texts": [],
        "attributes": [{"id": 4, "attributes": {"width": "200"}}]}})
    assert play(events).mirror[4].canvas["commands"] == []


def test_too_many_2d_commands_keep_the_newest() -> None:
    strokes = [canvas_event(T0 + 10, [cmd("translate", 1, 1)])]  # no clear ever covers it all
    strokes += [canvas_event(T0 + 11 + i, [cmd("fillRect", i, 0, 1, 1)])
                for i in range(MAX_COMMANDS_2D + 10)]
    engine = play([*page_with_canvas(), *strokes])
    kept = engine.mirror[4].canvas["commands"]
    assert len(kept) <= MAX_COMMANDS_2D
    assert kept[-1] == strokes[-1]["data"]["commands"][0]
    assert engine.problems["canvas: too many commands kept (oldest dropped)"] >= 1


# -- WebGL --------------------------------------------------------------------------------------

def test_webgl_keeps_the_setup_and_the_newest_batches() -> None:
    setup = [cmd("createProgram"), cmd("linkProgram", {"rr_type": "WebGLProgram", "index": 0})]
    batches = [canvas_event(T0 + 10, setup, context=1)]
    draw = [cmd("clearColor", 1, 0, 0, 1), cmd("clear", 16384), cmd("drawArrays", 4, 0, 3)]
    batches += [canvas_event(T0 + 11 + i, draw, context=1)
                for i in range(MAX_COMMANDS_WEBGL // len(draw) + 50)]
    engine = play([*page_with_canvas(), *batches])
    canvas = engine.mirror[4].canvas
    assert canvas["type"] == 1
    assert canvas["commands"][:2] == setup
    assert len(canvas["commands"]) <= MAX_COMMANDS_WEBGL
    assert canvas["commands"][-3:] == draw
    assert engine.problems["canvas: too many commands kept (oldest dropped)"] >= 1
    assert uses_webgl(batches) and not uses_webgl(sentry_canvas_events(png))

"""Seek index, event stepping and patch ops: all must agree with plain forward play."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
import zstandard

from tests.conftest import DATA, sentry_recording
from tests.engine import iframe_moves
from tests.engine.op_applier import OpApplier
from viewer.model import load_replay
from viewer.render.engine import Cursor, SeekIndex, Timeline, dom_dumps
from viewer.render.engine.domdump import dump
from viewer.render.engine.seek import _all_nodes, freeze, thaw


@pytest.fixture(scope="module")
def checkout_events() -> list[dict]:  # type: ignore[type-arg]
    replay = load_replay(sorted(str(p) for p in sentry_recording("checkout").glob("envelope-*")))
    return list(replay.events)


def test_seek_index_matches_forward_play(checkout_events: list[dict]) -> None:  # type: ignore[type-arg]
    timeline = Timeline(checkout_events)
    index = SeekIndex(timeline, budget=200)
    assert len(index.keyframes) > 5
    rnd = random.Random(3)
    moments = sorted(
        rnd.uniform(timeline.timestamps[0], timeline.timestamps[-1] + 1) for _ in range(25)
    )
    expected = dom_dumps(checkout_events, moments)
    for t, want in zip(moments, expected, strict=True):
        engine = index.engine_at(t)
        assert engine.document is not None
        assert dump(engine.document) == want["dom"]
    # seeking backwards, rrweb's way (from the snapshot), lands on the same DOM too
    for t in reversed(moments[::5]):
        position = timeline.count_before(t)
        a = index.engine_at_position(position)
        b = timeline.replay_from_snapshot(position)
        assert a.document is not None and b.document is not None
        assert dump(a.document) == dump(b.document)


def test_keyframe_round_trip_keeps_state(checkout_events: list[dict]) -> None:  # type: ignore[type-arg]
    timeline = Timeline(checkout_events)
    cursor = Cursor(timeline, ops=False)
    cursor.seek(timeline.timestamps[len(timeline) // 2])
    engine = cursor.engine
    copy = thaw(freeze(engine, 0))
    assert copy.document is not None and engine.document is not None
    assert dump(copy.document) == dump(engine.document)
    assert copy.mirror.keys() == engine.mirror.keys()
    assert (copy.width, copy.height, copy.problems) == (
        engine.width,
        engine.height,
        engine.problems,
    )


def test_index_memory_is_below_the_recording_size(checkout_events: list[dict]) -> None:  # type: ignore[type-arg]
    index = SeekIndex(checkout_events)
    assert index.nbytes < len(json.dumps(checkout_events))


def test_stepping_reports_event_n_of_m_and_ops(checkout_events: list[dict]) -> None:  # type: ignore[type-arg]
    cursor = Cursor(checkout_events)
    shown = OpApplier()
    shown.apply(cursor.reset_op())
    for _ in range(40):
        step = cursor.step(1)
        for op in step.ops:
            shown.apply(op)
    assert step.label == f"event 40 of {len(checkout_events)}"
    assert cursor.event() == checkout_events[39]
    back = cursor.step(-1)
    assert back.position == 39 and back.how == "patch"  # a mouse event: the patch is empty
    for op in back.ops:
        shown.apply(op)
    assert shown.document is not None and cursor.engine.document is not None
    assert dump(shown.document) == dump(cursor.engine.document)
    nxt = cursor.step_to_kind((3, 0), forward=True)  # next DOM mutation
    assert cursor.event()["data"]["source"] == 0 and nxt.how == "play"
    for op in nxt.ops:
        shown.apply(op)
    assert dump(shown.document) == dump(cursor.engine.document)
    cursor.step_to_kind((2, None), forward=False)  # back to the full snapshot
    assert cursor.event()["type"] == 2


def test_moment_t_shows_the_events_strictly_before_it(checkout_events: list[dict]) -> None:  # type: ignore[type-arg]
    cursor = Cursor(checkout_events)
    stamps = cursor.timeline.timestamps
    for i in (len(stamps) // 3, len(stamps) // 2, len(stamps) - 1):
        t = stamps[i]
        cursor.seek(t)
        assert cursor.position == sum(1 for s in stamps if s < t)  # not the event at t
        assert cursor.time == t
    # a step lands just after its event: a seek to the moment it reports shows the same state
    untied = [p for p in range(1, len(stamps)) if stamps[p] > stamps[p - 1]][::500]
    for position in untied:
        step = cursor.move(position, cursor.time_of(position))
        assert step.time > stamps[position - 1]
        assert Cursor(checkout_events).seek(step.time).position == position


def _recordings() -> list[Path]:
    return sorted((DATA / "thirdparty").rglob("*.expected.json"))[::2]


@pytest.mark.parametrize("path", _recordings(), ids=lambda p: p.name[:60])
def test_patch_ops_rebuild_the_engine_dom_at_every_step(path: Path) -> None:
    expected = json.loads(path.read_text())
    events = json.loads((path.parent / expected["events_file"]).read_text())
    timeline = Timeline(events)
    cursor = Cursor(timeline, SeekIndex(timeline))
    shown = OpApplier()
    shown.apply(cursor.reset_op())
    for _ in range(cursor.total):
        for op in cursor.step(1).ops:
            shown.apply(op)
        doc = cursor.engine.document
        assert (doc is None) == (shown.document is None)
        if doc is not None and shown.document is not None:
            assert dump(shown.document) == dump(doc)
    # jumps back and forth (patch or reset) also rebuild the same DOM
    rnd = random.Random(path.name)
    for _ in range(8):
        step = cursor.move(rnd.randrange(cursor.total + 1), 0.0)
        for op in step.ops:
            shown.apply(op)
        if cursor.engine.document is not None and shown.document is not None:
            assert dump(shown.document) == dump(cursor.engine.document)


def test_lazy_index_builds_on_demand_and_matches(checkout_events: list[dict]) -> None:  # type: ignore[type-arg]
    timeline = Timeline(checkout_events)
    lazy = SeekIndex(timeline, budget=200, lazy=True)
    assert not lazy.complete and len(lazy.keyframes) == 1
    middle = len(timeline) // 2
    engine = lazy.engine_at_position(middle)
    assert not lazy.complete and len(lazy.keyframes) > 1
    full = SeekIndex(timeline, budget=200)
    other = full.engine_at_position(middle)
    assert engine.document is not None and other.document is not None
    assert dump(engine.document) == dump(other.document)
    while not lazy.build_some(100):
        pass
    assert [k.position for k in lazy.keyframes] == [k.position for k in full.keyframes]


@pytest.mark.parametrize("indexed", [True, False], ids=["index", "no-index"])
def test_random_jumps_keep_the_shown_dom_in_sync(checkout_events: list[dict],  # type: ignore[type-arg]
                                                 indexed: bool) -> None:
    timeline = Timeline(checkout_events)
    cursor = Cursor(timeline, SeekIndex(timeline) if indexed else None)
    shown = OpApplier()
    shown.apply(cursor.reset_op())
    rnd = random.Random(5)
    kinds = set()
    for _ in range(40):
        target = rnd.randrange(cursor.total + 1)
        if rnd.random() < 0.3:
            target = min(cursor.total, cursor.position + rnd.randrange(1, 150))
        step = cursor.move(target, 0.0)
        kinds.add(step.how)
        for op in step.ops:
            shown.apply(op)
        assert shown.document is not None and cursor.engine.document is not None
        assert dump(shown.document) == dump(cursor.engine.document)
        fresh = timeline.replay_from_snapshot(target)
        assert fresh.document is not None
        assert dump(cursor.engine.document) == dump(fresh.document)
    assert kinds == {"reset", "patch", "play"}


def _cleared_freeze(engine: Any, position: int) -> bytes:
    """A keyframe made with no cached node record (every node serialized afresh)."""
    for node in _all_nodes(engine):
        node.rec = None
    return zstandard.ZstdDecompressor().decompress(freeze(engine, position).blob)


@pytest.mark.parametrize("path", [*_recordings()[::3], sentry_recording("checkout")],
                         ids=lambda p: p.name[:60])
def test_cached_node_records_never_go_stale(path: Path) -> None:
    """Every in-place change of a node clears its cached record: a keyframe made from the
    cache is byte for byte the one made from scratch, all along the recording."""
    if path.is_dir():
        events: list[Any] = list(load_replay([str(path)]).events)
    else:
        expected = json.loads(path.read_text())
        events = json.loads((path.parent / expected["events_file"]).read_text())
    _assert_records_fresh(events)


@pytest.mark.parametrize("move", iframe_moves.MOVES)
def test_cached_node_records_follow_moved_iframes(move: str) -> None:
    _assert_records_fresh(iframe_moves.recording(move))


def test_cached_node_records_follow_canvas_frames() -> None:
    from tests.canvas_recordings import sentry_canvas_events

    _assert_records_fresh(sentry_canvas_events())


def _assert_records_fresh(events: list[Any]) -> None:
    timeline = Timeline(events)
    engine = timeline.fresh_engine()
    step = max(1, len(timeline) // 40)
    for start in range(0, len(timeline), step):
        timeline.apply_range(engine, start, min(start + step, len(timeline)))
        cached = zstandard.ZstdDecompressor().decompress(freeze(engine, 0).blob)
        assert cached == _cleared_freeze(engine, 0), f"stale record after event {start + step}"


def test_keyframes_can_be_made_and_read_in_two_threads_at_once(
        checkout_events: list[dict]) -> None:  # type: ignore[type-arg]
    """The window builds the index in a thread while the GUI thread may read another index
    (an export, a second window): (de)compression must not be shared between threads."""
    import threading

    errors: list[BaseException] = []

    def build() -> None:
        try:
            index = SeekIndex(Timeline(checkout_events), budget=50)
            for position in range(0, len(checkout_events), 97):
                index.engine_at_position(position)
        except BaseException as e:  # collected for the main thread to raise
            errors.append(e)

    threads = [threading.Thread(target=build) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_pauses_of_the_collector_from_several_threads_leave_it_as_it_was() -> None:
    import gc
    import threading

    from viewer.render.engine.seek import paused_gc

    assert gc.isenabled()
    inside = threading.Barrier(2)
    leave = threading.Event()

    def pause() -> None:
        with paused_gc():
            inside.wait()
            leave.wait()

    first = threading.Thread(target=pause)
    first.start()
    with paused_gc():  # overlaps the other thread's pause: it ends first here
        inside.wait()
        assert not gc.isenabled()
    assert not gc.isenabled()  # the other thread still needs it off
    leave.set()
    first.join()
    assert gc.isenabled()

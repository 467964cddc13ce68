"""Seek index, event stepping and patch ops: all must agree with plain forward play."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from tests.conftest import DATA, sentry_recording
from tests.engine.op_applier import OpApplier
from viewer.model import load_replay
from viewer.render.engine import SeekIndex, Stepper, Timeline, dom_dumps, matches
from viewer.render.engine.domdump import dump
from viewer.render.engine.seek import freeze, thaw


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
    engine = timeline.engine_at(timeline.timestamps[len(timeline) // 2])
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
    stepper = Stepper(checkout_events)
    shown = OpApplier()
    shown.apply(stepper.engine.reset_op())
    for _ in range(40):
        step = stepper.step_forward()
        for op in step.ops:
            shown.apply(op)
    assert step.label == f"event 40 of {len(checkout_events)}"
    assert step.event is checkout_events[39] or step.event == checkout_events[39]
    back = stepper.step_back()
    assert back.position == 39  # a mouse event: the patch back is empty
    for op in back.ops:
        shown.apply(op)
    assert shown.document is not None and stepper.engine.document is not None
    assert dump(shown.document) == dump(stepper.engine.document)
    nxt = stepper.step_to_next(matches(3, 0))  # next DOM mutation
    assert nxt.event is not None and nxt.event["data"]["source"] == 0
    for op in nxt.ops:
        shown.apply(op)
    assert dump(shown.document) == dump(stepper.engine.document)
    prev = stepper.step_to_previous(matches(2))  # back to the full snapshot
    assert prev.event is not None and prev.event["type"] == 2


def _recordings() -> list[Path]:
    return sorted((DATA / "thirdparty").rglob("*.expected.json"))[::2]


@pytest.mark.parametrize("path", _recordings(), ids=lambda p: p.name[:60])
def test_patch_ops_rebuild_the_engine_dom_at_every_step(path: Path) -> None:
    expected = json.loads(path.read_text())
    events = json.loads((path.parent / expected["events_file"]).read_text())
    stepper = Stepper(events)
    shown = OpApplier()
    shown.apply(stepper.engine.reset_op())
    for _ in range(stepper.total):
        for op in stepper.step_forward().ops:
            shown.apply(op)
        doc = stepper.engine.document
        assert (doc is None) == (shown.document is None)
        if doc is not None and shown.document is not None:
            assert dump(shown.document) == dump(doc)
    # jumps back and forth (patch or reset) also rebuild the same DOM
    rnd = random.Random(path.name)
    for _ in range(8):
        step = stepper.seek_position(rnd.randrange(stepper.total + 1))
        for op in step.ops:
            shown.apply(op)
        if stepper.engine.document is not None and shown.document is not None:
            assert dump(shown.document) == dump(stepper.engine.document)


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


def test_random_jumps_keep_the_shown_dom_in_sync(checkout_events: list[dict]) -> None:  # type: ignore[type-arg]
    stepper = Stepper(checkout_events)
    shown = OpApplier()
    shown.apply(stepper.engine.reset_op())
    rnd = random.Random(5)
    kinds = set()
    for _ in range(40):
        target = rnd.randrange(stepper.total + 1)
        if rnd.random() < 0.3:
            target = min(stepper.total, stepper.position + rnd.randrange(1, 150))
        step = stepper.seek_position(target)
        kinds.add("reset" if step.is_reset else "patch")
        for op in step.ops:
            shown.apply(op)
        assert shown.document is not None and stepper.engine.document is not None
        assert dump(shown.document) == dump(stepper.engine.document)
    assert kinds == {"reset", "patch"}

"""Broken recordings: the engine never raises, never hangs, and counts the problems."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests import builders as b
from tests.broken.cases import CASES, WITH_PROBLEMS, el, mutation, tree
from tests.fuzz.outcome import ERROR, OK, classify_input, time_limit
from viewer.model import load_replay
from viewer.render.engine import Cursor, DomEngine, SeekIndex, Timeline, dom_dumps, dump

#: Generous budget per case: it guards against hangs, not speed. It is CPU time of this
#: process (a busy shared machine does not eat into it; a spinning loop does), beside a
#: wall-clock hard stop far beyond it (a hang fails the test instead of the whole run).
BUDGET_S = 2.0
HARD_STOP_S = 30.0


@pytest.mark.parametrize("flavor", ["sentry", "rrweb"])
@pytest.mark.parametrize("name", list(CASES))
def test_engine_survives_in_bounded_time(name: str, flavor: str) -> None:
    events = CASES[name]()
    engine = DomEngine(flavor)
    engine.ops = []
    with time_limit(HARD_STOP_S):
        started = time.process_time()
        for event in events:
            engine.apply(event)
        if engine.document is not None:
            dump(engine.document)
        elapsed = time.process_time() - started
    assert engine.applied == len(events)
    assert elapsed < BUDGET_S, f"{name}: {elapsed:.2f} s of CPU"
    if name in WITH_PROBLEMS:
        assert sum(engine.problems.values()) > 0, name


@pytest.mark.parametrize("name", list(CASES))
def test_timeline_seek_index_and_dumps_agree(name: str) -> None:
    events = CASES[name]()
    with time_limit(HARD_STOP_S):
        started = time.process_time()
        timeline = Timeline(events)
        end = max(timeline.timestamps) + 1
        played = Cursor(timeline, ops=False)
        played.seek(end)
        played = played.engine
        index = SeekIndex(timeline)
        sought = index.engine_at(end)
        dumps = dom_dumps(events, [end])
        elapsed = time.process_time() - started
    assert elapsed < 3 * BUDGET_S, f"{name}: {elapsed:.2f} s of CPU"  # three plays
    played_dom = dump(played.document) if played.document is not None else None
    sought_dom = dump(sought.document) if sought.document is not None else None
    assert played_dom == sought_dom
    if played_dom is not None:
        assert dumps[0]["dom"] == played_dom


def test_adding_under_a_descendant_keeps_the_tree_intact() -> None:
    engine = DomEngine()
    for event in tree():
        engine.apply(event)
    before = dump(engine.document)
    engine.apply(mutation(adds=[{"parentId": 12, "nextId": None, "node": el(10)}]))
    assert engine.problems["mutation: node inserted under itself"] == 1
    assert dump(engine.document) == before


@pytest.mark.parametrize("name", ["unknown ids", "reorder into cycles", "events out of order",
                                  "FullSnapshot without html", "timestamps"])
def test_through_the_loader(tmp_path: Path, name: str) -> None:
    key = next(k for k in CASES if k.lower().startswith(name.lower()))
    path = tmp_path / "rec.json"
    path.write_text(json.dumps(CASES[key]()))
    with time_limit(HARD_STOP_S):
        replay = load_replay([str(path)])
        end = replay.end_ms + 1
        dumps = dom_dumps(replay.events, [replay.start_ms, end], replay.recorder)
        index = SeekIndex(Timeline(replay.events, replay.recorder))
        engine = index.engine_at(end)
    if engine.document is not None:
        assert dumps[-1]["dom"] == dump(engine.document)


def test_duplicate_segment_ids_with_different_content(tmp_path: Path) -> None:
    first = b.segment_events(0)
    second = [b.meta(b.T0), b.full_snapshot(b.T0 + 1, text="other"),
              mutation(b.T0 + 50, texts=[{"id": 6, "value": "changed"}])]
    (tmp_path / "a.bin").write_bytes(b.envelope(0, b.recording_payload(0, first)))
    (tmp_path / "b.bin").write_bytes(b.envelope(0, b.recording_payload(0, second)))
    with time_limit(HARD_STOP_S):
        replay = load_replay([str(tmp_path)])
        dumps = dom_dumps(replay.events, [replay.end_ms + 1], replay.recorder)
    assert replay.segments == [0]
    assert any("segment 0" in p for p in replay.problems), replay.problems
    assert dumps[0]["dom"][0] == "#document"


@pytest.mark.parametrize("ts", [1e308, -1e308, 2**63, 2**64, 1e20, -1, 0])
def test_every_timestamp_extreme_through_loader_and_cli(tmp_path: Path, ts: float) -> None:
    """Found while fuzzing: `info` turned such a start time into an OverflowError."""
    events = [b.meta(), b.full_snapshot(), mutation(texts=[{"id": 6, "value": "x"}])]
    for event in events:
        event["timestamp"] = ts
    path = tmp_path / "rec.json"
    path.write_text(json.dumps(events))
    result = classify_input([str(path)], HARD_STOP_S)
    assert result.outcome in (OK, ERROR), result.detail

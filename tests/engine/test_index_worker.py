"""The seek index built in two parts (the later one by a helper process) equals one build."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.conftest import DATA, ROOT, sentry_recording
from viewer.model import load_replay
from viewer.model.events import EventList
from viewer.render.engine import SeekIndex, Timeline
from viewer.render.engine.build import meta_hash
from viewer.render.engine.domdump import dump
from viewer.render.engine.engine import DomEngine
from viewer.render.engine.index_worker import (
    Helper,
    Request,
    Split,
    build_part,
    choose_split,
    page_splits,
)


def _state(engine: DomEngine) -> tuple[Any, ...]:
    """What a moment shows and what later events are applied against."""
    doc = engine.document
    return (dump(doc) if doc is not None else None, sorted(engine.mirror),
            engine.width, engine.height, engine.href, engine.style_sheets, engine.adopted,
            engine.selection, len(engine.legacy_missing), len(engine.parked_documents))


def _two_parts(timeline: Timeline, split: Split, budget: int) -> SeekIndex:
    index = SeekIndex(timeline, budget=budget, lazy=True)
    index.build_until(split.position)
    assert split.carries_over(index.builder)
    index.complete_with(*build_part(timeline, split, budget))
    return index


def _assert_same(timeline: Timeline, split: Split, budget: int = 200, moments: int = 30) -> None:
    whole = SeekIndex(timeline, budget=budget)
    parts = _two_parts(timeline, split, budget)
    assert parts.complete and parts.max_nodes > 0
    assert [k.position for k in parts.keyframes] == sorted({k.position for k in parts.keyframes})
    n = len(timeline)
    rnd = random.Random(n)
    positions = {0, n, *(rnd.randrange(n + 1) for _ in range(moments))}
    positions.update(p for p in range(split.position - 3, split.position + 4) if 0 <= p <= n)
    for position in sorted(positions):
        assert _state(parts.engine_at_position(position)) == \
            _state(whole.engine_at_position(position)), f"position {position} of {n}"


def _events(path: Path) -> list[Any]:
    if path.is_dir():
        return list(load_replay([str(path)]).events)
    expected = json.loads(path.read_text())
    return json.loads((path.parent / expected["events_file"]).read_text())  # type: ignore[no-any-return]


def _recordings() -> list[Path]:
    return [*sorted((DATA / "thirdparty").rglob("*.expected.json"))[::3],
            sentry_recording("checkout"), sentry_recording("masked")]


def test_a_part_started_inside_the_first_page_continues_the_whole_play() -> None:
    checked = 0
    for path in _recordings():
        timeline = Timeline(_events(path))
        if not timeline.snapshots:
            continue
        first = timeline.snapshots[0] + 1
        pages = page_splits(timeline)
        end = pages[0].replay_from if pages else len(timeline)
        if end - first < 3:
            continue  # a first page too short to split
        for share in (0.3, 0.7):
            _assert_same(timeline, Split(first + int((end - first) * share), 0))
        checked += 1
    assert checked >= 20


def test_a_part_started_at_a_later_page_continues_the_whole_play() -> None:
    checked = 0
    for path in _recordings():
        timeline = Timeline(_events(path))
        for split in page_splits(timeline):
            assert timeline.types[split.replay_from] == 4  # Meta
            assert timeline.types[split.position - 1] == 2  # just after its FullSnapshot
            _assert_same(timeline, split, moments=10)
            checked += 1
    assert checked >= 5


def test_the_long_recording_is_split_at_its_second_page_and_matches() -> None:
    replay = load_replay([str(sentry_recording("long"))])
    timeline = Timeline(replay.events, replay.recorder)
    split = choose_split(timeline, cpus=2)
    assert split is not None and split.replay_from > 0  # a page start: nothing played twice
    assert 0.3 < split.position / len(timeline) < 0.7
    _assert_same(timeline, split, budget=600, moments=12)


def test_no_helper_on_one_core_or_for_a_short_recording() -> None:
    replay = load_replay([str(sentry_recording("long"))])
    timeline = Timeline(replay.events, replay.recorder)
    assert choose_split(timeline, cpus=1) is None
    checkout = Timeline(_events(sentry_recording("checkout")))
    assert choose_split(checkout, cpus=4) is None  # indexed in well under a second
    # without the start cost and the minimum, even a short recording is worth splitting
    assert choose_split(checkout, cpus=4, min_total=0, start_cost=0) is not None


def test_a_page_that_inherits_a_waiting_iframe_document_is_not_continued() -> None:
    timeline = Timeline(_events(sentry_recording("checkout")))
    engine = DomEngine()
    assert Split(10, 0).carries_over(engine)
    assert Split(10, 8).carries_over(engine)
    engine.parked_documents.append({"parentId": 99, "node": {"type": 0, "id": 100}})
    assert Split(10, 0).carries_over(engine)  # the same play: whatever it holds is the same
    assert not Split(10, 8).carries_over(engine)
    assert len(timeline) > 10


def test_the_helper_process_builds_the_same_keyframes() -> None:
    path = sentry_recording("checkout")
    replay = load_replay([str(path)])
    assert isinstance(replay.events, EventList)
    timeline = Timeline(replay.events, replay.recorder)
    split = Split(len(timeline) // 2, 0)
    digest = replay.events.content_digest()
    helper = Helper(Request([str(path)], timeline.flavor, 600, split, digest, len(timeline)))
    assert helper.ready(timeout=120)
    result = helper.result()
    assert result is not None
    keyframes, max_nodes = result
    here, here_max = build_part(timeline, split, 600)
    assert [k.position for k in keyframes] == [k.position for k in here]
    assert [k.blob for k in keyframes] == [k.blob for k in here]  # byte for byte
    assert max_nodes == here_max


def test_a_helper_reading_other_events_is_not_used() -> None:
    path = sentry_recording("checkout")
    replay = load_replay([str(path)])
    timeline = Timeline(replay.events, replay.recorder)
    split = Split(len(timeline) // 2, 0)
    helper = Helper(Request([str(sentry_recording("masked"))], timeline.flavor, 600, split,
                            "0" * 40, len(timeline)))
    assert helper.ready(timeout=120)
    assert helper.result() is None
    broken = Helper(Request([str(ROOT / "no-such-recording")], timeline.flavor, 600, split,
                            "0" * 40, len(timeline)))
    assert broken.ready(timeout=120)
    assert broken.result() is None


def test_node_hashes_are_the_same_in_every_process() -> None:
    """Keyframes keep a hash of each node's serialized form; another process (the helper, or
    the next run reading the cache) compares it to its own: it must not be salted."""
    metas = [{"type": 2, "tagName": "td", "attributes": {"class": "a", "id": "x"}},
             {"type": 3, "textContent": "hello"}, {"type": 1, "name": "html"},
             {"type": 2, "tagName": "a", "attributes": {"n": 2 ** 70}}]
    code = ("import json, sys; from viewer.render.engine.build import meta_hash; "
            "print(json.dumps([meta_hash(m) for m in json.loads(sys.argv[1])]))")
    here = [meta_hash(m) for m in metas]
    for seed in ("1", "2"):
        out = subprocess.run([sys.executable, "-c", code, json.dumps(metas[:3])], check=True,
                             capture_output=True, text=True, cwd=ROOT,
                             env={**os.environ, "PYTHONHASHSEED": seed})
        assert json.loads(out.stdout) == here[:3]
    reordered = {"type": 2, "tagName": "td", "attributes": {"id": "x", "class": "a"}}
    assert meta_hash(reordered) == here[0]
    assert meta_hash({**reordered, "attributes": {"id": "y", "class": "a"}}) != here[0]
    assert isinstance(here[3], int)

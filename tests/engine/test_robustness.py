"""Broken input never raises: mangled corpus events are skipped and counted in `problems`."""

from __future__ import annotations

import copy
import json
import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import DATA
from viewer.render.engine import Cursor, DomEngine, SeekIndex, Timeline, dom_dumps
from viewer.render.engine.domdump import dump
from viewer.render.engine.seek import freeze, thaw

_EVENTS_FILE = (
    DATA
    / "thirdparty"
    / "rrweb-test-snapshots-timed"
    / "rrweb__integration__record-integration-tests-can-record-node-mutations.json"
)
_BASE: list[dict[str, Any]] = json.loads(_EVENTS_FILE.read_text())

_junk = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 60)
    | st.floats(allow_nan=True)
    | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(obj: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(obj, dict):
        for k, v in obj.items():
            out.extend(_paths(v, (*prefix, k)))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            out.extend(_paths(v, (*prefix, i)))
    return out


def _mangle(events: list[Any], seed: int, junk: list[Any]) -> list[Any]:
    rnd = random.Random(seed)
    events = copy.deepcopy(events)
    for value in junk:
        i = rnd.randrange(len(events))
        paths = _paths(events[i])
        path = rnd.choice(paths)
        if not path:
            events[i] = value
            continue
        holder = events[i]
        for key in path[:-1]:
            holder = holder[key]
        holder[path[-1]] = value
    return events


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**6), junk=st.lists(_junk, min_size=1, max_size=6))
def test_mangled_events_never_raise(seed: int, junk: list[Any]) -> None:
    events = _mangle(_BASE, seed, junk)
    engine = DomEngine()
    for event in events:
        engine.apply(event)
    if engine.document is not None:
        dump(engine.document)
        copy_ = thaw(freeze(engine, len(events)))
        assert copy_.document is not None
        assert dump(copy_.document) == dump(engine.document)
    good = [e for e in events if isinstance(e, dict)]
    try:
        times = [
            float(e["timestamp"]) + 0.5
            for e in good[::4]
            if isinstance(e.get("timestamp"), (int, float))
            and not isinstance(e.get("timestamp"), bool)
        ]
    except (OverflowError, ValueError):
        times = []
    dom_dumps(good, [t for t in times if t == t])
    timeline = Timeline(good)
    cursor = Cursor(timeline, SeekIndex(timeline))
    for _ in range(len(good)):
        cursor.step(1)
    cursor.step(-1)
    cursor.step_to_kind((3, 0), forward=False)


def test_garbage_events_are_counted() -> None:
    engine = DomEngine()
    for event in [
        None,
        3,
        "x",
        [],
        {"type": 2},
        {"type": 2, "data": {"node": 5}},
        {"type": 3, "data": {"source": 0, "adds": 7}},
        {"type": 99, "data": {}},
    ]:
        engine.apply(event)
    assert sum(engine.problems.values()) >= 5

"""Node histories on real recordings against an independent scan of their events."""

from __future__ import annotations

import random
from collections import defaultdict
from typing import Any

import pytest

from tests.inspection.corpus import SENTRY, history_index, recording, thirdparty_files
from viewer.render.engine import Cursor, Timeline

#: Incremental sources whose `data.id` is the node they touch (the issue's list + 15).
ID_SOURCES = {2, 3, 5, 7, 8, 9, 13, 15}
TEXT_INPUTS = ("text", "search", "password", "tel")


def scan(events: Any) -> dict[int, set[int]]:
    """node id -> indices of the events naming it, written apart from the index, plainly."""
    found: dict[int, set[int]] = defaultdict(set)

    def tree(node: Any, i: int) -> None:
        if isinstance(node, dict):
            if type(node.get("id")) is int:
                found[node["id"]].add(i)
            for child in node.get("childNodes") or []:
                tree(child, i)

    for i, event in enumerate(events):
        data = event.get("data")
        if not isinstance(data, dict):
            continue
        if event.get("type") == 2:
            tree(data.get("node"), i)
        if event.get("type") != 3:
            continue
        source = data.get("source")
        if source == 0:
            for a in data.get("adds") or []:
                tree(a.get("node"), i)
            for key in ("removes", "texts", "attributes"):
                for item in data.get(key) or []:
                    if type(item.get("id")) is int:
                        found[item["id"]].add(i)
        elif source in ID_SOURCES and type(data.get("id")) is int:
            found[data["id"]].add(i)
        elif source == 14:
            for r in data.get("ranges") or []:
                for key in ("start", "end"):
                    if type(r.get(key)) is int:
                        found[r[key]].add(i)
    found.pop(-1, None)
    return found


def check_against_scan(name: str, sample: int | None) -> int:
    """Compare the index with the scan for (a sample of) the nodes; returns how many."""
    replay = recording(name)
    assert replay is not None, name
    events = replay.events
    index = history_index(name)
    expected = scan(events)
    ids = sorted(expected)
    if sample is not None and len(ids) > sample:
        ids = random.Random(name).sample(ids, sample)
    stamps = [e["timestamp"] for e in events]
    for node_id in ids:
        history = index.history(node_id)
        assert {e["event"] for e in history} == expected[node_id], (name, node_id)
        assert {e["t"] for e in history} == {stamps[i] for i in expected[node_id]}, node_id
        assert [e["t"] for e in history] == sorted(e["t"] for e in history)
    assert set(index.node_ids()) == set(expected)
    return len(ids)


@pytest.mark.parametrize("name", [f"sentry/{n}" for n in SENTRY] + ["rrweb/plain"])
def test_history_times_match_a_scan_of_the_events(name: str) -> None:
    assert check_against_scan(name, sample=150) > 0


def test_history_of_every_node_of_the_thirdparty_fixtures() -> None:
    """Iframes, shadow DOM, canvas, media, selection, stylesheets: every node of every file."""
    checked = 0
    for name in thirdparty_files():
        replay = recording(name)
        if replay is not None and len(replay.events):
            checked += check_against_scan(name, sample=None)
    assert checked > 500


@pytest.mark.parametrize("name", ["sentry/checkout", "sentry/long", "rrweb/plain"])
def test_old_and_new_values_are_the_engine_states_around_the_event(name: str) -> None:
    replay = recording(name)
    assert replay is not None
    index = history_index(name)
    entries = [
        (e["event"], node_id, e)
        for node_id in index.node_ids()
        for e in index.history(node_id)
        if e["change"] in ("attribute", "text", "input", "scroll")
    ]
    rnd = random.Random(7)
    picked = sorted(rnd.sample(entries, min(300, len(entries))), key=lambda x: x[0])
    kinds: set[str] = set()
    play = Cursor(Timeline(replay.events, replay.recorder), ops=False)  # one forward play
    by_event: dict[int, list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    for event, node_id, entry in picked:
        by_event[event].append((node_id, entry))
    for event in sorted(by_event):
        # the shared engine moves on: read every "before" side before playing the event
        play.move(event, 0.0)
        engine = play.engine
        olds = [(engine.mirror.get(n), _state(engine.mirror.get(n), e)) for n, e in by_event[event]]
        play.move(event + 1, 0.0)
        engine = play.engine
        for (node_id, entry), (before, old) in zip(by_event[event], olds, strict=True):
            after = engine.mirror.get(node_id)
            if _agrees(entry, before, old, after, _state(after, entry)):
                kinds.add(entry["change"])
    assert kinds, "no entry was checked"


def _agrees(entry: dict[str, Any], before: Any, old: Any, after: Any, new: Any) -> bool:
    """Assert an entry's old/new against the states; False when the kind is not checkable."""
    d = entry["detail"]
    if entry["change"] == "attribute":
        if d["name"] in ("_cssText", "value") or after is None:
            return False  # kept in a text child, or a recorded value for a missing node
        assert (d["old"], d["new"]) == (old, new), entry
    elif entry["change"] == "text" and after is not None and after.kind == 3:
        assert (d["old"], d["new"]) == (old, new), entry
    elif entry["change"] == "input" and after is not None and after.value is not None:
        if after.attrs.get("type", "text") not in TEXT_INPUTS:
            return False  # the DOM sanitizes numbers, dates, colours…
        assert d.get("value") == new, entry
        if old is not None:  # (None: the markup's value, which value_of works out)
            assert d.get("old_value") == old, entry
    elif entry["change"] == "scroll" and after is not None and after.tag not in ("html", "body"):
        assert (d["old"], d["new"]) == (old, new), entry
    else:
        return False
    return True


def _state(node: Any, entry: dict[str, Any]) -> Any:
    """The value an entry's old/new side shows, read straight off an engine node."""
    if node is None:
        return None
    change = entry["change"]
    if change == "attribute":
        return node.attrs.get(entry["detail"]["name"])
    if change == "text":
        return node.text
    if change == "input":
        return node.value
    return list(node.scroll or (0.0, 0.0))

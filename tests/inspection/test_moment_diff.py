"""Diffs of two moments against the two engine states, compared plainly; page loads; hydration."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from tests.engine.events import (
    T0,
    add,
    el,
    hydration_error_events,
    meta,
    mutation,
    page,
    snapshot,
    text,
)
from tests.inspection.corpus import recording
from viewer.model import load_replay
from viewer.render.engine import DomEngine, SeekIndex, Timeline
from viewer.render.engine.inspection.hydration import hydration_diff, hydration_moments
from viewer.render.engine.inspection.moment_diff import diff_moments, diff_positions
from viewer.render.engine.inspection.pages import PageBreaks

Places = dict[int, tuple[Any, int | None]]

RECORDINGS = [
    "sentry/tiny",
    "sentry/checkout",
    "sentry/masked",
    "sentry/long",
    "rrweb/plain",
    "thirdparty/rrweb-events/iframe.json",
    "thirdparty/rrweb-events/shadow-dom.json",
    "thirdparty/rrweb-events/iframe-shadowdom-hover.json",
    "thirdparty/rrweb-events/input.json",
    "thirdparty/rrweb-test-snapshots-timed/"
    "rrweb__integration__record-integration-tests-should-record-nested-iframes-and-shadow-doms.json",
    "thirdparty/misc/rrweb-sizer__e1.json",
]


def places(engine: DomEngine) -> Places:
    """id -> (node, parent id) of every recorded node in the document, walked recursively;
    a shadow root's children belong to its host, an iframe's document to the iframe."""
    out: Places = {}

    def walk(node: Any, parent: int | None) -> None:
        here = parent
        if node.id > 0:
            out[node.id] = (node, parent)
            here = node.id
        for child in node.children:
            walk(child, here)
        if node.shadow is not None:
            walk(node.shadow, here)
        if node.content is not None:
            walk(node.content, here)

    if engine.document is not None:
        walk(engine.document, None)
    return out


def ancestors(places: Places, node_id: int) -> list[int]:
    out = [node_id]
    parent = places[node_id][1]
    while parent is not None:
        out.append(parent)
        parent = places[parent][1]
    return out


def check_diff(result: dict[str, Any], a: DomEngine, b: DomEngine) -> None:
    """The diff says exactly what two plain walks of the states say."""
    pa, pb = places(a), places(b)
    by: dict[str, list[dict[str, Any]]] = {}
    for change in result["changes"]:
        by.setdefault(change["change"], []).append(change)
        where = {"A": pa, "B": pb, "both": None}[change["exists"]]
        if where is None:
            assert change["id"] in pa and change["id"] in pb
        else:
            assert change["id"] in where
    if not result["same_page"]:
        assert [c["change"] for c in result["changes"]] == ["removed", "added"]
        return
    only_a, only_b = pa.keys() - pb.keys(), pb.keys() - pa.keys()
    for name, only, side in (("removed", only_a, pa), ("added", only_b, pb)):
        tops = {c["id"] for c in by.get(name, [])}
        assert tops <= only
        under: dict[int, int] = dict.fromkeys(tops, 0)
        for i in only:  # each node only one side has sits under exactly one listed top
            hits = [x for x in ancestors(side, i) if x in tops]
            assert len(hits) == 1, (name, i)
            under[hits[0]] += 1
        assert {c["id"]: c["detail"]["nodes"] for c in by.get(name, [])} == under
    both = pa.keys() & pb.keys()
    same = {i for i in both if pa[i][0].kind == pb[i][0].kind and pa[i][0].tag == pb[i][0].tag}
    reparented = {i for i in same if pa[i][1] != pb[i][1]}
    moved = {c["id"] for c in by.get("moved", []) if not c["detail"].get("order")}
    assert moved == reparented
    for c in by.get("moved", []):
        if c["detail"].get("order"):
            assert pa[c["id"]][1] == pb[c["id"]][1]
    attrs = {
        (i, name)
        for i in same
        if pa[i][0].kind == 2
        for name in pa[i][0].attrs.keys() | pb[i][0].attrs.keys()
        if pa[i][0].attrs.get(name) != pb[i][0].attrs.get(name)
    }
    assert {(c["id"], c["detail"]["name"]) for c in by.get("attribute", [])} == attrs
    texts = {i for i in same if pa[i][0].kind in (3, 5) and pa[i][0].text != pb[i][0].text}
    assert texts <= {c["id"] for c in by.get("text", [])}
    assert result["counts"] == {k: len(v) for k, v in by.items()}


@pytest.mark.parametrize("name", RECORDINGS)
def test_diffs_of_random_moments_match_the_two_states(name: str) -> None:
    replay = recording(name)
    assert replay is not None, name
    tl = Timeline(replay.events, replay.recorder)
    seek = SeekIndex(tl, budget=5000, lazy=True)
    breaks = PageBreaks(seek)
    rnd = random.Random(name)
    pairs = 6 if name == "sentry/long" else 25
    changed = 0
    for _ in range(pairs):
        a, b = rnd.randrange(len(tl) + 1), rnd.randrange(len(tl) + 1)
        result = diff_positions(seek, a, b, breaks)
        assert (result["from"]["event"], result["to"]["event"]) == (a, b)
        check_diff(result, seek.engine_at_position(a), seek.engine_at_position(b))
        changed += len(result["changes"])
    assert changed > 0
    same = diff_positions(seek, len(tl) // 2, len(tl) // 2, breaks)
    assert same["changes"] == [] and same["same_page"]


def test_a_page_load_is_the_whole_page_replaced_but_a_checkout_is_not() -> None:
    replay = recording("sentry/long")
    assert replay is not None
    tl = Timeline(replay.events, replay.recorder)
    seek = SeekIndex(tl, budget=5000, lazy=True)
    breaks = PageBreaks(seek)
    second = tl.snapshots[1]
    assert breaks.is_new_page(second)  # its ids name other kinds of nodes than before
    result = diff_positions(seek, second - 5, second + 5, breaks)
    assert not result["same_page"] and result["page_loads"] == [second]
    assert [(c["change"], c["exists"]) for c in result["changes"]] == [
        ("removed", "A"), ("added", "B")
    ]

    body = (el(10, "p", {}, text(11, "a")),)
    checkout = [meta(), snapshot(page(*body)),
                mutation(5, texts=[{"id": 11, "value": "b"}]),
                meta(9), snapshot(page(*body), ts=10)]
    seek2 = SeekIndex(Timeline(checkout))
    result = diff_moments(seek2, T0 + 6, T0 + 11)
    assert result["same_page"]  # same ids, same kinds of nodes: the same page
    assert [(c["change"], c["id"], c["detail"]) for c in result["changes"]] == [
        ("text", 11, {"a": "b", "b": "a"})
    ]
    reload = [meta(), snapshot(page(*body)), meta(9),
              snapshot(page(el(10, "section")), ts=10)]
    assert not diff_moments(SeekIndex(Timeline(reload)), T0 + 2, T0 + 11)["same_page"]


def test_moves_in_a_list_name_the_fewest_nodes() -> None:
    items = [el(20 + i, "li") for i in range(5)]
    events = [meta(), snapshot(page(el(10, "ul", {}, *items))),
              # the last item goes first: one node moved, not four
              mutation(5, removes=[{"parentId": 10, "id": 24}],
                       adds=[add(10, el(24, "li"), next_id=20)])]
    result = diff_moments(SeekIndex(Timeline(events)), T0 + 2, T0 + 6)
    assert [(c["change"], c["id"], c["detail"]) for c in result["changes"]] == [
        ("moved", 24, {"from": 10, "to": 10, "order": True})
    ]


def test_hydration_error_diff_from_a_sentry_breadcrumb(tmp_path: Path) -> None:
    events = hydration_error_events()
    path = tmp_path / "hydration.json"
    path.write_text(json.dumps(events))
    replay = load_replay([str(path)])
    frames = replay.frames_of("hydrate-error")
    assert len(frames) == 1
    tl = Timeline(replay.events, replay.recorder)
    t_a, t_b = hydration_moments(tl, frames[0].ts_ms)
    # after the last DOM change before the error (5), after the second one after it (8)
    assert (tl.count_before(t_a), tl.count_before(t_b)) == (3, 5)
    result = hydration_diff(SeekIndex(tl), frames[0].ts_ms)
    assert [(c["change"], c["id"]) for c in result["changes"]] == [("text", 11), ("added", 12)]
    assert result["error_t"] == frames[0].ts_ms

"""Node history on hand-made events: each kind of change, old → new values, lifetimes."""

from __future__ import annotations

from typing import Any

from tests.engine.events import T0, add, el, incremental, meta, mutation, page, snapshot, text
from viewer.render.engine import SeekIndex, Timeline
from viewer.render.engine.inspection import HistoryIndex, ids_named_between, named_ids
from viewer.render.engine.inspection.node_lookup import node_at


def history_of(events: list[dict[str, Any]], node_id: int, via: bool = False
               ) -> list[tuple[float, str, dict[str, Any]]]:
    index = HistoryIndex(Timeline(events))
    return [(e["t"] - T0, e["change"], e["detail"]) for e in index.history(node_id, via)]


def base(*body: dict[str, Any]) -> list[dict[str, Any]]:
    return [meta(), snapshot(page(*body))]


def test_snapshot_creates_and_attribute_changes_carry_old_and_new() -> None:
    events = [
        *base(el(10, "button", {"class": "a"}, text(11, "Buy"))),
        mutation(5, attributes=[{"id": 10, "attributes": {"class": "a b", "disabled": ""}}]),
        mutation(6, attributes=[{"id": 10, "attributes": {"disabled": None}}]),
        mutation(7, texts=[{"id": 11, "value": "Bought"}]),
    ]
    assert history_of(events, 10) == [
        (1, "created", {"by": "snapshot", "parent": 5}),
        (5, "attribute", {"name": "class", "old": "a", "new": "a b"}),
        (5, "attribute", {"name": "disabled", "old": None, "new": ""}),
        (6, "attribute", {"name": "disabled", "old": "", "new": None}),
    ]
    assert history_of(events, 11)[1:] == [(7, "text", {"old": "Buy", "new": "Bought"})]


def test_created_moved_removed_and_removal_through_an_ancestor() -> None:
    events = [
        *base(el(10, "ul"), el(20, "div")),
        mutation(5, adds=[add(10, el(12, "li")), add(12, text(13, "x"))]),
        # 12 moves under 20: remove + add of the same id in one mutation is one "moved"
        mutation(6, removes=[{"parentId": 10, "id": 12}], adds=[add(20, el(12, "li"))]),
        # an add of an id the mirror holds also moves it
        mutation(7, adds=[add(10, el(12, "li"))]),
        mutation(8, removes=[{"parentId": 10, "id": 12}]),
    ]
    assert history_of(events, 12) == [
        (5, "created", {"by": "mutation", "parent": 10}),
        (6, "moved", {"from": 10, "to": 20}),
        (7, "moved", {"from": 20, "to": 10}),
        (8, "removed", {"parent": 10}),
    ]
    assert [c for _, c, _ in history_of(events, 13)] == ["created"]
    # the engine drops 12's subtree when 12 is removed (rrweb records re-adds for children)
    via = HistoryIndex(Timeline(events)).history(13, via=True)
    assert [(e["t"] - T0, e["change"], e.get("via")) for e in via] == [
        (5, "created", None), (6, "removed", 12)
    ]


def test_interactions_input_scroll_and_other_sources() -> None:
    events = [
        *base(
            el(10, "input", {"type": "text", "value": "a"}),
            el(11, "input", {"type": "checkbox"}),
            el(12, "div"),
            el(13, "canvas"),
            el(14, "video"),
            el(15, "style", {}, text(16, "p{}")),
        ),
        incremental(2, 2, type=2, id=10, x=1, y=2),
        incremental(3, 5, id=10, text="ab", isChecked=False),
        incremental(4, 5, id=11, isChecked=True),
        incremental(5, 3, id=12, x=0, y=40),
        incremental(6, 9, id=13, type=0, commands=[{"property": "fillRect", "args": []}]),
        incremental(7, 7, id=14, type=0, currentTime=3),
        incremental(8, 8, id=15, adds=[{"rule": "a{}", "index": 0}]),
        incremental(9, 13, id=15, index=[0], set={"property": "color", "value": "red"}),
        incremental(10, 14, ranges=[{"start": 16, "startOffset": 0, "end": 16, "endOffset": 1}]),
        incremental(11, 1, positions=[{"x": 1, "y": 1, "id": 12, "timeOffset": 0}]),
    ]
    assert history_of(events, 10)[1:] == [
        (2, "click", {"x": 1, "y": 2}),
        (3, "input", {"value": "ab", "old_value": "a", "text": "ab"}),  # no `checked`
    ]
    assert history_of(events, 11)[1:] == [
        (4, "input", {"checked": True, "old_checked": False}),
    ]
    assert history_of(events, 12)[1:] == [(5, "scroll", {"old": [0.0, 0.0], "new": [0.0, 40.0]})]
    assert history_of(events, 13)[1:] == [(6, "canvas", {"context": "2d", "commands": 1})]
    assert history_of(events, 14)[1:] == [(7, "media", {"type": "play", "currentTime": 3})]
    assert [(t, c, d["source"]) for t, c, d in history_of(events, 15)[1:]] == [
        (8, "style", "rule"),
        (9, "style", "declaration"),
    ]
    assert [(t, c) for t, c, _ in history_of(events, 16)[1:]] == [(10, "selection")]


def test_mouse_moves_and_neighbour_ids_are_not_history() -> None:
    move = incremental(3, 1, positions=[{"x": 1, "y": 1, "id": 10, "timeOffset": 0}])
    neighbour = mutation(4, adds=[add(10, el(11, "b"), next_id=None)])
    assert named_ids(move) == []
    assert [(i, role) for i, role, _ in named_ids(neighbour)] == [(11, "add")]


def test_a_page_load_re_creates_and_node_at_finds_the_last_appearance() -> None:
    events = [
        *base(el(10, "p")),
        mutation(5, removes=[{"parentId": 5, "id": 10}]),
        mutation(9, adds=[add(5, el(10, "p"))]),
        meta(20),
        snapshot(page(el(7, "div")), ts=21),
    ]
    tl = Timeline(events)
    index = HistoryIndex(tl)
    assert [(e["t"] - T0, e["change"]) for e in index.history(10)] == [
        (1, "created"), (5, "removed"), (9, "created")
    ]
    via = index.history(10, via=True)
    assert via[-1]["change"] == "removed" and via[-1]["detail"] == {"by": "snapshot"}
    seek = SeekIndex(tl)
    # present at 3; gone at 7 (last seen before the remove); gone after the reload
    assert node_at(index, seek, 10, tl.count_before(T0 + 3)).seen == "at"  # type: ignore[union-attr]
    gone = node_at(index, seek, 10, tl.count_before(T0 + 7))
    assert gone is not None and gone.seen == "before" and gone.position == tl.count_before(T0 + 5)
    reloaded = node_at(index, seek, 10, len(tl))
    assert reloaded is not None and reloaded.seen == "before" and reloaded.node.tag == "p"
    # a node that first appears later is found after
    late = node_at(index, seek, 7, 0)
    assert late is not None and late.seen == "after" and late.node.tag == "div"


def test_unknown_ids_have_no_history() -> None:
    index = HistoryIndex(Timeline(base(el(10, "p"))))
    assert not index.known(999)
    assert index.history(999) == []
    assert index.known(10)


def test_next_and_previous_change_of_a_node_and_the_ids_a_step_touched() -> None:
    events = [
        *base(el(10, "p"), el(11, "b")),
        mutation(5, attributes=[{"id": 10, "attributes": {"a": "1"}}]),
        mutation(6, attributes=[{"id": 11, "attributes": {"a": "1"}}]),
        mutation(7, attributes=[{"id": 10, "attributes": {"a": "2"}}]),
    ]
    index = HistoryIndex(Timeline(events))
    assert index.events_of(10) == [1, 2, 4]
    assert index.change_near(10, 3, 1) == 4  # the next change at or after position 3
    assert index.change_near(10, 4, -1) == 2  # the last change before position 4
    assert index.change_near(10, 5, 1) is None
    assert ids_named_between(events, 2, 4) == {10, 11}
    assert ids_named_between(events, 3, 99) == {10, 11}

"""What a move did to the page (added / changed / removed), forwards and backwards, on hand-made
events and on every step of corpus recordings against the engine states around the step."""

from __future__ import annotations

import random

import pytest

from tests.engine.events import add, el, meta, mutation, page, snapshot, text
from tests.inspection.corpus import recording
from viewer.render.engine import Cursor, Timeline
from viewer.render.engine.inspection.named_ids import named_ids
from viewer.render.engine.inspection.step_changes import MAX_EVENTS, move_changes

EVENTS = [
    meta(),
    snapshot(page(el(10, "ul", {}, el(11, "li", {}, text(12, "one"))), el(20, "p"))),
    mutation(5, adds=[add(10, el(13, "li")), add(13, text(14, "two"))]),
    mutation(6, attributes=[{"id": 20, "attributes": {"class": "x"}}]),
    mutation(7, removes=[{"parentId": 10, "id": 11}]),
    mutation(8, texts=[{"id": 14, "value": "deux"}]),
]


def moved(before: int, after: int) -> tuple[list[int], list[int], list[int], bool]:
    cursor = Cursor(Timeline(EVENTS), ops=False)
    cursor.move(after, 0.0)
    found = move_changes(EVENTS, before, after, cursor.engine.mirror)
    return found.added, found.changed, found.removed, found.page


def test_forward_steps_name_the_top_of_an_add_a_change_and_a_removal() -> None:
    assert moved(2, 3) == ([13, 14], [], [], False)
    assert moved(3, 4) == ([], [20], [], False)
    assert moved(4, 5) == ([], [], [11], False)
    assert moved(5, 6) == ([], [14], [], False)
    assert moved(2, 6) == ([13, 14], [20], [11], False)  # 14 added, then changed


def test_backward_steps_undo_them() -> None:
    assert moved(3, 2) == ([], [], [13, 14], False)  # the undone add: gone, with its text
    assert moved(5, 4) == ([11], [], [], False)  # the undone removal: back
    assert moved(4, 3) == ([], [20], [], False)


def test_an_add_s_nested_node_that_is_not_built_is_not_listed() -> None:
    events = [meta(), snapshot(page(el(10, "ul"))),
              mutation(5, adds=[add(10, el(13, "li", {}, text(14, "two")))])]
    cursor = Cursor(Timeline(events), ops=False)
    cursor.move(3, 0.0)
    assert 14 not in cursor.engine.mirror  # rrweb builds an add's node, not its childNodes
    found = move_changes(events, 2, 3, cursor.engine.mirror)
    assert (found.added, found.changed, found.removed) == ([13], [], [])


def test_a_full_snapshot_in_between_is_a_rebuilt_page_and_long_moves_give_nothing() -> None:
    added, changed, removed, rebuilt = moved(1, 3)
    assert rebuilt and not (added or changed or removed)
    cursor = Cursor(Timeline(EVENTS), ops=False)
    cursor.move(6, 0.0)
    assert move_changes(EVENTS, 2, 6, cursor.engine.mirror, limit=3).named == set()
    assert move_changes(EVENTS, 2, 6, cursor.engine.mirror).named == {11, 13, 14, 20}


@pytest.mark.parametrize("name", ["sentry/checkout", "sentry/tiny", "rrweb/plain"])
def test_every_named_node_is_listed_where_the_states_around_the_move_put_it(name: str) -> None:
    """Independent check: the engine states before and after each move (from two cursors)."""
    replay = recording(name)
    assert replay is not None
    timeline = Timeline(replay.events, replay.recorder)
    rng = random.Random(3)
    before = Cursor(timeline, ops=False)
    after = Cursor(timeline, ops=False)
    moves = [(p, p + 1) for p in range(1, len(timeline) - 1)]
    starts = range(2, len(timeline) - 41)
    moves += [(p, p - 1) for p in rng.sample(starts, min(80, len(starts)))]
    moves += [(p, p + rng.randint(2, 40)) for p in rng.sample(starts, min(40, len(starts)))]
    for start, stop in moves:
        before.move(start, 0.0)
        after.move(stop, 0.0)
        found = move_changes(timeline.events, start, stop, after.engine.mirror)
        lo, hi = min(start, stop), max(start, stop)
        named = {i for k in range(lo, hi) for i, _, _ in named_ids(timeline.events[k])}
        assert found.named == named
        if found.page:
            assert any(timeline.types[k] == 2 for k in range(lo, hi))
            continue
        listed = found.added + found.changed + found.removed
        assert len(listed) == len(set(listed))
        for node_id in found.removed:
            assert node_id not in after.engine.mirror
        for node_id in found.added:
            assert node_id in after.engine.mirror
        for node_id in found.changed:
            # a plain change: the node was there before and is there after
            assert node_id in after.engine.mirror and node_id in before.engine.mirror
        # left out: only nodes added going forward, inside an added subtree (flashed with
        # it) or gone again by the end of the move (nothing to flash)
        assert stop > start or not named - set(listed)


def test_the_limit_is_a_step_not_a_jump() -> None:
    assert MAX_EVENTS >= 300

"""A moved iframe loses its document at once and shows an empty one until the new one comes."""

from __future__ import annotations

from typing import Any

import pytest

from tests.engine.iframe_moves import ARRIVED, BEFORE, FRAME, MOVED, MOVES, recording
from viewer.render.engine import SeekIndex, Timeline, dump
from viewer.render.engine.cursor import engine_at
from viewer.render.engine.diff import diff_ops


def frame_children(events: list[dict[str, Any]], t: float) -> list[Any]:
    engine = engine_at(Timeline(events, "rrweb"), t)
    assert engine.document is not None
    frames = []
    stack = [dump(engine.document)]
    while stack:
        node = stack.pop()
        if node[0] == "iframe":
            frames.append(node)
        elif node[0] not in ("#text", "#doctype"):
            stack.extend(node[2])
    assert len(frames) == 1
    return frames[0][2]  # type: ignore[no-any-return]


def text_of(children: list[Any]) -> str | None:
    if not children or not children[0][2]:
        return None
    return children[0][2][0][2][1][2][0][1]  # type: ignore[no-any-return]  # html>body>text


@pytest.mark.parametrize("move", MOVES)
def test_the_moved_frame_shows_an_empty_document_then_the_new_one(move: str) -> None:
    events = recording(move)
    assert text_of(frame_children(events, BEFORE)) == "old"
    moved = frame_children(events, MOVED)
    if move in ("alone", "parent"):  # the same iframe element, moved: its document emptied
        assert moved == [["#document", {}, []]]
    else:  # a new iframe element: no document from the recording yet
        assert moved == []
    assert text_of(frame_children(events, ARRIVED)) == "new"


def test_the_old_document_nodes_stay_known_but_detached() -> None:
    engine = engine_at(Timeline(recording("alone"), "rrweb"), MOVED)
    frame = engine.mirror[FRAME]
    assert frame.content is not None and frame.content.children == []
    old_body = engine.mirror[53]
    assert not engine.connected(old_body)


@pytest.mark.parametrize("move", ["alone", "parent"])
def test_a_seek_patch_never_moves_a_frame_with_a_document(move: str) -> None:
    """Moving an iframe in the page empties it: a seek across the move is a rebuild."""
    index = SeekIndex(Timeline(recording(move), "rrweb"))
    before, after = index.engine_at(BEFORE), index.engine_at(MOVED)
    assert diff_ops(before, after) is None
    assert diff_ops(after, before) is None
    assert diff_ops(before, index.engine_at(BEFORE + 1)) == []

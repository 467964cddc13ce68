"""A moved iframe: the rendered page and the model engine show the same (empty) document."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from tests.engine.iframe_moves import ARRIVED, BEFORE, MOVED, MOVES, recording
from tests.ui.conftest import ready_view, web_dump
from viewer.render.engine import SeekIndex, Timeline, dump
from viewer.render.engine.cursor import engine_at
from viewer.render.engine.diff import diff_ops
from viewer.render.view import ReplayView


@pytest.fixture
def view(qtbot: QtBot) -> Iterator[ReplayView]:
    with ready_view(qtbot, 800, 600, show=False) as v:
        yield v


@pytest.mark.parametrize("move", MOVES)
def test_rebuilt_played_and_seeked_pages_match_the_model(qtbot: QtBot, view: ReplayView,
                                                         move: str) -> None:
    events = recording(move)
    timeline = Timeline(events, "rrweb")
    for t in (BEFORE, MOVED, ARRIVED):  # rebuilt at each moment
        engine = engine_at(timeline, t)
        view.apply_ops([engine.reset_op()])
        assert engine.document is not None
        assert web_dump(qtbot, view) == dump(engine.document), t
    # played event by event from the first moment, through the move and the new document
    engine = engine_at(timeline, BEFORE)
    view.apply_ops([engine.reset_op()])
    engine.ops = []
    for stop in (MOVED, ARRIVED):
        timeline.apply_range(engine, timeline.count_before(BEFORE) if stop == MOVED
                             else timeline.count_before(MOVED), timeline.count_before(stop))
        view.apply_ops(engine.ops)
        engine.ops = []
        assert engine.document is not None
        assert web_dump(qtbot, view) == dump(engine.document), stop
    # seeking back and forth over the move (a patch when it is safe, else a rebuild)
    index = SeekIndex(timeline)
    shown = index.engine_at(ARRIVED)
    view.apply_ops([shown.reset_op()])
    for t in (BEFORE, MOVED, BEFORE, ARRIVED):
        target = index.engine_at(t)
        patch = diff_ops(shown, target)
        view.apply_ops(patch if patch is not None else [target.reset_op()])
        assert target.document is not None
        assert web_dump(qtbot, view) == dump(target.document), t
        shown = target

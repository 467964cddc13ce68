"""The one table of frame kinds: every view reads its titles, lanes and colours from it."""

from __future__ import annotations

from tests.conftest import sentry_recording
from viewer.model import load_replay
from viewer.model.frames import Frame
from viewer.model.kinds import KINDS, LANES, kind_of
from viewer.model.summary import summarize
from viewer.present.queries import kind_title
from viewer.timeline.lanes import COLORS, Lane, item_for


def test_unknown_kinds_fall_back_and_every_lane_is_a_timeline_lane() -> None:
    assert kind_of("something-new") is KINDS["custom"]
    assert Frame("something-new", 0.0, 0.0).title == "Breadcrumb"
    assert {k.lane for k in KINDS.values()} - {None} <= set(LANES)
    assert [lane.name.lower() for lane in Lane] == list(LANES)


def test_timeline_panels_and_info_read_the_table() -> None:
    replay = load_replay([str(sentry_recording("checkout"))])
    seen = set()
    for frame in replay.frames:
        info = kind_of(frame.kind)
        assert kind_title(frame) == info.title
        item = item_for(frame)
        assert (item is None) == (info.lane is None), frame.kind
        if item is not None:
            assert item.lane.name.lower() == info.lane
            if item.color in KINDS:
                assert COLORS[item.color] == info.color
        seen.add(frame.kind)
    assert {"click", "navigation", "console", "network", "error"} <= seen
    counted = summarize(replay)["frames"]
    for kind in KINDS:
        if kind not in ("error", "log"):
            assert counted[kind.replace("-", "_")] == sum(f.kind == kind for f in replay.frames)

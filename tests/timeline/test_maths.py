"""Pure timeline maths: scale, ticks, lanes, inactivity, clustering, hit-testing (no Qt)."""

from __future__ import annotations

import itertools
import sys

import pytest

from viewer.model.activity import SKIP_LEAD_MS, activity_times, inactive_ranges
from viewer.model.frames import (
    ClickFrame,
    ConsoleFrame,
    ErrorFrame,
    NetworkFrame,
    TraceSpan,
)
from viewer.timeline.cluster import cluster_markers
from viewer.timeline.geometry import Geometry, items_at
from viewer.timeline.lanes import Lane, build_lanes, pack_rows
from viewer.timeline.scale import MIN_SPAN_MS, TimeScale
from viewer.timeline.ticks import format_offset, tick_step, ticks

T0 = 1_700_000_000_000.0


def test_scale_maps_both_ways_and_fits() -> None:
    s = TimeScale.fitted(T0, T0 + 10_000, 1000, x0=50)
    assert s.x_of(T0) == 50 and s.x_of(T0 + 10_000) == 1050
    assert s.t_of(550) == pytest.approx(T0 + 5000)
    assert not s.is_zoomed


def test_zoom_keeps_the_anchor_and_clamps() -> None:
    s = TimeScale.fitted(T0, T0 + 10_000, 1000)
    z = s.zoomed(4, anchor_ms=T0 + 2000)
    assert z.span == pytest.approx(2500)
    assert z.x_of(T0 + 2000) == pytest.approx(s.x_of(T0 + 2000))
    assert z.is_zoomed
    assert s.zoomed(1e9).span == MIN_SPAN_MS
    assert z.zoomed(0.0001).span == pytest.approx(10_000)


def test_pan_is_clamped_to_the_replay() -> None:
    z = TimeScale.fitted(T0, T0 + 10_000, 1000).zoomed(10, anchor_ms=T0 + 5000)
    left = z.panned_px(1e6)
    assert left.view_start == T0 and left.span == pytest.approx(z.span)
    right = z.panned_px(-1e6)
    assert right.view_end == pytest.approx(T0 + 10_000)
    moved = z.panned_px(-100)
    assert moved.view_start == pytest.approx(z.view_start + 100 * z.ms_per_px)


def test_tick_steps_fit_the_zoom() -> None:
    assert tick_step(1.0) == 100  # 100 ms ≥ 70 px at 1 ms/px
    assert tick_step(100.0) == 10_000
    assert tick_step(10_000.0) == 900_000
    assert tick_step(1e6) >= 3_600_000


@pytest.mark.parametrize(("offset", "step", "label"), [
    (0, 10_000, "0:00"), (65_000, 5_000, "1:05"), (12_350, 50, "0:12.35"),
    (12_300, 100, "0:12.3"), (3_723_000, 60_000, "1:02:03"), (1_234, 1, "0:01.234"),
])
def test_tick_labels(offset: float, step: float, label: str) -> None:
    assert format_offset(offset, step) == label


def test_ticks_cover_the_view_at_steps_from_the_start() -> None:
    s = TimeScale.fitted(T0, T0 + 425_000, 1200)
    marks = ticks(s)
    assert marks[0].label == "0:00" and marks[0].t_ms == T0
    gaps = {round(b.t_ms - a.t_ms) for a, b in itertools.pairwise(marks)}
    assert len(gaps) == 1 and gaps.pop() / s.ms_per_px >= 70
    assert all(s.view_start <= m.t_ms <= s.view_end for m in marks)


def _net(offset: float, dur: float, status: int | None = 200) -> NetworkFrame:
    return NetworkFrame("network", T0 + offset, offset, "resource.fetch", "https://x.test/api",
                        T0 + offset + dur, "GET", status)


def _click(offset: float, kind: str = "click") -> ClickFrame:
    return ClickFrame(kind, T0 + offset, offset, "button#go")


def test_lanes_put_errors_on_top_and_mark_clicks_and_failures() -> None:
    frames = [
        _click(100), _click(200, "rage-click"), _click(300, "dead-click"),
        _net(0, 500), _net(100, 50, 500), _net(120, 10, None),
        ConsoleFrame("console", T0 + 50, 50, "error", "boom"),
        ErrorFrame("error", T0 + 400, 400, "e1", error_title="TypeError"),
    ]
    spans = [TraceSpan("trace", T0, 0, "t", "s1", "", "GET /", "http.server", T0 + 900,
                       is_segment=True),
             TraceSpan("trace", T0, 0, "t", "s2", "s1", "child", "db", T0 + 100)]
    lanes = build_lanes(frames, spans)
    assert min(Lane) == Lane.ERRORS
    (err,) = lanes[Lane.ERRORS].items
    assert err.color == "error" and err.strong
    shapes = {it.frame.kind: it.shape for it in lanes[Lane.CLICKS].items}
    assert shapes == {"click": "dot", "rage-click": "diamond", "dead-click": "triangle"}
    net = lanes[Lane.NETWORK].items
    assert [it.color for it in net] == ["net-2xx", "net-5xx", "net-failed"]
    assert [it.row for it in net] == [0, 1, 2]
    assert [it.strong for it in net] == [False, True, True]
    assert lanes[Lane.CONSOLE].items[0].color == "console-error"
    assert len(lanes[Lane.TRACES].items) == 1  # transactions only


def test_pack_rows_reuses_free_rows_and_overflows_into_the_last() -> None:
    lanes = build_lanes([_net(0, 100), _net(10, 100), _net(20, 100), _net(150, 10)], [])
    items = lanes[Lane.NETWORK].items
    assert [it.row for it in pack_rows(items, 2)] == [0, 1, 1, 0]


def test_visible_slice_includes_long_bars_started_before_the_view() -> None:
    lanes = build_lanes([_net(0, 10_000), _net(5_000, 10), _net(20_000, 10)], [])
    visible = lanes[Lane.NETWORK].visible(T0 + 6_000, T0 + 7_000)
    assert [it.start_ms - T0 for it in visible] == [0]


def test_inactivity_is_gaps_longer_than_the_threshold_before_the_next_activity() -> None:
    times = activity_times([T0 + 1000, T0 + 2000, T0 + 30_000, T0 + 31_000],
                           [3, 3, 3, 3], [0, 1, 2, 5], [_click(45_000)])
    assert times == [T0 + 2000, T0 + 30_000, T0 + 31_000, T0 + 45_000]
    ranges = inactive_ranges(times, T0, T0 + 60_000)
    # each stretch ends a little before the activity that ends it (what skipping skips)
    assert ranges == [(T0 + 2000, T0 + 30_000 - SKIP_LEAD_MS),
                      (T0 + 31_000, T0 + 45_000 - SKIP_LEAD_MS), (T0 + 45_000, T0 + 60_000)]
    assert inactive_ranges([], T0, T0 + 5000) == []


def test_markers_closer_than_the_threshold_cluster() -> None:
    lanes = build_lanes([_click(0), _click(10, "rage-click"), _click(20), _click(500)], [])
    items = lanes[Lane.CLICKS].items
    clusters = cluster_markers(items, [0, 3, 8, 50], min_px=7)
    assert [c.count for c in clusters] == [2, 1, 1]
    assert clusters[0].lead.frame.kind == "rage-click"


def test_hit_testing_finds_markers_and_bars_under_the_point() -> None:
    geo = Geometry()
    lanes = build_lanes([_click(1000), _net(2000, 1000), _net(2100, 100)], [])
    s = TimeScale.fitted(T0, T0 + 10_000, 1000, x0=geo.gutter)
    y_clicks = geo.row_center(Lane.CLICKS, 0)
    hits = items_at(lanes, s, geo, s.x_of(T0 + 1000) + 3, y_clicks)
    assert [h.frame.ts_ms for h in hits] == [T0 + 1000]
    assert items_at(lanes, s, geo, s.x_of(T0 + 5000), y_clicks) == []
    row0 = items_at(lanes, s, geo, s.x_of(T0 + 2500), geo.row_center(Lane.NETWORK, 0))
    row1 = items_at(lanes, s, geo, s.x_of(T0 + 2150), geo.row_center(Lane.NETWORK, 1))
    assert [h.start_ms for h in row0] == [T0 + 2000]
    assert [h.start_ms for h in row1] == [T0 + 2100]
    assert items_at(lanes, s, geo, 10, y_clicks) == []  # the gutter


def test_maths_modules_import_no_qt() -> None:
    import subprocess
    code = ("import sys, viewer.timeline.scale, viewer.timeline.ticks, viewer.timeline.lanes, "
            "viewer.model.activity, viewer.timeline.cluster, viewer.timeline.geometry\n"
            "print(any(m.startswith('PySide6') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_items_outside_the_recording_are_clamped_to_its_edges() -> None:
    early = _net(-500, 600)
    late = ErrorFrame("error", T0 + 20_000, 20_000, "late", in_recording=False)
    lanes = build_lanes([early, _click(100), late], [], T0, T0 + 10_000)
    (bar,) = lanes[Lane.NETWORK].items
    assert (bar.start_ms, bar.end_ms, bar.frame) == (T0, T0 + 100, early)
    (error,) = lanes[Lane.ERRORS].items
    assert error.start_ms == T0 + 10_000 and error.shape == "ring"
    assert lanes[Lane.CLICKS].items[0].start_ms == T0 + 100

"""TimelineWidget: clicks seek and select, zoom/pan/fit, hover lists items, paints offscreen."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from tests.conftest import sentry_recording
from viewer.model import load_replay
from viewer.model.replay import Replay
from viewer.timeline.lanes import Lane
from viewer.timeline.widget import TimelineWidget


@pytest.fixture(scope="module")
def checkout() -> Replay:
    return load_replay([str(sentry_recording("checkout"))])


@pytest.fixture
def timeline(qtbot, checkout: Replay) -> TimelineWidget:  # type: ignore[no-untyped-def]
    widget = TimelineWidget(checkout)
    qtbot.addWidget(widget)
    widget.resize(1200, widget.height())
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _point(widget: TimelineWidget, lane: Lane, t_ms: float, row: int = 0) -> QPoint:
    geo = widget.geometry_
    return QPoint(round(widget.x_of(t_ms)), round(geo.row_center(lane, row)))


def test_clicking_an_error_seeks_and_selects_it(qtbot, timeline: TimelineWidget,  # type: ignore[no-untyped-def]
                                                 checkout: Replay) -> None:
    error = checkout.errors[0]
    with qtbot.waitSignal(timeline.seek_requested) as seek, \
            qtbot.waitSignal(timeline.frame_selected) as selected:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton,
                         pos=_point(timeline, Lane.ERRORS, error.ts_ms))
    assert seek.args == [error.ts_ms]
    assert selected.args[0] is error
    assert timeline.selected_frame is error


def test_clicking_a_network_bar_seeks_to_its_start(qtbot, timeline: TimelineWidget) -> None:  # type: ignore[no-untyped-def]
    timeline.set_view(timeline.replay.start_ms, timeline.replay.start_ms + 5000)
    item = timeline.lanes[Lane.NETWORK].visible(*_view(timeline))[0]
    mid = (item.start_ms + item.last_ms) / 2
    with qtbot.waitSignal(timeline.frame_selected) as selected:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton,
                         pos=_point(timeline, Lane.NETWORK, mid, item.row))
    assert selected.args[0] is item.frame


def _view(widget: TimelineWidget) -> tuple[float, float]:
    return widget.scale.view_start, widget.scale.view_end


def test_clicking_empty_space_seeks_there(qtbot, timeline: TimelineWidget,  # type: ignore[no-untyped-def]
                                          checkout: Replay) -> None:
    start, end = checkout.start_ms, checkout.end_ms
    t = start + (end - start) * 0.62  # inside the inactive stretch: nothing there
    with qtbot.waitSignal(timeline.seek_requested) as seek:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton,
                         pos=QPoint(round(timeline.x_of(t)), 3))
    assert seek.args[0] == pytest.approx(t, abs=2 * timeline.scale.ms_per_px)


def test_keys_zoom_fit_and_the_playhead_pages_the_view(qtbot, timeline: TimelineWidget) -> None:  # type: ignore[no-untyped-def]
    full = timeline.scale.span
    with qtbot.waitSignal(timeline.view_changed):
        qtbot.keyClick(timeline, Qt.Key.Key_Plus)
    assert timeline.scale.span == pytest.approx(full / 1.5)
    qtbot.keyClick(timeline, Qt.Key.Key_Plus)
    late = timeline.replay.end_ms - 1000
    timeline.set_playhead(late)
    assert timeline.scale.view_start <= late <= timeline.scale.view_end
    before = timeline.scale
    qtbot.keyClick(timeline, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert timeline.scale.view_start >= before.view_start
    qtbot.keyClick(timeline, Qt.Key.Key_F)
    assert not timeline.scale.is_zoomed


def test_wheel_zooms_around_the_pointer_and_drag_pans(qtbot, timeline: TimelineWidget) -> None:  # type: ignore[no-untyped-def]
    x = 600.0
    anchor = timeline.scale.t_of(x)
    wheel = QWheelEvent(QPointF(x, 50), timeline.mapToGlobal(QPointF(x, 50)), QPoint(0, 0),
                        QPoint(0, 240), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(timeline, wheel)
    assert timeline.scale.is_zoomed
    assert timeline.scale.t_of(x) == pytest.approx(anchor, abs=1)
    before = timeline.scale.view_start
    y = int(timeline.geometry_.lanes_bottom - 5)
    qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=QPoint(600, y))
    qtbot.mouseMove(timeline, QPoint(500, y))
    qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=QPoint(500, y))
    assert timeline.scale.view_start > before


def test_hover_lists_the_items_under_the_pointer(qtbot, timeline: TimelineWidget,  # type: ignore[no-untyped-def]
                                                 checkout: Replay) -> None:
    error = checkout.errors[0]
    qtbot.mouseMove(timeline, _point(timeline, Lane.ERRORS, error.ts_ms))
    assert timeline.hover_items and timeline.hover_items[0].frame is error
    assert "Error" in timeline.tooltip_text()


def test_select_frame_outlines_without_emitting(qtbot, timeline: TimelineWidget,  # type: ignore[no-untyped-def]
                                                checkout: Replay) -> None:
    frame = [f for f in checkout.frames if f.kind == "network"][-1]
    timeline.set_view(checkout.start_ms, checkout.start_ms + 2000)
    with qtbot.assertNotEmitted(timeline.seek_requested):
        timeline.select_frame(frame)
    assert timeline.selected_frame is frame
    assert timeline.scale.view_start <= frame.ts_ms <= timeline.scale.view_end


@pytest.mark.parametrize("name", ["tiny", "long", "masked"])
def test_paints_every_corpus_recording(qtbot, name: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    widget = TimelineWidget(load_replay([str(sentry_recording(name))]))
    qtbot.addWidget(widget)
    widget.resize(1000, widget.height())
    image = widget.grab()
    widget.zoom_in()
    widget.zoom_in()
    zoomed = widget.grab()
    assert not image.isNull() and not zoomed.isNull()
    assert image.toImage() != zoomed.toImage()


def test_minimap_click_moves_the_zoomed_view(qtbot, timeline: TimelineWidget) -> None:  # type: ignore[no-untyped-def]
    replay = timeline.replay
    timeline.set_view(replay.start_ms, replay.start_ms + 5000)
    y = int(timeline.geometry_.lanes_bottom + 10)
    full_x = timeline.scale.x0 + timeline.scale.width * 0.75
    with qtbot.assertNotEmitted(timeline.seek_requested):
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(int(full_x), y))
    middle = (timeline.scale.view_start + timeline.scale.view_end) / 2
    assert middle == pytest.approx(replay.start_ms + replay.duration_ms * 0.75,
                                   abs=replay.duration_ms / 100)


def test_a_cluster_click_selects_its_nearest_item(qtbot, timeline: TimelineWidget) -> None:  # type: ignore[no-untyped-def]
    items = timeline.lanes[Lane.CLICKS].items
    a, b = next((a, b) for a, b in itertools.pairwise(items)
                if 0 < timeline.x_of(b.start_ms) - timeline.x_of(a.start_ms) < 4)
    with qtbot.waitSignal(timeline.frame_selected) as selected:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton,
                         pos=_point(timeline, Lane.CLICKS, b.start_ms))
    assert selected.args[0] in (a.frame, b.frame)
    qtbot.mouseMove(timeline, _point(timeline, Lane.CLICKS, b.start_ms))
    hovered = [id(it.frame) for it in timeline.hover_items]
    assert id(a.frame) in hovered and id(b.frame) in hovered
    assert len(timeline.tooltip_text().splitlines()) >= 2


def test_dragging_on_the_ruler_scrubs_the_playhead(qtbot, timeline: TimelineWidget) -> None:  # type: ignore[no-untyped-def]
    y = 8
    x1, x2 = 300, 700
    with qtbot.waitSignal(timeline.seek_requested) as first:
        qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=QPoint(x1, y))
    assert first.args[0] == pytest.approx(timeline.scale.t_of(x1))
    with qtbot.waitSignal(timeline.seek_requested) as moved:
        qtbot.mouseMove(timeline, QPoint(x2, y))
    assert moved.args[0] == pytest.approx(timeline.scale.t_of(x2))
    view = timeline.scale
    with qtbot.waitSignal(timeline.scrub_finished) as done:
        qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=QPoint(x2, y))
    assert done.args[0] == timeline.playhead == pytest.approx(timeline.scale.t_of(x2))
    assert timeline.scale == view  # scrubbing does not pan


def test_player_keys_reach_the_window(qtbot, checkout: Replay) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    seen: list[int] = []

    class Window(QWidget):
        def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
            seen.append(event.key())

    window = Window()
    qtbot.addWidget(window)
    timeline = TimelineWidget(checkout, window)
    QVBoxLayout(window).addWidget(timeline)
    window.show()
    before = timeline.scale
    for key in (Qt.Key.Key_Space, Qt.Key.Key_Left, Qt.Key.Key_0):
        qtbot.keyClick(timeline, key)
    assert seen == [Qt.Key.Key_Space, Qt.Key.Key_Left, Qt.Key.Key_0]
    assert timeline.scale == before


def test_set_replay_shows_another_recording(qtbot, timeline: TimelineWidget) -> None:  # type: ignore[no-untyped-def]
    tiny = load_replay([str(sentry_recording("tiny"))])
    timeline.zoom_in()
    with qtbot.waitSignal(timeline.view_changed):
        timeline.set_replay(tiny)
    assert timeline.replay is tiny and not timeline.scale.is_zoomed
    assert timeline.scale.view_start == tiny.start_ms and timeline.playhead == tiny.start_ms
    assert len(timeline.lanes[Lane.CLICKS].items) == 3
    assert not timeline.grab().isNull()

"""Panels with Qt: row clicks seek, filters and search change rows, models pass the tester."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from tests.conftest import SENTRY_RECORDINGS, sentry_recording
from viewer.model import load_replay
from viewer.model.frames import ConsoleFrame, ErrorFrame, NetworkFrame
from viewer.model.replay import Replay
from viewer.model.timeparse import end_moment
from viewer.ui.panels import build_panels
from viewer.ui.panels.breadcrumbs import BreadcrumbsPanel
from viewer.ui.panels.console import ConsolePanel
from viewer.ui.panels.errors import ErrorsPanel
from viewer.ui.panels.memory import MemoryVitalsPanel
from viewer.ui.panels.network import NetworkPanel
from viewer.ui.panels.trace import TracePanel


@pytest.fixture(scope="module")
def checkout() -> Replay:
    return load_replay([str(sentry_recording("checkout"))])


def _show(qtbot, widget: QWidget) -> QWidget:  # type: ignore[no-untyped-def]
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _row_point(table: QTableView, row: int, column: int = 0) -> QPoint:
    index = table.model().index(row, column)
    table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
    return table.visualRect(index).center()


def _click_row(qtbot, table: QTableView, row: int, column: int = 0) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=_row_point(table, row, column))


def test_clicking_a_console_row_seeks_to_it(qtbot, checkout: Replay) -> None:  # type: ignore[no-untyped-def]
    panel = _show(qtbot, ConsolePanel(checkout))
    row = 3
    frame = panel.model.rows[row]
    assert isinstance(frame, ConsoleFrame)
    with qtbot.waitSignal(panel.seek_requested) as seek:
        _click_row(qtbot, panel.table, row)
    assert seek.args == [frame.ts_ms]
    assert frame.message.split()[0] in panel.details.toPlainText()


def test_console_level_filter_and_search(qtbot, checkout: Replay) -> None:  # type: ignore[no-untyped-def]
    panel = _show(qtbot, ConsolePanel(checkout))
    total = panel.model.rowCount()
    panel.set_levels({"error"})
    assert 0 < panel.model.rowCount() < total
    assert all(f.level == "error" for f in panel.model.rows)
    panel.set_levels({"error", "warn", "info", "log", "debug"})
    qtbot.keyClicks(panel.filters.search, "checkout failed")
    assert [f.level for f in panel.model.rows] == ["error"]


def test_clicking_a_network_row_seeks_and_shows_details(qtbot, checkout: Replay) -> None:  # type: ignore[no-untyped-def]
    panel = _show(qtbot, NetworkPanel(checkout))
    row = next(i for i, f in enumerate(panel.model.rows)
               if f.kind == "network" and f.response is not None and f.response.body)
    frame = panel.model.rows[row]
    with qtbot.waitSignal(panel.seek_requested) as seek:
        _click_row(qtbot, panel.table, row, 3)
    assert seek.args == [frame.ts_ms]
    assert panel.details.frame is frame
    assert "{\n" in panel.details.pages["Response"].toPlainText()
    panel.details.curl_button.click()
    assert QGuiApplication.clipboard().text().startswith("curl 'http://127.0.0.1:8801/")


def test_network_filters_and_sorting(qtbot, checkout: Replay) -> None:  # type: ignore[no-untyped-def]
    panel = _show(qtbot, NetworkPanel(checkout))
    total = panel.model.rowCount()
    panel.set_status("failures")
    failures = panel.model.rows
    assert 0 < len(failures) < total
    assert all(f.status_class in ("4xx", "5xx", "failed") for f in failures)
    panel.set_status(None)
    panel.set_type("fetch")
    assert {f.op for f in panel.model.rows} == {"resource.fetch"}
    panel.set_type(None)
    panel.table.sortByColumn(5, Qt.SortOrder.DescendingOrder)
    durations = [f.duration_ms for f in panel.model.rows]
    assert durations == sorted(durations, reverse=True) and len(durations) == total
    qtbot.keyClicks(panel.filters.search, "missing")
    assert panel.model.rows and all("missing" in f.url for f in panel.model.rows)


def test_clicking_an_error_row_seeks_to_the_error(qtbot, checkout: Replay) -> None:  # type: ignore[no-untyped-def]
    panel = _show(qtbot, ErrorsPanel(checkout))
    assert panel.count == 3
    frame = panel.model.rows[1]
    assert isinstance(frame, ErrorFrame)
    with qtbot.waitSignal(panel.seek_requested) as seek:
        _click_row(qtbot, panel.table, 1)
    assert seek.args == [frame.ts_ms]
    assert frame.event_id in panel.details.toPlainText()


def test_breadcrumbs_filter_follow_and_highlight(qtbot, checkout: Replay) -> None:  # type: ignore[no-untyped-def]
    panel = _show(qtbot, BreadcrumbsPanel(checkout))
    total = panel.model.rowCount()
    panel.set_kind("navigation")
    assert 0 < panel.model.rowCount() < total
    assert {f.kind for f in panel.model.rows} == {"navigation"}
    panel.set_kind(None)
    qtbot.keyClicks(panel.filters.search, "checkout-form")
    assert 0 < panel.model.rowCount() < total
    panel.filters.search.clear()
    t = checkout.start_ms + checkout.duration_ms / 2
    panel.set_time(t)
    current = panel.model.current_row
    assert current is not None and panel.model.rows[current].ts_ms <= t
    assert panel.model.rows[current + 1].ts_ms > t
    row = next(i for i, f in enumerate(panel.model.rows)
               if f.kind == "click" and f.node and f.node.node_id)
    with qtbot.waitSignal(panel.highlight_node) as highlight:
        qtbot.mouseMove(panel.table.viewport(), _row_point(panel.table, row, 2))
    assert highlight.args == [panel.model.rows[row].node.node_id]
    nav = next(i for i, f in enumerate(panel.model.rows) if f.kind == "navigation")
    with qtbot.waitSignal(panel.highlight_cleared):
        qtbot.mouseMove(panel.table.viewport(), _row_point(panel.table, nav, 2))


def test_trace_and_memory_clicks_seek(qtbot, checkout: Replay) -> None:  # type: ignore[no-untyped-def]
    trace = _show(qtbot, TracePanel(checkout))
    item = trace.tree.topLevelItem(0).child(0)
    span = item.data(0, Qt.ItemDataRole.UserRole + 1)
    with qtbot.waitSignal(trace.seek_requested) as seek:
        rect = trace.tree.visualItemRect(item)
        qtbot.mouseClick(trace.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert seek.args == [span.ts_ms]
    memory = _show(qtbot, MemoryVitalsPanel(checkout))
    chart = memory.chart
    with qtbot.waitSignal(memory.seek_requested) as seek:
        plot = chart.plot_rect()
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton,
                         pos=QPoint(int(plot.center().x()), int(plot.center().y())))
    assert checkout.start_ms < seek.args[0] < checkout.end_ms


def test_select_frame_shows_it_without_seeking(qtbot, checkout: Replay) -> None:  # type: ignore[no-untyped-def]
    panel = _show(qtbot, NetworkPanel(checkout))
    frame = [f for f in checkout.frames if isinstance(f, NetworkFrame)][-1]
    with qtbot.assertNotEmitted(panel.seek_requested):
        panel.select_frame(frame)
    assert panel.details.frame is frame
    assert panel.table.selectionModel().selectedRows()[0].row() == panel.model.row_of(frame)


@pytest.mark.parametrize("name", SENTRY_RECORDINGS)
def test_models_pass_the_model_tester(qtbot, qtmodeltester, name: str) -> None:  # type: ignore[no-untyped-def]
    replay = load_replay([str(sentry_recording(name))])
    panels = build_panels(replay)
    assert [title.split()[0] for title, _ in panels] == [
        "Breadcrumbs", "Elements", "Console", "Logs", "Network", "Errors", "Issues", "Diff",
        "Trace", "Memory", "Metadata"]
    for _, widget in panels:
        qtbot.addWidget(widget)
        model = getattr(widget, "model", None)
        if model is not None:
            qtmodeltester.check(model)
            widget.set_time(replay.start_ms + replay.duration_ms / 2)
            qtmodeltester.check(model)


def test_rows_after_the_playhead_are_dimmed(qtbot, checkout: Replay) -> None:  # type: ignore[no-untyped-def]
    panel = _show(qtbot, ConsolePanel(checkout))
    model = panel.model
    t = model.rows[4].ts_ms
    with qtbot.waitSignal(model.dataChanged):
        panel.set_time(t)
    assert model.current_row == 4
    past = model.data(model.index(3, 2), Qt.ItemDataRole.ForegroundRole)
    future = model.data(model.index(5, 2), Qt.ItemDataRole.ForegroundRole)
    assert past.alphaF() == 1.0 and future.alphaF() < 0.5
    assert model.data(model.index(4, 0), Qt.ItemDataRole.BackgroundRole) is not None


def test_errors_outside_the_recording_are_listed_and_seek_inside(qtbot, checkout: Replay) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    late = ErrorFrame("error", checkout.end_ms + 60_000, checkout.duration_ms + 60_000,
                      "feedbeef" * 4, "Late error", in_recording=False)
    bare = ErrorFrame("error", checkout.end_ms, checkout.duration_ms, "abad1dea" * 4,
                      has_event=False)
    replay = dataclasses.replace(checkout, frames=[*checkout.frames, late, bare])
    panel = _show(qtbot, ErrorsPanel(replay))
    notes = [panel.model.data(panel.model.index(r, 3)) for r in range(panel.model.rowCount())]
    assert "outside the recording" in notes and "id only (no error event given)" in notes
    row = panel.model.row_of(late)
    with qtbot.waitSignal(panel.seek_requested) as seek:
        _click_row(qtbot, panel.table, row)
    assert seek.args == [end_moment(replay)]  # the end: every event shown


def test_the_network_waterfall_follows_the_timeline_view(qtbot, checkout: Replay) -> None:  # type: ignore[no-untyped-def]
    from viewer.timeline.widget import TimelineWidget

    panel = _show(qtbot, NetworkPanel(checkout))
    timeline = TimelineWidget(checkout)
    qtbot.addWidget(timeline)
    timeline.view_changed.connect(panel.set_view)
    timeline.set_view(checkout.start_ms + 1000, checkout.start_ms + 6000)
    assert panel.waterfall.range_start == timeline.scale.view_start
    assert panel.waterfall.range_end == timeline.scale.view_end
    panel.grab()


def test_issues_list_frustration_clicks_and_seek(qtbot, checkout: Replay) -> None:  # type: ignore[no-untyped-def]
    from viewer.ui.panels.issues import IssuesPanel

    panel = _show(qtbot, IssuesPanel(checkout))
    kinds = {f.kind for f in panel.model.rows}
    assert kinds and kinds <= {"rage-click", "dead-click", "slow-click", "hydrate-error"}
    assert "no reaction for 7.0 s" in panel.model.data(panel.model.index(0, 3))
    frame = panel.model.rows[0]
    with qtbot.waitSignal(panel.seek_requested) as seek:
        _click_row(qtbot, panel.table, 0)
    assert seek.args == [frame.ts_ms]
    qtbot.keyClicks(panel.filters.search, "no such thing")
    assert panel.model.rowCount() == 0


def test_enter_on_a_row_seeks_like_a_click(qtbot, checkout: Replay) -> None:  # type: ignore[no-untyped-def]
    panel = _show(qtbot, ConsolePanel(checkout))
    panel.table.setFocus()
    panel.table.setCurrentIndex(panel.model.index(2, 0))
    with qtbot.waitSignal(panel.seek_requested) as seek:
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert seek.args == [panel.model.rows[2].ts_ms]


def test_logs_panel_filters_and_seeks(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests import builders as b
    from viewer.model import load_replay
    from viewer.ui.panels.logs import LogsPanel

    paths = []
    for i in range(2):
        path = tmp_path / f"e{i}.bin"
        path.write_bytes(b.envelope(i))
        paths.append(str(path))
    logs = tmp_path / "logs.bin"
    logs.write_bytes(b.log_envelope([b.log_item(b.T0 + 1000, "info", "signed in"),
                                     b.log_item(b.T0 + 2000, "error", "payment failed",
                                                provider="acme")]))
    replay = load_replay([*paths, str(logs)])
    panel = _show(qtbot, LogsPanel(replay))
    assert panel.model.rowCount() == 2
    panel.filters.search.setText("acme")  # attributes are searched too
    assert [f.body for f in panel.model.rows] == ["payment failed"]
    panel.filters.search.setText("")
    panel.level_buttons["error"].setChecked(False)
    assert [f.body for f in panel.model.rows] == ["signed in"]
    with qtbot.waitSignal(panel.seek_requested) as seek:
        _click_row(qtbot, panel.table, 0)
    assert seek.args == [b.T0 + 1000]
    assert "signed in" in panel.details.toPlainText()

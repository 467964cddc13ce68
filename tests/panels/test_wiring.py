"""connect_panels: a click on the timeline or a panel row moves a (fake) player and the playhead."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView

from tests.conftest import sentry_recording
from viewer.model import load_replay
from viewer.model.replay import Replay
from viewer.timeline.lanes import Lane
from viewer.timeline.widget import TimelineWidget
from viewer.ui.panels import build_panels, connect_panels


class FakePlayer(QObject):
    """Seeks at once and reports the new position, like the real player does."""

    position_changed = Signal(float)

    def __init__(self) -> None:
        super().__init__()
        self.position = 0.0
        self.highlighted: list[int | None] = []

    def seek(self, t: float) -> None:
        self.position = t
        self.position_changed.emit(t)

    def highlight(self, node_id: int | None) -> None:
        self.highlighted.append(node_id)


@pytest.fixture(scope="module")
def checkout() -> Replay:
    return load_replay([str(sentry_recording("checkout"))])


def test_clicks_anywhere_move_the_player_and_every_view(qtbot, checkout: Replay) -> None:  # type: ignore[no-untyped-def]
    player = FakePlayer()
    timeline = TimelineWidget(checkout)
    qtbot.addWidget(timeline)
    timeline.resize(1200, timeline.height())
    timeline.show()
    panels = dict(build_panels(checkout))
    for widget in panels.values():
        qtbot.addWidget(widget)
        widget.resize(1000, 500)
        widget.show()
    show_time = connect_panels(list(panels.items()), timeline, player.seek, player.highlight)
    player.position_changed.connect(show_time)

    error = checkout.errors[1]
    x = round(timeline.x_of(error.ts_ms))
    y = round(timeline.geometry_.row_center(Lane.ERRORS, 0))
    with qtbot.waitSignal(player.position_changed):
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    assert player.position == timeline.playhead == error.ts_ms
    errors_panel = next(w for title, w in panels.items() if title.startswith("Errors"))
    assert errors_panel.table.selectionModel().selectedRows()[0].row() == (
        errors_panel.model.row_of(error))

    console = panels["Console"]
    frame = console.model.rows[-1]
    index = console.model.index(len(console.model.rows) - 1, 2)
    console.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
    with qtbot.waitSignal(player.position_changed):
        qtbot.mouseClick(console.table.viewport(), Qt.MouseButton.LeftButton,
                         pos=console.table.visualRect(index).center())
    assert player.position == timeline.playhead == frame.ts_ms
    assert console.model.current_row == len(console.model.rows) - 1
    assert timeline.selected_frame is frame  # the row's frame is outlined on the timeline
    breadcrumbs = panels["Breadcrumbs"]
    assert breadcrumbs.model.rows[breadcrumbs.model.current_row].ts_ms <= frame.ts_ms

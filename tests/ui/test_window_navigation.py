"""In the main window, the timeline and the panels move the player, and the page follows."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView
from pytestqt.qtbot import QtBot

from tests.conftest import sentry_recording
from tests.ui.windows import engine_dom, web_dom
from viewer.cli import main
from viewer.model import load_replay
from viewer.model.frames import ConsoleFrame, NetworkFrame
from viewer.model.timeparse import error_moment
from viewer.timeline.lanes import Lane
from viewer.ui.main_window import MainWindow


def page_matches_engine(qtbot: QtBot, window: MainWindow) -> bool:
    return bool(web_dom(qtbot, window) == engine_dom(window))


def panel(window: MainWindow, title: str) -> Any:
    for name, widget in window.panels:
        if name.startswith(title):
            window.tabs.setCurrentWidget(widget)
            return widget
    raise AssertionError(title)


def click_row(qtbot: QtBot, table: QTableView, row: int) -> None:
    index = table.model().index(row, 0)
    table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(index).center())


@pytest.mark.parametrize("title, kind", [("Console", ConsoleFrame), ("Network", NetworkFrame)])
def test_clicking_a_row_moves_the_player_and_the_page(qtbot: QtBot, window: MainWindow,
                                                     title: str, kind: type) -> None:
    widget = panel(window, title)
    row = widget.model.rowCount() - 2
    frame = widget.model.rows[row]
    assert isinstance(frame, kind)
    assert window.player is not None
    with qtbot.waitSignal(window.player.position_changed, timeout=10_000):
        click_row(qtbot, widget.table, row)
    assert window.player.cursor.time == pytest.approx(frame.ts_ms)
    assert window.timeline.playhead == pytest.approx(frame.ts_ms)
    assert page_matches_engine(qtbot, window)


def test_clicking_an_error_row_and_the_error_buttons(qtbot: QtBot, window: MainWindow) -> None:
    widget = panel(window, "Errors")
    error = window.replay.errors[1]
    row = widget.model.rows.index(error)
    assert window.player is not None
    click_row(qtbot, widget.table, row)
    assert window.player.cursor.time == pytest.approx(error.ts_ms)
    assert page_matches_engine(qtbot, window)
    window.player.seek(window.replay.start_ms)
    qtbot.mouseClick(window.controls.next_error_button, Qt.MouseButton.LeftButton)
    first = min(window.replay.errors, key=lambda e: e.ts_ms)
    assert window.player.cursor.time == pytest.approx(error_moment(window.replay, first.event_id))
    qtbot.keyClick(window, "e")
    assert window.player.cursor.time > error_moment(window.replay, first.event_id)


def test_clicking_a_timeline_item_moves_the_player(qtbot: QtBot, window: MainWindow) -> None:
    timeline = window.timeline
    error = window.replay.errors[0]
    point = QPoint(round(timeline.x_of(error.ts_ms)),
                   round(timeline.geometry_.row_center(Lane.ERRORS, 0)))
    assert window.player is not None
    with qtbot.waitSignal(window.player.position_changed, timeout=10_000):
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=point)
    assert window.player.cursor.time == pytest.approx(error.ts_ms)
    assert page_matches_engine(qtbot, window)


def test_error_and_at_arguments_pick_the_moment(capsys: pytest.CaptureFixture[str]) -> None:
    replay = load_replay([str(sentry_recording("checkout"))])
    error = replay.errors[2]
    from viewer.cli import build_parser, moment_of

    args = build_parser().parse_args(["open", "x", "--error", error.event_id])
    assert moment_of(replay, args) == pytest.approx(error.ts_ms - 1000)
    args = build_parser().parse_args(["open", "x", "--at", "00:12.500"])
    assert moment_of(replay, args) == pytest.approx(replay.start_ms + 12_500)
    assert main(["snapshot", str(sentry_recording("tiny")), "--error", "f" * 32,
                 "-o", "x.png"]) == 2
    assert "f" * 32 in capsys.readouterr().err


def test_opening_another_recording_and_a_bad_file(qtbot: QtBot, window: MainWindow,
                                                  tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    bad = tmp_path / "bad.json"
    bad.write_text("[{")
    assert not window.open_files([str(bad)])
    assert shown and str(bad) in shown[0]
    assert "cdce83b4796c406d8057e18bf436a70e" in window.windowTitle()  # still the old replay
    tiny = str(sentry_recording("tiny"))
    assert window.open_files([tiny])
    assert "e6923d41c1134027bf68eb43d15ce50a" in window.windowTitle()
    qtbot.waitUntil(lambda: window.view is not None and window.view.is_ready, timeout=30_000)
    assert page_matches_engine(qtbot, window)
    assert window.recent()[0].endswith("tiny")

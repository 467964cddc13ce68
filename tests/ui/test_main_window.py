"""The main window: opens on a replay, plays, pauses, seeks and steps; the web view follows."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.conftest import sentry_recording
from tests.ui.windows import engine_dom, web_dom
from viewer.model import load_replay
from viewer.render.engine import Timeline, dom_dumps
from viewer.render.player import Player
from viewer.render.view import ReplayView
from viewer.ui.main_window import MainWindow


def test_window_title_labels_and_first_frame(qtbot: QtBot, window: MainWindow) -> None:
    assert "cdce83b4796c406d8057e18bf436a70e" in window.windowTitle()
    assert window.controls.event_label.text().startswith("event ")
    assert window.url_label.text() == "http://127.0.0.1:8801/index.html"
    assert window.viewport_label.text() == "1280 × 800"
    assert web_dom(qtbot, window) == engine_dom(window)


def test_play_pause_seek_and_step_keep_the_page_equal_to_the_engine(
        qtbot: QtBot, window: MainWindow) -> None:
    player = window.player
    assert player is not None
    replay = window.replay
    player.set_speed(16.0)
    with qtbot.waitSignal(player.state_changed, timeout=10_000):
        player.play()
    # let it play through a few frames (each frame emits position_changed)
    for _ in range(5):
        with qtbot.waitSignal(player.position_changed, timeout=10_000):
            pass
    with qtbot.waitSignal(player.state_changed, timeout=10_000):
        player.pause()
    assert player.playback.state.value == "paused"
    assert player.cursor.position > 0
    assert web_dom(qtbot, window) == engine_dom(window)

    for offset in (40_000.0, 12_000.0, 70_000.0):  # forward, back across a page load, forward
        player.seek(replay.start_ms + offset)
        assert web_dom(qtbot, window) == engine_dom(window)
        expected = dom_dumps(replay.events, [replay.start_ms + offset])[0]["dom"]
        assert engine_dom(window) == expected

    before = player.cursor.position
    for _ in range(25):
        player.step(1)
    assert player.cursor.position == before + 25
    assert web_dom(qtbot, window) == engine_dom(window)
    for _ in range(30):
        player.step(-1)
    assert player.cursor.position == before - 5
    assert web_dom(qtbot, window) == engine_dom(window)
    assert window.controls.event_label.text() == f"event {before - 5} of {player.cursor.total}"
    qtbot.waitUntil(lambda: f"event {before - 5} of" in window.event_text.toPlainText(),
                    timeout=5_000)  # the raw event follows the page a moment later


def test_keyboard_shortcuts_drive_the_player(qtbot: QtBot, window: MainWindow) -> None:
    player = window.player
    assert player is not None
    start = player.cursor.position
    qtbot.keyClick(window, ".")
    assert player.cursor.position == start + 1
    qtbot.keyClick(window, ",")
    assert player.cursor.position == start
    qtbot.keyClick(window, "4")
    assert player.playback.speed == 4.0  # keys 0…6 pick 0.25× … 16×
    t = player.cursor.time
    from PySide6.QtCore import Qt

    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert player.cursor.time == pytest.approx(t + 5000)


def test_the_player_timeline_counts_events_like_the_engine() -> None:
    replay = load_replay([str(sentry_recording("tiny"))])
    assert len(Timeline(replay.events)) == len(replay.events)


def test_stepping_to_the_next_event_of_a_kind(qtbot: QtBot, window: MainWindow) -> None:
    player = window.player
    assert player is not None
    events = window.replay.events
    window.controls.step_kind.setCurrentIndex(
        [window.controls.step_kind.itemText(i)
         for i in range(window.controls.step_kind.count())].index("Mouse click / touch"))
    for _ in range(3):
        before = player.cursor.position
        qtbot.keyClick(window, ".")
        assert player.cursor.position > before
        last = player.cursor.position - 1
        assert (events.types[last], events.sources[last]) == (3, 2)
        assert all(events.sources[i] != 2 for i in range(before, last))
    assert web_dom(qtbot, window) == engine_dom(window)
    qtbot.keyClick(window, ",")
    last = player.cursor.position - 1
    assert (events.types[last], events.sources[last]) == (3, 2)


def test_player_keys_work_while_a_panel_table_has_the_focus(qtbot: QtBot,
                                                            window: MainWindow) -> None:
    from PySide6.QtCore import Qt

    player = window.player
    assert player is not None
    console = next(w for title, w in window.panels if title == "Console")
    window.tabs.setCurrentWidget(console)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    console.table.setFocus()
    start = player.cursor.position
    qtbot.keyClick(console.table, ".")
    assert player.cursor.position == start + 1
    qtbot.keyClick(console.table, Qt.Key.Key_Space)
    assert player.playing
    qtbot.keyClick(console.table, Qt.Key.Key_Space)
    assert player.playback.state.value == "paused"


def test_playing_to_the_end_across_page_loads_keeps_the_page_right(
        qtbot: QtBot, window: MainWindow) -> None:
    """Playback applies ops event by event (and a reset at each new page): at the end the
    page must still be exactly the engine's document."""
    player = window.player
    assert player is not None
    player.set_speed(16.0)
    player.seek(window.replay.start_ms + 25_000)  # before the second page load
    with qtbot.waitSignal(player.state_changed, timeout=10_000):
        player.play()
    qtbot.waitUntil(lambda: player.playback.state.value == "finished", timeout=60_000)
    assert player.cursor.position == player.cursor.total
    assert window.url_label.text() == "http://127.0.0.1:8801/list.html"
    assert web_dom(qtbot, window) == engine_dom(window)


def test_the_timeline_shades_exactly_what_playback_skips(window: MainWindow) -> None:
    assert window.player is not None
    assert window.timeline.inactive == window.player.playback.gaps
    assert window.timeline.inactive  # the sample has idle stretches to shade and skip


def test_the_seek_index_is_cached_for_the_next_open(qtbot: QtBot, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = str(sentry_recording("tiny"))
    replay = load_replay([path])
    view = ReplayView()
    try:
        for from_cache in (False, True):
            player = Player(replay, view)
            with qtbot.waitSignal(player.index_ready, timeout=60_000):
                player.build_index()
            assert player.builder is not None and player.builder.from_cache is from_cache
            assert player.cursor.index is not None and player.cursor.index.complete
            player.stop()
        assert list((tmp_path / "cache" / "replay-viewer" / "seek-index").glob("*.idx"))
        assert not list(Path(path).glob("*.idx"))  # never beside the inputs
    finally:
        view.shutdown()

"""The window's seek index thread, with its helper process: the same index, sooner."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from tests.conftest import sentry_recording
from viewer.model import load_replay
from viewer.render.engine import SeekIndex, Timeline
from viewer.render.engine.domdump import dump
from viewer.render.engine.index_worker import usable_cpus
from viewer.render.player import IndexBuilder


def test_the_index_built_with_a_helper_is_the_one_built_alone(qtbot: QtBot) -> None:
    if usable_cpus() < 2:
        pytest.skip("one core: no helper process is started")
    path = str(sentry_recording("long"))
    replay = load_replay([path])
    timeline = Timeline(replay.events, replay.recorder)
    builder = IndexBuilder(timeline, use_cache=False, files=[path])
    with qtbot.waitSignal(builder.built, timeout=120_000) as signal:
        builder.start()
    builder.wait()
    index: SeekIndex = signal.args[0]
    assert builder.helped and index.complete
    alone = SeekIndex(timeline, lazy=True)
    for position in (10, 17_000, 18_041, 18_042, 18_043, 25_000, len(timeline)):
        ours, theirs = index.engine_at_position(position), alone.engine_at_position(position)
        assert ours.document is not None and theirs.document is not None
        assert dump(ours.document) == dump(theirs.document), position
        assert (ours.width, ours.height, ours.href) == (theirs.width, theirs.height, theirs.href)


def test_an_interrupted_build_stops_its_helper(qtbot: QtBot) -> None:
    if usable_cpus() < 2:
        pytest.skip("one core: no helper process is started")
    path = str(sentry_recording("long"))
    replay = load_replay([path])
    builder = IndexBuilder(Timeline(replay.events, replay.recorder), use_cache=False,
                           files=[path])
    built: list[object] = []
    builder.built.connect(built.append)
    with qtbot.waitSignal(builder.progress, timeout=60_000):
        builder.start()
    builder.requestInterruption()
    builder.wait()
    assert builder.helper is not None and builder.helper.proc.poll() is not None
    assert not built


def test_the_window_starts_the_helper_once_its_first_frame_is_painted(qtbot: QtBot) -> None:
    if usable_cpus() < 2:
        pytest.skip("one core: no helper process is started")
    from viewer.render.player import Player
    from viewer.render.view import ReplayView

    path = str(sentry_recording("long"))
    replay = load_replay([path])
    view = ReplayView()
    view.resize(640, 400)
    view.show()
    try:
        player = Player(replay, view)
        with qtbot.waitSignal(player.index_ready, timeout=120_000):
            player.build_index(use_cache=False, files=[path])
            builder = player.builder
            assert builder is not None and builder.helper is None  # not before the paint
        assert builder.helped
        player.stop()
    finally:
        view.shutdown()


def test_the_helper_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    path = str(sentry_recording("long"))
    replay = load_replay([path])
    timeline = Timeline(replay.events, replay.recorder)
    builder = IndexBuilder(timeline, use_cache=False, files=[path])
    digest = "0" * 40
    monkeypatch.setattr("viewer.render.engine.index_worker.usable_cpus", lambda: 2)
    assert builder._helper_request(digest) is not None
    monkeypatch.setenv("REPLAY_VIEWER_INDEX_HELPER", "0")
    assert builder._helper_request(digest) is None

"""Playback state machine and pointer track, driven by a hand-held clock (no Qt)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests import builders as b
from viewer.model import load_replay
from viewer.model.playback import INACTIVITY_MS, SKIP_LEAD_MS, Playback, State, inactive_gaps
from viewer.model.pointer import PointerTrack


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def test_play_pause_speed_and_finish() -> None:
    clock = Clock()
    pb = Playback(0.0, 10_000.0, clock)
    assert pb.state is State.PAUSED
    clock.advance(5)
    assert pb.tick() == 0.0  # paused: time does not move
    pb.play()
    clock.advance(1.5)
    assert pb.tick() == pytest.approx(1500.0)
    pb.set_speed(4.0)
    clock.advance(0.5)
    assert pb.tick() == pytest.approx(3500.0)
    pb.pause()
    clock.advance(10)
    assert pb.tick() == pytest.approx(3500.0)
    pb.play()
    clock.advance(10)
    assert pb.tick() == 10_000.0
    assert pb.state is State.FINISHED
    pb.play()  # playing again from the end restarts
    assert pb.position == 0.0 and pb.state is State.PLAYING
    with pytest.raises(ValueError):
        pb.set_speed(0)


def test_seek_jump_restart_clamp_to_the_recording() -> None:
    pb = Playback(1000.0, 5000.0, Clock())
    assert pb.seek(-50.0) == 1000.0
    assert pb.seek(99_999.0) == 5000.0
    assert pb.jump(-2500.0) == 2500.0
    assert pb.jump(10_000.0) == 5000.0
    assert pb.restart() == 1000.0


def test_inactive_gaps_are_found_between_interactions() -> None:
    gaps = inactive_gaps([1000.0, 2000.0, 40_000.0, 41_000.0], 0.0, 100_000.0)
    assert gaps == [(2000.0, 40_000.0 - SKIP_LEAD_MS), (41_000.0, 100_000.0)]
    assert inactive_gaps([5000.0], 0.0, 5000.0 + INACTIVITY_MS - 1) == []


def test_skip_inactivity_fast_forwards_only_inside_gaps() -> None:
    clock = Clock()
    pb = Playback(0.0, 60_000.0, clock, interactions=[0.0, 1000.0, 50_000.0, 60_000.0])
    pb.play()
    clock.advance(0.5)
    assert pb.tick() == pytest.approx(500.0)  # normal speed before the gap
    assert not pb.skipping
    clock.advance(0.5)
    pb.tick()  # reaches the gap at 1000
    clock.advance(0.5)
    assert pb.tick() > 20_000.0  # the 48 s gap passes in about a second
    assert pb.skipping
    clock.advance(2.0)
    position = pb.tick()
    assert 49_000.0 <= position < 52_000.0  # out of the gap, back at 1×
    pb.skip_inactive = False
    before = pb.tick()
    clock.advance(1.0)
    assert pb.tick() == pytest.approx(before + 1000.0)


def test_pointer_positions_are_placed_at_their_own_time(tmp_path: Path) -> None:
    events = [b.meta(), b.full_snapshot(),
              {"type": 3, "timestamp": b.T0 + 1000, "data": {"source": 1, "positions": [
                  {"x": 1, "y": 2, "id": 5, "timeOffset": -400},
                  {"x": 3, "y": 4, "id": 5, "timeOffset": -100}]}},
              {"type": 3, "timestamp": b.T0 + 1500, "data": {"source": 2, "type": 2, "id": 5,
                                                            "x": 9, "y": 8}},
              {"type": 3, "timestamp": b.T0 + 1600, "data": {"source": 2, "type": 5, "id": 5}}]
    path = tmp_path / "r.json"
    path.write_text(json.dumps(events))
    track = PointerTrack.from_events(load_replay([str(path)]).events)
    assert [(a.t - b.T0, a.kind, a.x) for a in track.actions] == [
        (600, "move", 1.0), (900, "move", 3.0), (1500, "click", 9.0)]
    last, touching = track.at(b.T0 + 1000)
    assert last is not None and last.x == 3.0 and not touching
    assert [a.kind for a in track.between(b.T0 + 700, b.T0 + 2000)] == ["move", "click"]
    assert not track.is_touch


def test_touch_recordings_are_recognised(tmp_path: Path) -> None:
    events = [b.meta(), b.full_snapshot(),
              {"type": 3, "timestamp": b.T0 + 10, "data": {"source": 2, "type": 7, "id": 5,
                                                          "x": 1, "y": 1}},
              {"type": 3, "timestamp": b.T0 + 20, "data": {"source": 6, "positions": [
                  {"x": 2, "y": 2, "id": 5, "timeOffset": 0}]}}]
    path = tmp_path / "r.json"
    path.write_text(json.dumps(events))
    track = PointerTrack.from_events(load_replay([str(path)]).events)
    assert track.is_touch
    assert track.at(b.T0 + 15) == (track.actions[0], True)

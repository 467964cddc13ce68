"""Playback clock, activity and pointer track, driven by a hand-held clock (no Qt)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests import builders as b
from tests.conftest import sentry_recording
from viewer.model import load_replay
from viewer.model.activity import SKIP_LEAD_MS, inactive_ranges, replay_inactivity
from viewer.model.playback import Playback, State
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
    assert pb.advance(0.0) == 0.0  # paused: time does not move
    t = pb.play(0.0)
    clock.advance(1.5)
    t = pb.advance(t)
    assert t == pytest.approx(1500.0)
    clock.advance(0.5)
    t = pb.set_speed(4.0, t)  # the half second before the change counts at 1×
    assert t == pytest.approx(2000.0)
    clock.advance(0.5)
    t = pb.advance(t)
    assert t == pytest.approx(4000.0)
    pb.pause()
    clock.advance(10)
    assert pb.advance(t) == pytest.approx(4000.0)
    t = pb.play(t)
    clock.advance(10)
    assert pb.advance(t) == 10_000.0
    assert pb.state is State.FINISHED
    assert pb.play(10_000.0) == 0.0  # playing again from the end restarts
    assert pb.state is State.PLAYING
    with pytest.raises(ValueError):
        pb.set_speed(0, 0.0)


def test_moments_set_by_hand_are_clamped_and_restart_the_reading() -> None:
    clock = Clock()
    pb = Playback(1000.0, 5000.0, clock)
    assert pb.moved_to(-50.0) == 1000.0
    assert pb.moved_to(99_999.0) == 5000.0
    t = pb.play(2000.0)
    clock.advance(1.0)
    t = pb.moved_to(2500.0)  # a seek while playing: the second before it is not counted
    clock.advance(0.25)
    assert pb.advance(t) == pytest.approx(2750.0)


def test_skip_inactivity_fast_forwards_only_inside_the_inactive_stretches() -> None:
    clock = Clock()
    interactions = [0.0, 1000.0, 50_000.0, 60_000.0]
    gaps = inactive_ranges(interactions, 0.0, 60_000.0)
    assert gaps == [(1000.0, 50_000.0 - SKIP_LEAD_MS)]
    pb = Playback(0.0, 60_000.0, clock, gaps)
    t = pb.play(0.0)
    clock.advance(0.5)
    t = pb.advance(t)
    assert t == pytest.approx(500.0)  # normal speed before the gap
    assert not pb.skipping(t)
    clock.advance(0.5)
    t = pb.advance(t)  # reaches the gap at 1000
    clock.advance(0.5)
    t = pb.advance(t)
    assert t > 20_000.0  # the 48 s gap passes in about a second
    assert pb.skipping(t)
    clock.advance(2.0)
    t = pb.advance(t)
    assert 49_000.0 <= t < 52_000.0  # out of the gap, back at 1×
    pb.skip_inactive = False
    clock.advance(1.0)
    assert pb.advance(t) == pytest.approx(t + 1000.0)


def test_the_timeline_shades_what_skipping_skips() -> None:
    replay = load_replay([str(sentry_recording("checkout"))])
    ranges = replay_inactivity(replay)
    assert ranges  # the checkout session has idle stretches
    clock = Clock()
    pb = Playback(replay.start_ms, replay.end_ms, clock, ranges)
    for first, last in ranges:
        assert pb.gap_at((first + last) / 2) == (first, last)
        assert pb.rate_at((first + last) / 2) > pb.speed
        assert pb.gap_at(last) is None and pb.rate_at(last) == pb.speed
        if first > replay.start_ms:
            assert pb.gap_at(first - 1) is None


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

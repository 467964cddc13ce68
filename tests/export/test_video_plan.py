"""The video's frames (moments, cuts), its size, settings, encoder choice and frame scripts."""

from __future__ import annotations

import itertools
import math

import pytest

from tests.conftest import sentry_recording
from tests.engine.op_applier import OpApplier
from viewer.export.output import ExportError
from viewer.export.video_encode import choose_encoder
from viewer.export.video_plan import (
    CARD_MS,
    MIN_CUT_MS,
    FrameScripter,
    VideoSettings,
    plan_frames,
    replay_frames,
    skipped_text,
    video_size,
)
from viewer.model import load_replay
from viewer.model.activity import replay_inactivity
from viewer.model.pointer import MAX_ANIMATED, PointerAction, PointerTrack
from viewer.render.engine.domdump import dump

T0 = 1_700_000_000_000.0


@pytest.mark.parametrize("fps, speed, seconds", [(10, 1.0, 12.0), (24, 2.0, 7.3), (1, 0.25, 3.0),
                                                 (60, 16.0, 100.0)])
def test_frames_step_through_the_range_and_end_on_its_end(fps: int, speed: float,
                                                          seconds: float) -> None:
    settings = VideoSettings(fps=fps, speed=speed)
    end = T0 + seconds * 1000
    frames = plan_frames(T0, end, [], settings)
    step = 1000 * speed / fps
    assert len(frames) == math.ceil(seconds * 1000 / step) + 1
    assert frames[0].t == T0 and frames[-1].t == end
    assert all(b.t - a.t == pytest.approx(step, abs=1e-3)
               for a, b in itertools.pairwise(frames[:-1]))
    assert all(f.card is None for f in frames)


def test_an_inactive_stretch_is_cut_with_a_title_card() -> None:
    settings = VideoSettings(fps=10)
    gap = (T0 + 5_000, T0 + 65_000)
    end = T0 + 70_000
    frames = plan_frames(T0, end, [gap], settings)
    cards = [f for f in frames if f.card]
    assert len(cards) == round(CARD_MS * settings.fps / 1000)
    assert {f.t for f in cards} == {gap[1]}  # the page where the stretch ends
    assert cards[0].card == "— skipped 1 min 00 s of inactivity —"
    assert not [f for f in frames if gap[0] <= f.t < gap[1]]  # nothing of the stretch is shown
    uncut = plan_frames(T0, end, [gap], VideoSettings(fps=10, cut_inactivity=False))
    assert len(frames) < len(uncut) == 70 * 10 + 1
    assert len(frames) == 5 * 10 + len(cards) + 5 * 10 + 1


def test_a_stretch_clipped_by_the_range_is_cut_only_where_it_is_in_the_range() -> None:
    settings = VideoSettings(fps=10)
    gap = (T0 - 30_000, T0 + 20_000)  # the range starts inside it
    frames = plan_frames(T0, T0 + 25_000, [gap], settings)
    assert frames[0].t == gap[1] and frames[0].card == "— skipped 20 s of inactivity —"
    short = (T0 + 10_000 - MIN_CUT_MS / 2, T0 + 10_000)  # too little of it in the range
    assert all(f.card is None
               for f in plan_frames(T0 + 10_000 - MIN_CUT_MS / 2, T0 + 12_000, [short],
                                    settings))


def test_a_recording_of_one_instant_is_one_frame() -> None:
    assert len(plan_frames(T0, T0, [], VideoSettings())) == 1


def test_skipped_text() -> None:
    assert skipped_text(34_400) == "— skipped 34 s of inactivity —"
    assert skipped_text(125_000) == "— skipped 2 min 05 s of inactivity —"


@pytest.mark.parametrize("viewport, width, size", [
    ((1280, 800), 1280, (1280, 800)), ((900, 700), 1280, (1280, 996)),
    ((390, 844), 641, (640, 1384)), ((1000, 1), 320, (320, 2)), ((100, 100000), 3840, (3840, 4320)),
])
def test_video_size_is_even_at_the_viewport_aspect(viewport: tuple[int, int], width: int,
                                                   size: tuple[int, int]) -> None:
    assert video_size(viewport, width) == size
    assert size[0] % 2 == 0 and size[1] % 2 == 0


@pytest.mark.parametrize("settings, message", [
    (VideoSettings(fps=0), "--fps 0 is out of range (1–60)"),
    (VideoSettings(fps=61), "--fps 61 is out of range"),
    (VideoSettings(width=100), "--width 100 is out of range (160–3840)"),
    (VideoSettings(width=5000), "--width 5000 is out of range"),
    (VideoSettings(speed=0), "--speed 0 is out of range (0.25–16)"),
    (VideoSettings(speed=math.nan), "--speed nan is out of range"),
    (VideoSettings(speed=20), "--speed 20 is out of range"),
])
def test_settings_out_of_range(settings: VideoSettings, message: str) -> None:
    with pytest.raises(ExportError, match=message.replace("(", r"\(").replace(")", r"\)")):
        settings.check()


def test_encoder_choice() -> None:
    assert choose_encoder("a/b.mp4") == ("mp4", "libx264")  # the PyAV wheel ships x264
    assert choose_encoder("clip.WEBM") == ("webm", "libvpx-vp9")
    assert choose_encoder("clip.webm", lambda name: name == "libvpx") == ("webm", "libvpx")
    with pytest.raises(ExportError, match=r"no H\.264 encoder \(libx264\)"):
        choose_encoder("clip.mp4", lambda name: False)
    for name in ("clip.avi", "clip.gif", "clip"):
        with pytest.raises(ExportError, match=r"write \.mp4 \(H\.264\) or \.webm \(VP9\)"):
            choose_encoder(name)


def test_pointer_overlay_calls_animate_a_forward_move_and_place_otherwise() -> None:
    actions = [PointerAction(T0 + i * 10, "move", i, i, 5, i) for i in range(200)]
    actions.append(PointerAction(T0 + 2_000, "click", 7, 8, 5, 200))
    track = PointerTrack(actions, touch=False)
    calls = track.overlay_calls(T0 + 1_995, T0 + 2_001, True)
    assert calls == [("replayOverlay.pointer", ("click", 7, 8, 5, T0 + 2_000))]
    many = track.overlay_calls(T0, T0 + 10 * (MAX_ANIMATED + 5), True)
    assert many == [("replayOverlay.place", (MAX_ANIMATED + 4, MAX_ANIMATED + 4, 5, False))]
    assert track.overlay_calls(T0 + 500, T0 + 100, True)[0][0] == "replayOverlay.place"
    assert track.overlay_calls(T0 - 5, T0 - 1, False) == [
        ("replayOverlay.place", (None, None, None, False))]


def test_frame_scripts_play_the_replay_as_the_window_does() -> None:
    replay = load_replay([str(sentry_recording("checkout"))])
    settings = VideoSettings(fps=5)
    frames = replay_frames(replay, replay.start_ms, replay.end_ms, settings)
    gaps = replay_inactivity(replay)
    assert gaps and any(f.card for f in frames)  # the sample has an inactive stretch
    scripter = FrameScripter(replay, settings)
    shown = OpApplier()
    scripts = []
    for script in scripter.scripts(frames):  # each frame's ops turn the last page into this one
        for op in script.ops:
            shown.apply(op)
        assert shown.document is not None and scripter.cursor.engine.document is not None
        assert dump(shown.document) == dump(scripter.cursor.engine.document)
        scripts.append(script)
    assert [s.index for s in scripts] == list(range(len(frames)))
    assert [op["op"] for op in scripts[0].ops] == ["reset"]  # the first picture is whole
    clicks = [c for s in scripts for c in s.calls if c[0] == "replayOverlay.pointer"
              and c[1][0] == "click"]
    recorded = [a for a in scripter.pointer.actions if a.kind == "click"
                and not any(g[0] <= a.t < g[1] for g in gaps)]
    assert 0 < len(clicks) <= len(recorded)
    assert scripter.cursor.time == frames[-1].t
    assert all(s.advance_ms == 200 for s in scripts)

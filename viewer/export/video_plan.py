"""The video's frames: which moment each shows, the cuts over inactivity, what the page must do.

Frame k of an active stretch shows moment `a + k·speed·1000/fps` (epoch ms; every event
before it applied, as the window plays). An inactive stretch of the range (the one definition
of `viewer.model.activity`) is cut: the video jumps to its end and shows a title card
("— skipped 34 s of inactivity —") over the page there for `CARD_MS` of video. The last frame
shows the range's end. Each frame becomes a `FrameScript`: the patch ops and overlay calls that
turn the previous frame's page into this one, made by a playback `Cursor` and the pointer
track exactly as the window's player makes them.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from viewer.export.output import ExportError
from viewer.model import Replay
from viewer.model.activity import replay_inactivity
from viewer.model.pointer import OverlayCall, PointerTrack
from viewer.model.timeparse import end_moment
from viewer.render.engine import Cursor, Timeline

FPS_RANGE = (1, 60)
WIDTH_RANGE = (160, 3840)
SPEED_RANGE = (0.25, 16.0)
#: How long (video ms) the title card of a cut is shown.
CARD_MS = 1000.0
#: A stretch of the range shorter than this is not worth a cut (the range starts at its end).
MIN_CUT_MS = 1000.0
#: The tallest video (a phone's viewport at a large width would be taller still).
MAX_HEIGHT = 4320
META, INCREMENTAL, VIEWPORT_RESIZE = 4, 3, 4


@dataclass(frozen=True)
class VideoSettings:
    """Frames per second of video, its width in pixels, replay ms per video ms, the cuts."""

    fps: int = 10
    width: int = 1280
    speed: float = 1.0
    cut_inactivity: bool = True

    def check(self) -> None:
        """ExportError naming the first setting out of range."""
        for name, value, (lo, hi) in (("--fps", self.fps, FPS_RANGE),
                                      ("--width", self.width, WIDTH_RANGE),
                                      ("--speed", self.speed, SPEED_RANGE)):
            if not (lo <= value <= hi) or not math.isfinite(value):
                raise ExportError(f"{name} {value:g} is out of range ({lo:g}–{hi:g})")

    @property
    def step_ms(self) -> float:
        """Replay ms between two frames."""
        return 1000.0 * self.speed / self.fps


@dataclass(frozen=True)
class PlannedFrame:
    """A frame: the moment it shows, and the replay ms a cut just skipped (0: no cut card)."""

    t: float
    skipped_ms: float = 0.0

    @property
    def card(self) -> str | None:
        return skipped_text(self.skipped_ms) if self.skipped_ms else None


def skipped_text(ms: float) -> str:
    """"— skipped 34 s of inactivity —" (minutes past a minute)."""
    seconds = round(ms / 1000)
    span = f"{seconds} s" if seconds < 60 else f"{seconds // 60} min {seconds % 60:02d} s"
    return f"— skipped {span} of inactivity —"


def plan_frames(start: float, end: float, gaps: Sequence[tuple[float, float]],
                settings: VideoSettings) -> list[PlannedFrame]:
    """The frames of range [start, end] (epoch ms) with the inactive stretches `gaps` cut."""
    cuts = []
    if settings.cut_inactivity:
        for a, b in sorted(gaps):
            a, b = max(a, start), min(b, end)
            if b - a >= MIN_CUT_MS:
                cuts.append((a, b))
    card_frames = max(1, round(CARD_MS * settings.fps / 1000))
    step = settings.step_ms
    frames: list[PlannedFrame] = []
    lo = start
    for a, b in [*cuts, (end, end)]:
        count = max(0, math.ceil((a - lo) / step))  # the moments lo + k·step before a
        frames.extend(PlannedFrame(lo + k * step) for k in range(count))
        if b > a:
            frames.extend(PlannedFrame(b, b - a) for _ in range(card_frames))
        lo = b
    if frames and not frames[-1].skipped_ms and end - frames[-1].t < 1.0:
        frames.pop()  # the end moment is the last event's time, shown just after it
    frames.append(PlannedFrame(end))
    return frames


def video_range_end(replay: Replay, end: float) -> float:
    """The moment that shows the range's end: the replay's end moment includes its last event."""
    return end_moment(replay) if end >= replay.end_ms else end


@dataclass
class FrameScript:
    """What the page does to show frame `index`: `ops` (patch ops), `calls` (overlay calls),
    then animations advance by `advance_ms` of video; `card` is drawn over the picture."""

    index: int
    t: float
    ops: list[dict[str, Any]]
    calls: list[OverlayCall]
    advance_ms: float
    card: str | None


class FrameScripter:
    """Plays the replay through the frames' moments with a playback cursor, as the window does."""

    def __init__(self, replay: Replay, settings: VideoSettings) -> None:
        self.cursor = Cursor(Timeline(replay.events, replay.recorder))
        self.pointer = PointerTrack.from_events(replay.events)
        self.settings = settings

    def setup_calls(self) -> list[OverlayCall]:
        """Calls before the first frame: the pointer's kind, the speed, the page playing."""
        return [("replayOverlay.setTouch", (self.pointer.is_touch,)),
                ("replayOverlay.setSpeed", (self.settings.speed,)),
                ("replay.setPaused", (False,))]

    def viewport(self, start: float, end: float) -> tuple[int, int]:
        """The recorded viewport shown longest in [start, end] (moves the cursor to start):
        the video's aspect ratio (other viewports are scaled to fit, as in the window)."""
        self.cursor.seek(start)
        engine = self.cursor.engine
        shown: dict[tuple[int, int], float] = {}
        size, since = ((engine.width or 1280), (engine.height or 800)), start
        timeline = self.cursor.timeline
        for i in range(timeline.count_before(start), timeline.count_before(end)):
            kind = timeline.types[i]
            if kind == META or (kind == INCREMENTAL and timeline.sources[i] == VIEWPORT_RESIZE):
                event = timeline.events[i]
                data = (event.get("data") if isinstance(event, dict) else None) or {}
                w, h = data.get("width"), data.get("height")
                if isinstance(w, int) and isinstance(h, int) and w > 0 and h > 0:
                    t = timeline.timestamps[i]
                    shown[size] = shown.get(size, 0.0) + t - since
                    size, since = (w, h), t
        shown[size] = shown.get(size, 0.0) + end - since
        return max(shown, key=lambda s: shown[s])

    def scripts(self, frames: Sequence[PlannedFrame]) -> Iterator[FrameScript]:
        frame_ms = 1000.0 / self.settings.fps
        previous: PlannedFrame | None = None
        for index, frame in enumerate(frames):
            before = self.cursor.time
            step = self.cursor.seek(frame.t)
            if previous is None:  # the first picture: the whole page, the pointer placed
                ops = [self.cursor.reset_op()]
                calls = self.pointer.overlay_calls(step.time, step.time, False)
            else:
                ops = step.ops
                animate = not frame.skipped_ms and step.how != "reset"
                calls = self.pointer.overlay_calls(before, step.time, animate)
                if not animate and step.time == before:
                    calls = []  # a card frame after the first: nothing moved
            yield FrameScript(index, frame.t, ops, calls, frame_ms, frame.card)
            previous = frame


def video_size(viewport: tuple[int, int], width: int) -> tuple[int, int]:
    """Even output dimensions of `width` at the viewport's aspect ratio (yuv420p needs even)."""
    w, h = viewport
    width -= width % 2
    height = max(2, min(MAX_HEIGHT, round(width * h / w)))
    return width, height - height % 2


def replay_frames(replay: Replay, start: float, end: float,
                  settings: VideoSettings) -> list[PlannedFrame]:
    """The frames of a replay's range (its inactive stretches cut when the settings say so)."""
    return plan_frames(start, video_range_end(replay, end), replay_inactivity(replay), settings)

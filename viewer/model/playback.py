"""The playback clock: paused / playing / finished, speed, skip inactivity; it advances a moment.

The clock keeps no position of its own: the moment shown belongs to the playback cursor, and the
clock only says where it has moved since the last reading (`advance(t)`). Real time is injected
(`clock()` returns seconds), so tests drive it by hand. Moments are epoch ms. Skipping passes
each inactive stretch (`viewer.model.activity`) in about `SKIP_SECONDS`.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from enum import Enum

SKIP_SECONDS = 1.0
SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)


class State(Enum):
    PAUSED = "paused"
    PLAYING = "playing"
    FINISHED = "finished"


class Playback:
    """How playback moves: call `advance(t)` often while playing; it returns the new moment."""

    def __init__(self, start_ms: float, end_ms: float, clock: Callable[[], float],
                 gaps: Sequence[tuple[float, float]] = ()) -> None:
        self.start = start_ms
        self.end = max(end_ms, start_ms)
        self.clock = clock
        self.state = State.PAUSED
        self.speed = 1.0
        self.skip_inactive = True
        self.gaps = list(gaps)
        self._gap_starts = [g[0] for g in self.gaps]
        self._last = clock()

    def clamp(self, t: float) -> float:
        return min(max(t, self.start), self.end)

    # -- commands ------------------------------------------------------------------------------
    def play(self, t: float) -> float:
        """Start playing from `t`; returns where playing starts (the start, when at the end)."""
        t = self.start if t >= self.end else self.clamp(t)
        self.state = State.PLAYING
        self._last = self.clock()
        return t

    def pause(self) -> None:
        if self.state is State.PLAYING:
            self.state = State.PAUSED

    def moved_to(self, t: float) -> float:
        """The moment was set by hand (seek, step): restart the real-time reading from there.
        Returns `t` clamped to the recording."""
        t = self.clamp(t)
        if self.state is State.FINISHED and t < self.end:
            self.state = State.PAUSED
        self._last = self.clock()
        return t

    def set_speed(self, speed: float, t: float) -> float:
        """Change the speed; returns the moment reached at the old speed until now."""
        if speed <= 0:
            raise ValueError("speed must be positive")
        t = self.advance(t)
        self.speed = speed
        return t

    # -- time ------------------------------------------------------------------------------------
    def gap_at(self, t: float) -> tuple[float, float] | None:
        i = bisect.bisect_right(self._gap_starts, t) - 1
        if i >= 0 and self.gaps[i][0] <= t < self.gaps[i][1]:
            return self.gaps[i]
        return None

    def skipping(self, t: float) -> bool:
        """Is playback fast-forwarding through an inactive stretch at `t`?"""
        return (self.state is State.PLAYING and self.skip_inactive
                and self.gap_at(t) is not None)

    def rate_at(self, t: float) -> float:
        """Recorded ms per real ms at `t` (the speed, or faster inside a skipped gap)."""
        gap = self.gap_at(t) if self.skip_inactive else None
        if gap is None:
            return self.speed
        return max(self.speed, (gap[1] - gap[0]) / (SKIP_SECONDS * 1000.0))

    def advance(self, t: float) -> float:
        """The moment reached from `t` by the real time since the last reading (`t` itself
        unless playing); reaching the end finishes playback."""
        now = self.clock()
        real_ms = max(0.0, (now - self._last) * 1000.0)
        self._last = now
        if self.state is not State.PLAYING:
            return t
        pos = t
        while real_ms > 1e-9 and pos < self.end:
            rate = self.rate_at(pos)
            gap = self.gap_at(pos) if self.skip_inactive else None
            boundary = gap[1] if gap is not None else self._next_gap_start(pos)
            reach = min(boundary, self.end) - pos
            step = real_ms * rate
            if step < reach:
                pos += step
                real_ms = 0.0
            else:
                pos += reach
                real_ms -= reach / rate
        pos = min(pos, self.end)
        if pos >= self.end:
            self.state = State.FINISHED
        return pos

    def _next_gap_start(self, t: float) -> float:
        if not self.skip_inactive:
            return self.end
        i = bisect.bisect_right(self._gap_starts, t)
        return self._gap_starts[i] if i < len(self._gap_starts) else self.end

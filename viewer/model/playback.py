"""Playback: a clock-driven state machine (paused / playing / finished, skipping inactivity).

Time is injected (`clock()` returns seconds), so tests drive it by hand. Positions are epoch ms.
Skip inactivity fast-forwards through gaps of more than `INACTIVITY_MS` without user interaction
(rrweb's incremental sources 1–5), so that a whole gap passes in about `SKIP_SECONDS`.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Sequence
from enum import Enum

INACTIVITY_MS = 10_000.0
#: A skipped gap ends this long before the next interaction, so its approach is seen.
SKIP_LEAD_MS = 1_000.0
SKIP_SECONDS = 1.0
SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
USER_INTERACTION_SOURCES = frozenset({1, 2, 3, 4, 5})


class State(Enum):
    PAUSED = "paused"
    PLAYING = "playing"
    FINISHED = "finished"


def inactive_gaps(interactions: Sequence[float], start: float, end: float,
                  threshold: float = INACTIVITY_MS) -> list[tuple[float, float]]:
    """Ranges to fast-forward: gaps longer than `threshold` between user interactions (also
    before the first and after the last), each ending `SKIP_LEAD_MS` before the activity."""
    points = [start, *sorted(t for t in interactions if start <= t <= end), end]
    gaps = []
    for a, b in itertools.pairwise(points):
        if b - a > threshold:
            stop = b if b == end else b - SKIP_LEAD_MS
            gaps.append((a, stop))
    return gaps


class Playback:
    """Where playback is and how it moves; call `tick()` often while playing."""

    def __init__(self, start_ms: float, end_ms: float, clock: Callable[[], float],
                 interactions: Sequence[float] = ()) -> None:
        self.start = start_ms
        self.end = max(end_ms, start_ms)
        self.clock = clock
        self.position = start_ms
        self.state = State.PAUSED
        self.speed = 1.0
        self.skip_inactive = True
        self.gaps = inactive_gaps(interactions, self.start, self.end)
        self._gap_starts = [g[0] for g in self.gaps]
        self._last = clock()

    # -- commands ------------------------------------------------------------------------------
    def play(self) -> None:
        if self.state is State.FINISHED or self.position >= self.end:
            self.position = self.start
        self.state = State.PLAYING
        self._last = self.clock()

    def pause(self) -> None:
        self.tick()
        if self.state is State.PLAYING:
            self.state = State.PAUSED

    def toggle(self) -> None:
        if self.state is State.PLAYING:
            self.pause()
        else:
            self.play()

    def seek(self, t: float) -> float:
        self.position = min(max(t, self.start), self.end)
        if self.state is State.FINISHED and self.position < self.end:
            self.state = State.PAUSED
        self._last = self.clock()
        return self.position

    def jump(self, delta_ms: float) -> float:
        self.tick()
        return self.seek(self.position + delta_ms)

    def restart(self) -> float:
        self.seek(self.start)
        return self.position

    def set_speed(self, speed: float) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.tick()
        self.speed = speed

    # -- time ------------------------------------------------------------------------------------
    def gap_at(self, t: float) -> tuple[float, float] | None:
        i = bisect.bisect_right(self._gap_starts, t) - 1
        if i >= 0 and self.gaps[i][0] <= t < self.gaps[i][1]:
            return self.gaps[i]
        return None

    @property
    def skipping(self) -> bool:
        return (self.state is State.PLAYING and self.skip_inactive
                and self.gap_at(self.position) is not None)

    def rate_at(self, t: float) -> float:
        """Recorded ms per real ms at `t` (the speed, or faster inside a skipped gap)."""
        gap = self.gap_at(t) if self.skip_inactive else None
        if gap is None:
            return self.speed
        return max(self.speed, (gap[1] - gap[0]) / (SKIP_SECONDS * 1000.0))

    def tick(self) -> float:
        """Advance by the real time since the last tick; returns the position."""
        now = self.clock()
        real_ms = max(0.0, (now - self._last) * 1000.0)
        self._last = now
        if self.state is not State.PLAYING:
            return self.position
        pos = self.position
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
        self.position = min(pos, self.end)
        if self.position >= self.end:
            self.state = State.FINISHED
        return self.position

    def _next_gap_start(self, t: float) -> float:
        if not self.skip_inactive:
            return self.end
        i = bisect.bisect_right(self._gap_starts, t)
        return self._gap_starts[i] if i < len(self._gap_starts) else self.end

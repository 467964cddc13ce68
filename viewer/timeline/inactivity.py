"""Inactivity: stretches longer than a threshold without user interaction (shaded, skippable)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from viewer.model.frames import Frame

if TYPE_CHECKING:
    from viewer.model.replay import Replay

#: rrweb IncrementalSnapshot event type and the sources that are user interaction.
INCREMENTAL = 3
USER_SOURCES = frozenset({1, 2, 3, 4, 5})  # MouseMove, MouseInteraction, Scroll, Resize, Input
USER_FRAME_KINDS = frozenset({
    "click", "dead-click", "rage-click", "slow-click", "multi-click", "input", "keydown",
    "navigation",
})
#: Gaps longer than this (ms) count as inactivity (rrweb's and Sentry's default).
INACTIVITY_MS = 10_000.0


def activity_times(timestamps: Sequence[float], types: Sequence[int], sources: Sequence[int],
                   frames: Iterable[Frame] = ()) -> list[float]:
    """Sorted times of user interaction: incremental events of sources 1..5 and user frames."""
    times = [t for t, ty, src in zip(timestamps, types, sources, strict=True)
             if ty == INCREMENTAL and src in USER_SOURCES]
    times.extend(f.ts_ms for f in frames if f.kind in USER_FRAME_KINDS)
    times.sort()
    return times


def inactive_ranges(times: Sequence[float], start_ms: float, end_ms: float,
                    threshold_ms: float = INACTIVITY_MS) -> list[tuple[float, float]]:
    """Ranges (epoch ms) longer than `threshold_ms` with no activity, inside [start, end]."""
    marks = [start_ms, *(t for t in times if start_ms <= t <= end_ms), end_ms]
    return [(a, b) for a, b in itertools.pairwise(marks) if b - a > threshold_ms]


def replay_inactivity(replay: Replay, threshold_ms: float = INACTIVITY_MS
                      ) -> list[tuple[float, float]]:
    """Inactive ranges of a replay, from its rrweb events and frames."""
    events = replay.events
    times = activity_times(events.timestamps, events.types, events.sources, replay.frames)
    return inactive_ranges(times, replay.start_ms, replay.end_ms, threshold_ms)

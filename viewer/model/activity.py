"""User activity and inactivity: the one definition that skip-inactivity skips and the timeline
shades.

Activity is what the user did: rrweb incremental events of the interaction sources (mouse move,
mouse interaction, scroll, viewport resize, input: rrweb's own `isUserInteraction`) and the user
frames Sentry sends beside them (clicks, inputs, key presses, navigations). An inactive stretch
is more than `INACTIVITY_MS` without activity (rrweb's and Sentry's threshold); it ends
`SKIP_LEAD_MS` before the activity that ends it, so that a skip lands just before it and the
approach is seen. A stretch that reaches the end of the replay ends there.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from viewer.model.frames import Frame

if TYPE_CHECKING:
    from viewer.model.replay import Replay

INACTIVITY_MS = 10_000.0
SKIP_LEAD_MS = 1_000.0
INCREMENTAL = 3
USER_SOURCES = frozenset({1, 2, 3, 4, 5})
USER_FRAME_KINDS = frozenset({
    "click", "dead-click", "rage-click", "slow-click", "multi-click", "input", "keydown",
    "navigation",
})


def activity_times(timestamps: Sequence[float], types: Sequence[int], sources: Sequence[int],
                   frames: Iterable[Frame] = ()) -> list[float]:
    """Sorted times of user activity: interaction events and user frames."""
    times = [t for t, ty, src in zip(timestamps, types, sources, strict=True)
             if ty == INCREMENTAL and src in USER_SOURCES]
    times.extend(f.ts_ms for f in frames if f.kind in USER_FRAME_KINDS)
    times.sort()
    return times


def inactive_ranges(times: Sequence[float], start_ms: float, end_ms: float,
                    threshold_ms: float = INACTIVITY_MS) -> list[tuple[float, float]]:
    """The inactive stretches (epoch ms) between `start_ms` and `end_ms` (see the module doc)."""
    marks = [start_ms, *(t for t in times if start_ms <= t <= end_ms), end_ms]
    ranges = []
    for a, b in itertools.pairwise(marks):
        if b - a > threshold_ms:
            ranges.append((a, b if b == end_ms else b - SKIP_LEAD_MS))
    return ranges


def replay_inactivity(replay: Replay) -> list[tuple[float, float]]:
    """The inactive stretches of a replay."""
    events = replay.events
    times = activity_times(events.timestamps, events.types, events.sources, replay.frames)
    return inactive_ranges(times, replay.start_ms, replay.end_ms)

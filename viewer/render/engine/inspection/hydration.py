"""Before/after diff around a hydration error (a Sentry `replay.hydrate-error` breadcrumb).

React reports a hydration error when the server's HTML and the client's first render differ;
the client then re-renders, so the DOM changes just after the error. As Sentry's replay
details do, the "before" moment is just after the last DOM change (FullSnapshot or mutation)
timed before the error, and the "after" moment just after the second DOM change timed after it
(the first when there is only one; the end of the recording when there is none).
"""

from __future__ import annotations

import math
from typing import Any

from ..engine import FULL_SNAPSHOT, INCREMENTAL
from ..seek import SeekIndex
from ..timeline import Timeline
from .moment_diff import diff_moments
from .pages import PageBreaks

MUTATION = 0


def _dom_changes(timeline: Timeline) -> list[int]:
    """Indices of the events that change the DOM: FullSnapshots and mutations."""
    events = timeline.events
    types = getattr(events, "types", None)
    sources = getattr(events, "sources", None)
    if types is not None and sources is not None and len(types) == len(events):
        return [
            i
            for i, (kind, source) in enumerate(zip(types, sources, strict=True))
            if kind == FULL_SNAPSHOT or (kind == INCREMENTAL and source == MUTATION)
        ]
    out: list[int] = []
    for i, event in enumerate(events):
        if not isinstance(event, dict):
            continue
        kind = event.get("type")
        data = event.get("data")
        source = data.get("source") if isinstance(data, dict) else None
        if kind == FULL_SNAPSHOT or (kind == INCREMENTAL and source == MUTATION):
            out.append(i)
    return out


def hydration_moments(timeline: Timeline, error_ms: float) -> tuple[float, float]:
    """(before, after) moments around a hydration error at `error_ms` (see the docstring)."""
    stamps = timeline.timestamps
    if not stamps:
        return error_ms, error_ms
    changes = _dom_changes(timeline)
    before = [i for i in changes if stamps[i] < error_ms]
    after = [i for i in changes if stamps[i] > error_ms]
    t_a = math.nextafter(stamps[before[-1]], math.inf) if before else stamps[0]
    if len(after) >= 2:
        t_b = math.nextafter(stamps[after[1]], math.inf)
    elif after:
        t_b = math.nextafter(stamps[after[0]], math.inf)
    else:
        t_b = math.nextafter(stamps[-1], math.inf)
    return t_a, t_b


def hydration_diff(seek: SeekIndex, error_ms: float, breaks: PageBreaks | None = None
                   ) -> dict[str, Any]:
    """The diff of the page before and after a hydration error at `error_ms` (epoch ms)."""
    t_a, t_b = hydration_moments(seek.timeline, error_ms)
    out = diff_moments(seek, t_a, t_b, breaks)
    out["error_t"] = error_ms
    return out

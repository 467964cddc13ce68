"""The DOM engine at increasing moments (rrweb's rule: every event strictly before t applied).

Exports read the page's state at a few moments in time order (the element of each click,
the state at a range's start), so one playback cursor moves through them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from viewer.model.events import EventList
from viewer.render.engine import Cursor, DomEngine, Timeline, index_cache
from viewer.render.engine.seek import DEFAULT_BUDGET


class EngineAt:
    """`engine_at = EngineAt(replay.events, replay.recorder); engine_at(t)`: the state at moment
    t, through one playback cursor (moments in time order play forward; the seek index is used
    when this recording's is in the cache)."""

    def __init__(self, events: Sequence[Any], flavor: str) -> None:
        timeline = Timeline(events, flavor)
        index = None
        if isinstance(events, EventList):
            key = index_cache.index_key(events.content_digest(), flavor, DEFAULT_BUDGET)
            index = index_cache.load(timeline, key)
        self.cursor = Cursor(timeline, index, ops=False)

    def __call__(self, t: float) -> DomEngine:
        self.cursor.seek(t)
        return self.cursor.engine

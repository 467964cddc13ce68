"""The DOM engine at increasing moments (rrweb's rule: every event strictly before t applied).

Exports read the page's state at a few moments in time order (the element of each click,
the state at a range's start), so one engine plays forward; a moment earlier than the last
one starts again from the last full snapshot before it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from viewer.model.frames import ErrorFrame
from viewer.render.engine import DomEngine, Timeline


class EngineAt:
    """`engine_at = EngineAt(replay.events, replay.recorder); engine_at(t)`."""

    def __init__(self, events: Sequence[Any], flavor: str) -> None:
        self.timeline = Timeline(events, flavor)
        self._engine: DomEngine | None = None
        self._position = 0

    def __call__(self, t: float) -> DomEngine:
        timeline = self.timeline
        position = timeline.count_before(t)
        if self._engine is None or position < self._position:
            self._engine = timeline.fresh_engine()
            self._position = 0
            snap = timeline.snapshot_before(position)
            if snap is not None and snap != timeline.first_snapshot():
                self._position = timeline.page_start(snap)
        timeline.apply_range(self._engine, self._position, position)
        self._position = position
        return self._engine


def error_title(error: ErrorFrame) -> str:
    """The error event's own title ("TypeError: x is undefined"), whichever field holds it."""
    own = getattr(error, "error_title", None)
    return str(own) if isinstance(own, str) else str(error.title)

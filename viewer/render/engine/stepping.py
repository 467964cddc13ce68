"""Event-exact stepping and seeking, with the patch ops that turn the shown DOM into the next."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import ops as P
from .diff import diff_ops
from .engine import DomEngine
from .seek import SeekIndex
from .timeline import Timeline

#: A forward seek replays events (and sends their ops) instead of sending a whole tree
#: when it spans at most this many events.
INCREMENTAL_SEEK_LIMIT = 200


@dataclass
class Step:
    """Where a step or seek landed and what the page must do to show it.

    `position` is the number of events applied (0..total); the last applied event is
    `events[position - 1]` ("event N of M" with N = position). `ops` turn the previously
    shown DOM into this one: incremental ops, a patch, or a single `reset` op.
    """

    position: int
    total: int
    event: dict[str, Any] | None
    ops: list[dict[str, Any]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"event {self.position} of {self.total}"

    @property
    def is_reset(self) -> bool:
        return bool(self.ops) and self.ops[0].get("op") == P.RESET


def matches(type_: int, source: int | None = None) -> Callable[[Any], bool]:
    """A predicate for `step_to_next`/`step_to_previous`: events of a type (and source)."""

    def pred(event: Any) -> bool:
        if not isinstance(event, dict) or event.get("type") != type_:
            return False
        if source is None:
            return True
        data = event.get("data")
        return isinstance(data, dict) and data.get("source") == source

    return pred


class Stepper:
    """A cursor over the events that holds the engine of the DOM being shown.

    Forward steps apply one event and return the ops it produced; backward steps and far
    seeks restore the nearest keyframe (see `SeekIndex`) and return the patch from the shown
    DOM (`diff.diff_ops`) or, when that is not possible or not cheaper, one `reset` op.
    """

    def __init__(
        self,
        events: Sequence[Any] | Timeline,
        index: SeekIndex | None = None,
        flavor: str = "sentry",
    ) -> None:
        self.timeline = events if isinstance(events, Timeline) else Timeline(events, flavor)
        self.index = index if index is not None else SeekIndex(self.timeline)
        self.engine: DomEngine = self.index.engine_at_position(0)
        self.position = 0
        self.patch_seeks = True  # False: every jump is sent as a `reset`

    @property
    def total(self) -> int:
        return len(self.timeline)

    def _event(self, position: int) -> dict[str, Any] | None:
        if position <= 0:
            return None
        event = self.timeline.events[position - 1]
        return event if isinstance(event, dict) else None

    def _advance(self, stop: int) -> list[dict[str, Any]]:
        """Apply events up to `stop`, collecting their ops."""
        ops: list[dict[str, Any]] = []
        engine = self.engine
        engine.ops = ops
        try:
            self.timeline.apply_range(engine, self.position, stop)
        finally:
            engine.ops = None
        self.position = stop
        return ops

    def _reset_to(self, position: int) -> list[dict[str, Any]]:
        """Jump through the seek index; ops = a patch from the shown DOM when one is cheaper
        and safe (`diff.diff_ops`), else one `reset`."""
        shown = self.engine
        self.engine = self.index.engine_at_position(position)
        self.position = position
        patch = diff_ops(shown, self.engine) if self.patch_seeks else None
        return patch if patch is not None else [self.engine.reset_op()]

    def step_forward(self) -> Step:
        """Apply the next event (no-op at the end)."""
        ops = self._advance(self.position + 1) if self.position < self.total else []
        return Step(self.position, self.total, self._event(self.position), ops)

    def step_back(self) -> Step:
        """Go back one event (restores a keyframe; ops: a patch or one `reset`)."""
        if self.position == 0:
            return Step(0, self.total, None, [])
        ops = self._reset_to(self.position - 1)
        return Step(self.position, self.total, self._event(self.position), ops)

    def seek_position(self, position: int) -> Step:
        """Show the DOM after the first `position` events."""
        position = max(0, min(position, self.total))
        if self.position <= position <= self.position + INCREMENTAL_SEEK_LIMIT:
            ops = self._advance(position)
        else:
            ops = self._reset_to(position)
        return Step(self.position, self.total, self._event(self.position), ops)

    def seek(self, t: float) -> Step:
        """Show the DOM at moment `t` (every event with timestamp < t applied)."""
        return self.seek_position(self.timeline.count_before(t))

    def step_to_next(self, pred: Callable[[Any], bool]) -> Step:
        """Advance to just after the next event matching `pred` (e.g. `matches(3, 0)`)."""
        events = self.timeline.events
        for i in range(self.position, self.total):
            if pred(events[i]):
                return self.seek_position(i + 1)
        return Step(self.position, self.total, self._event(self.position), [])

    def step_to_previous(self, pred: Callable[[Any], bool]) -> Step:
        """Go back to just after the previous matching event before the current one."""
        events = self.timeline.events
        for i in range(self.position - 2, -1, -1):
            if pred(events[i]):
                return self.seek_position(i + 1)
        return Step(self.position, self.total, self._event(self.position), [])

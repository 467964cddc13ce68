"""The playback cursor: the one place that knows what moment is shown and how to show another.

Everything that shows a moment goes through a `Cursor`: the window's player (a thin Qt adapter:
clock → cursor → view), `snapshot`, `dom`, the benchmarks and the tests. It owns

- the engine state being shown, its `position` (events applied) and its `time` (epoch ms);
- the one rule for moment t: every event with a timestamp strictly before t is applied, as in
  rrweb's Replayer (so `snapshot --at T` and `dom --at-ms T` show the same page);
- the choice of how to get to another moment, returned as the patch ops that turn what the page
  shows into the new state: playing forward (the events' own ops), patching from a keyframe
  (`diff.diff_ops` between the shown state and a thawed one) or rebuilding (one `reset` op);
- stepping by one event and to the next/previous event of a kind.

The seek index serves jumps once it is built (`use_index`); until then a jump replays from the
last full snapshot before the target, as rrweb does.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .diff import diff_ops
from .engine import DomEngine
from .seek import SeekIndex, paused_gc
from .timeline import Timeline

#: A move forward within the same page plays the events (and sends their ops) when it spans at
#: most this many events; farther, the target state comes from a keyframe or a rebuild.
FORWARD_LIMIT = 300

#: An event kind: (rrweb event type, incremental source or None for any).
Kind = tuple[int, int | None]

PLAY, PATCH, RESET, STAY = "play", "patch", "reset", "stay"


@dataclass
class Step:
    """Where a move landed and what the page must do to show it.

    `position` is the number of events applied (0..total); the last applied event is
    `events[position - 1]` ("event N of M" with N = position). `ops` turn the previously
    shown DOM into this one; `how` says which way they were made (play, patch, reset, stay).
    """

    position: int
    total: int
    time: float
    ops: list[dict[str, Any]] = field(default_factory=list)
    how: str = STAY

    @property
    def label(self) -> str:
        return f"event {self.position} of {self.total}"

    @property
    def is_reset(self) -> bool:
        return self.how == RESET


class Cursor:
    """The shown moment of one replay and the moves between moments (see the module doc)."""

    def __init__(self, timeline: Timeline | Sequence[Any], index: SeekIndex | None = None,
                 flavor: str = "sentry", ops: bool = True) -> None:
        self.timeline = timeline if isinstance(timeline, Timeline) else Timeline(timeline, flavor)
        self.index = index
        self.ops = ops  # False: moves only change the state (a dump, not a page, reads it)
        self.engine: DomEngine = self.timeline.fresh_engine()
        self.position = 0
        self.time = self.timeline.timestamps[0] if len(self.timeline) else 0.0
        self.patch_seeks = True  # False: every jump is sent as a `reset`

    # -- what is shown ---------------------------------------------------------------------------
    @property
    def total(self) -> int:
        return len(self.timeline)

    def event(self, position: int | None = None) -> Any:
        """The last event applied at `position` (default: the shown one), None before any."""
        position = self.position if position is None else position
        return self.timeline.events[position - 1] if position > 0 else None

    def reset_op(self) -> dict[str, Any]:
        """The op that shows the current state on a page that shows nothing yet."""
        return self.engine.reset_op()

    def use_index(self, index: SeekIndex) -> None:
        """Serve jumps from this (complete) seek index from now on."""
        self.index = index

    # -- moments ---------------------------------------------------------------------------------
    def position_at(self, t: float) -> int:
        """The events applied at moment `t`: those with a timestamp strictly before it."""
        return self.timeline.count_before(t)

    def time_of(self, position: int) -> float:
        """The earliest moment that shows at least `position` events: just after the last one
        (events that share its timestamp are then applied too)."""
        if position <= 0 or not len(self.timeline):
            return self.timeline.timestamps[0] if len(self.timeline) else 0.0
        return math.nextafter(self.timeline.timestamps[position - 1], math.inf)

    # -- moves -----------------------------------------------------------------------------------
    def seek(self, t: float) -> Step:
        """Show moment `t`."""
        return self.move(self.position_at(t), t)

    def step(self, delta: int) -> Step:
        """Show exactly `delta` events more (or fewer) than now: event-exact stepping."""
        target = min(max(self.position + delta, 0), self.total)
        return self.move(target, self.time_of(target))

    def step_to_kind(self, kind: Kind, forward: bool) -> Step:
        """Show the state just after the next event of `kind` (forward), or just after the last
        one before the shown event (backward). Stays put when there is none."""
        found = self.find(kind, forward)
        if found is None:
            return Step(self.position, self.total, self.time)
        return self.move(found + 1, self.time_of(found + 1))

    def find(self, kind: Kind, forward: bool) -> int | None:
        """Index of the next event of `kind` after the shown one (or the last one before it)."""
        type_, source = kind
        types, sources = self.timeline.types, self.timeline.sources
        indices = (range(self.position, self.total) if forward
                   else range(self.position - 2, -1, -1))
        for i in indices:
            if types[i] == type_ and (source is None or sources[i] == source):
                return i
        return None

    def move(self, position: int, t: float) -> Step:
        """Show the state after the first `position` events, labelled as moment `t`."""
        with paused_gc():
            return self._move(position, t)

    def _move(self, position: int, t: float) -> Step:
        position = min(max(position, 0), self.total)
        self.time = t
        if position == self.position:
            return Step(position, self.total, t)
        if position > self.position:
            if position - self.position <= FORWARD_LIMIT and self._same_page(position):
                return Step(position, self.total, t, self._play(position, self.ops), PLAY)
            if self._start_of(position) <= self.position:
                self._play(position, False)  # nothing nearer to start from than what is shown
                return Step(position, self.total, t, self._reset_ops(), RESET)
        shown = self.engine
        self.engine = self._engine_at(position)
        self.position = position
        if not self.ops:
            return Step(position, self.total, t, [], RESET)
        patch = diff_ops(shown, self.engine) if self.patch_seeks else None
        if patch is None:
            return Step(position, self.total, t, self._reset_ops(), RESET)
        return Step(position, self.total, t, patch, PATCH)

    # -- internals -------------------------------------------------------------------------------
    def _same_page(self, position: int) -> bool:
        """No full snapshot between the shown position and `position`."""
        snap = self.timeline.snapshot_before(position)
        return snap is None or snap < self.position

    def _start_of(self, position: int) -> int:
        """Where a jump to `position` would replay from: its keyframe, or its page's start."""
        if self.index is not None:
            return self.index.keyframe_for(position).position
        snap = self.timeline.snapshot_before(position)
        return self.timeline.page_start(snap) if snap is not None else 0

    def _play(self, position: int, record: bool) -> list[dict[str, Any]]:
        """Apply the events up to `position` to the shown state (and return their ops)."""
        ops: list[dict[str, Any]] = []
        engine = self.engine
        engine.ops = ops if record else None
        try:
            self.timeline.apply_range(engine, self.position, position)
        finally:
            engine.ops = None
        self.position = position
        return ops

    def _reset_ops(self) -> list[dict[str, Any]]:
        return [self.engine.reset_op()] if self.ops else []

    def _engine_at(self, position: int) -> DomEngine:
        """A new engine after `position` events: from the nearest keyframe when the index is
        ready, else replayed from the last full snapshot."""
        if self.index is not None:
            return self.index.engine_at_position(position)
        return self.timeline.replay_from_snapshot(position)


def engine_at(timeline: Timeline, t: float) -> DomEngine:
    """The state at moment `t`, from a cursor of its own (for one-off reads: tests, tools)."""
    cursor = Cursor(timeline, ops=False)
    cursor.seek(t)
    return cursor.engine

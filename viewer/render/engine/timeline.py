"""Timeline: the sorted events of a replay, their kinds and pages, and how to replay them."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from typing import Any

from .engine import FULL_SNAPSHOT, INCREMENTAL, META, DomEngine

#: A Meta event this close before a FullSnapshot belongs to it (the recorder emits the pair).
META_GAP_MS = 1000.0


def _timestamp(event: Any) -> float:
    if isinstance(event, dict):
        ts = event.get("timestamp")
        if isinstance(ts, (int, float)) and not isinstance(ts, bool):
            return float(ts)
    return 0.0


def _kinds(events: Sequence[Any]) -> tuple[list[int], list[int]]:
    """Each event's type and incremental source (-1 where there is none), as `EventList` has."""
    types: list[int] = []
    sources: list[int] = []
    for e in events:
        kind = e.get("type") if isinstance(e, dict) else None
        data = e.get("data") if isinstance(e, dict) else None
        source = data.get("source") if isinstance(data, dict) and kind == INCREMENTAL else None
        types.append(kind if isinstance(kind, int) else -1)
        sources.append(source if isinstance(source, int) else -1)
    return types, sources


def sort_events(events: Sequence[Any]) -> list[dict[str, Any]]:
    """rrweb's event order: type-5 (custom) events dropped, stable sort by timestamp."""
    kept = [e for e in events if isinstance(e, dict) and e.get("type") != 5]
    kept.sort(key=_timestamp)
    return kept


class Timeline:
    """Sorted events plus positions of FullSnapshots; plays an engine to any moment.

    `events` may be any sequence of rrweb event dicts (e.g. `Replay.events`); when it is not
    sorted by timestamp, or holds custom events, a sorted copy without them is used.
    Moment `t` means: every event with `timestamp < t` applied.
    """

    def __init__(self, events: Sequence[Any], flavor: str = "sentry") -> None:
        self.flavor = flavor
        stamps = getattr(events, "timestamps", None)
        if stamps is not None and len(stamps) == len(events):
            self.events: Sequence[Any] = events
            self.timestamps: list[float] = stamps if isinstance(stamps, list) else list(stamps)
        else:
            raw = [_timestamp(e) for e in events]
            custom = any(isinstance(e, dict) and e.get("type") == 5 for e in events)
            if custom or any(b < a for a, b in itertools.pairwise(raw)):
                self.events = sort_events(events)
                self.timestamps = [_timestamp(e) for e in self.events]
            else:
                self.events = events
                self.timestamps = raw
        types = getattr(self.events, "types", None)
        sources = getattr(self.events, "sources", None)
        if (types is not None and sources is not None
                and len(types) == len(sources) == len(self.events)):
            self.types: Sequence[int] = types
            self.sources: Sequence[int] = sources
        else:
            self.types, self.sources = _kinds(self.events)
        self.snapshots: list[int] = [i for i, k in enumerate(self.types) if k == FULL_SNAPSHOT]

    def __len__(self) -> int:
        return len(self.events)

    def count_before(self, t: float) -> int:
        """How many events have a timestamp strictly before `t`."""
        return bisect.bisect_left(self.timestamps, t)

    def first_snapshot(self) -> int | None:
        return self.snapshots[0] if self.snapshots else None

    def snapshot_before(self, position: int) -> int | None:
        """Index of the last FullSnapshot among the first `position` events."""
        i = bisect.bisect_left(self.snapshots, position) - 1
        return self.snapshots[i] if i >= 0 else None

    def fresh_engine(self) -> DomEngine:
        """A new engine as rrweb's Replayer starts: the first FullSnapshot already built."""
        engine = DomEngine(self.flavor)
        first = self.first_snapshot()
        if first is not None:
            engine.apply(self.events[first])
        return engine

    def apply_range(self, engine: DomEngine, start: int, stop: int) -> None:
        """Apply events[start:stop] (the first FullSnapshot is skipped: it was prebuilt)."""
        first = self.first_snapshot()
        events = self.events
        for i in range(start, stop):
            if i != first:
                engine.apply(events[i])

    def page_start(self, snapshot: int) -> int:
        """Where the page of a FullSnapshot starts: the Meta event just before it (rrweb's
        Replayer plays from the last Meta, which carries the viewport size and URL)."""
        i = snapshot
        while i > 0 and self.timestamps[snapshot] - self.timestamps[i - 1] <= META_GAP_MS:
            event = self.events[i - 1]
            if isinstance(event, dict) and event.get("type") == META:
                return i - 1
            i -= 1
        return snapshot

    def replay_from_snapshot(self, position: int) -> DomEngine:
        """A new engine after the first `position` events, rrweb's way: rebuilt from the last
        FullSnapshot before `position` and every event since (no index, no shared engine)."""
        snap = self.snapshot_before(position)
        if snap is None or snap == self.first_snapshot():
            engine = self.fresh_engine()
            self.apply_range(engine, 0, position)
            return engine
        engine = DomEngine(self.flavor)
        self.apply_range(engine, self.page_start(snap), position)
        return engine

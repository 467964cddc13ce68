"""The DOM engine: a pure-Python mirror of the replayed document with rrweb's semantics.

- `DomEngine` applies rrweb events one by one (`apply`), counts what it cannot apply in
  `problems`, and, when `ops` is a list, records the patch ops of every change (`ops.py`).
- `Timeline` holds the sorted events and plays an engine to any moment (rrweb's way).
- `SeekIndex` keeps compact keyframes so a seek replays only the events since one.
- `Cursor` is the one playback position: the shown state, the rule for moment t, seeking and
  stepping (by event, by kind), each move returning a `Step` with the ops for the page.
- `dom_dumps(events, times)` writes domdumps (`/work/shared/tools/DOMDUMP.md`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .cursor import Cursor, Step
from .domdump import dump
from .engine import DomEngine
from .seek import SeekIndex
from .timeline import Timeline, sort_events

__all__ = [
    "Cursor",
    "DomEngine",
    "SeekIndex",
    "Step",
    "Timeline",
    "dom_dumps",
    "dump",
    "sort_events",
]


def dom_dumps(
    events: Sequence[dict[str, Any]], times: Sequence[float], flavor: str = "sentry"
) -> list[dict[str, Any]]:
    """Domdumps of the document at each moment `t` (every event with timestamp < t applied).

    `flavor` picks the replayer whose quirks to follow: "sentry" (@sentry-internal/rrweb,
    for Sentry recordings) or "rrweb" (upstream rrweb 2.x, for plain rrweb recordings).
    """
    cursor = Cursor(Timeline(events, flavor), ops=False)
    out: list[dict[str, Any]] = [{} for _ in times]
    # forward through the moments in time order, as rrweb's oracle did
    for i in sorted(range(len(times)), key=lambda k: times[k]):
        cursor.seek(times[i])
        doc = cursor.engine.document
        out[i] = {"t": times[i], "dom": dump(doc) if doc is not None else ["#document", {}, []]}
    return out

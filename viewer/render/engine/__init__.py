"""The DOM engine: a pure-Python mirror of the replayed document with rrweb's semantics."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .domdump import dump
from .engine import DomEngine
from .seek import SeekIndex
from .stepping import Step, Stepper, matches
from .timeline import Timeline, sort_events

__all__ = [
    "DomEngine",
    "SeekIndex",
    "Step",
    "Stepper",
    "Timeline",
    "dom_dumps",
    "dump",
    "matches",
    "sort_events",
]


def dom_dumps(
    events: Sequence[dict[str, Any]], times: Sequence[float], flavor: str = "sentry"
) -> list[dict[str, Any]]:
    """Domdumps of the document at each moment `t` (every event with timestamp < t applied).

    `flavor` picks the replayer whose quirks to follow: "sentry" (@sentry-internal/rrweb,
    for Sentry recordings) or "rrweb" (upstream rrweb 2.x, for plain rrweb recordings).
    """
    timeline = Timeline(events, flavor)
    out: list[dict[str, Any]] = []
    for t in times:
        engine = timeline.engine_at(t)
        doc = engine.document
        out.append({"t": t, "dom": dump(doc) if doc is not None else ["#document", {}, []]})
    return out

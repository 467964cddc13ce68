"""A trimmed replay: a valid recording of [T1, T2] that starts with a snapshot of the state at T1.

The file is `{"events": [...], ...}`, which this viewer and rrweb's player both open: a Meta
event and a FullSnapshot of the engine's state at T1 (`snapshot.py`), the events a snapshot
cannot hold (canvas pixels, media state and fonts carried from before T1), then every event
with T1 ≤ timestamp ≤ T2, Sentry's custom events (breadcrumbs, spans) of the range included.
For a Sentry replay it also holds `replay_events` (metadata: browser, OS, release, URLs) and
`linked_events` (the range's error events), so the viewer shows them again.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Any

from viewer.export.moments import EngineAt
from viewer.export.snapshot import engine_snapshot
from viewer.model import Replay
from viewer.model.frames import ErrorFrame
from viewer.model.summary import iso

INCREMENTAL, CUSTOM = 3, 5
MEDIA, CANVAS, FONT = 7, 9, 10
#: Per-node state kept by the page, not by the engine: the last such event before T1 is kept.
_LAST_PER_NODE = (MEDIA, CANVAS)
Event = dict[str, Any]


def trimmed_replay(replay: Replay, start_ms: float, end_ms: float,
                   redacted: Sequence[str] = (), redaction_note: str = "",
                   flavor: str | None = None) -> dict[str, Any]:
    """The trimmed recording as one JSON-ready object; `flavor` is whose replayer's rules
    make the state at T1 (default: the recorder's)."""
    events = replay.events
    first = bisect.bisect_left(events.timestamps, start_ms)
    last = bisect.bisect_right(events.timestamps, end_ms)
    head: list[Event] = []
    dropped = 0
    if first > 0:
        engine = EngineAt(events, flavor or replay.recorder)(start_ms)
        head, dropped = engine_snapshot(engine, start_ms)
        if head:
            head += _carried(replay, first, set(engine.mirror), start_ms)
    body = [events[i] for i in range(first, last)]
    customs = _custom_events(replay, start_ms, end_ms)
    merged = sorted([*head, *body, *customs], key=_timestamp)  # stable: head first at T1
    out: dict[str, Any] = {
        "events": merged,
        "export": {
            "kind": "trimmed replay",
            "from_ms": start_ms, "to_ms": end_ms,
            "from": iso(start_ms), "to": iso(end_ms),
            "source_replay_id": replay.replay_id,
            "recorder": replay.recorder,
            "nodes_not_written": dropped,
        },
        "redacted": list(redacted),
    }
    if redaction_note:
        out["redaction_note"] = redaction_note
    if replay.recorder == "sentry":
        out["replay_events"] = _replay_events(replay, start_ms, end_ms)
        out["linked_events"] = [_error_event(replay, e) for e in replay.errors
                                if e.has_event and start_ms <= e.ts_ms <= end_ms]
    return out


def _timestamp(event: Event) -> float:
    ts = event.get("timestamp")
    return float(ts) if isinstance(ts, (int, float)) else 0.0


def _carried(replay: Replay, first: int, alive: set[int], t: float) -> list[Event]:
    """Fonts, and the last media / canvas event of each node still there, from before T1."""
    events = replay.events
    fonts: list[Event] = []
    last: dict[tuple[int, Any], Event] = {}
    for i in range(first):
        if events.types[i] != INCREMENTAL:
            continue
        source = events.sources[i]
        if source == FONT:
            fonts.append(events[i])
        elif source in _LAST_PER_NODE:
            event = events[i]
            node_id = (event.get("data") or {}).get("id")
            if node_id in alive:
                last[(source, node_id)] = event
    return [{**e, "timestamp": t} for e in [*fonts, *last.values()]]


def _custom_events(replay: Replay, start_ms: float, end_ms: float) -> list[Event]:
    """Sentry custom events of the range (timestamps written in ms), and the SDK options."""
    out: list[Event] = []
    for ts, event in replay.events.custom_events():
        data = event.get("data")
        is_options = isinstance(data, dict) and data.get("tag") == "options"
        if is_options:
            out.append({**event, "timestamp": start_ms})
        elif start_ms <= ts <= end_ms:
            out.append({**event, "timestamp": ts})
    return out


def _replay_events(replay: Replay, start_ms: float, end_ms: float) -> list[dict[str, Any]]:
    """A replay_event with the replay's metadata, and one per error known only by its id."""
    meta = replay.metadata
    contexts = {key: meta[key] for key in ("browser", "os", "device") if meta.get(key)}
    main: dict[str, Any] = {
        "type": "replay_event", "replay_id": replay.replay_id, "timestamp": end_ms / 1000.0,
        "replay_start_timestamp": start_ms / 1000.0, "contexts": contexts,
        "urls": _urls_in_range(replay, start_ms, end_ms),
        "trace_ids": list(replay.replay_event_trace_ids),
    }
    for key in ("sdk", "release", "environment", "dist", "replay_type", "platform", "request",
                "tags", "user"):
        if meta.get(key):
            main[key] = meta[key]
    out = [main]
    for error in replay.errors:
        if not error.has_event and start_ms <= error.ts_ms <= end_ms:
            out.append({"type": "replay_event", "replay_id": replay.replay_id,
                        "timestamp": error.ts_ms / 1000.0, "error_ids": [error.event_id]})
    return out


def _urls_in_range(replay: Replay, start_ms: float, end_ms: float) -> list[str]:
    engine_url = ""
    urls = [f.url for f in replay.frames_of("navigation") if start_ms <= f.ts_ms <= end_ms]
    before = [f.url for f in replay.frames_of("navigation") if f.ts_ms < start_ms]
    if before:
        engine_url = before[-1]
    return list(dict.fromkeys(u for u in [engine_url, *urls] if u))


def _error_event(replay: Replay, error: ErrorFrame) -> dict[str, Any]:
    """A Sentry error event the loader turns back into the same error frame."""
    event: dict[str, Any] = {
        "event_id": error.event_id, "timestamp": error.ts_ms / 1000.0, "level": error.level,
        "title": error.error_title, "message": error.message,
        "contexts": {"trace": {"trace_id": error.trace_id}} if error.trace_id else {},
    }
    if replay.replay_id:
        event["contexts"]["replay"] = {"replay_id": replay.replay_id}
    suffix = f": {error.message}"
    title = error.error_title
    if error.message and (title == error.message or title.endswith(suffix)):
        kind = title[: -len(suffix)] if title != error.message else None
        frames = [{"function": f.function, "filename": f.filename, "lineno": f.lineno,
                   "colno": f.colno, "in_app": f.in_app} for f in reversed(error.stack)]
        event["exception"] = {"values": [{"type": kind, "value": error.message,
                                          "stacktrace": {"frames": frames}}]}
    return event

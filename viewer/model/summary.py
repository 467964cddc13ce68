"""What `replay-viewer info` reports about a replay, as one JSON-ready dict and as text."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any

from viewer.model.frames import ConsoleFrame, ErrorFrame, NetworkFrame
from viewer.model.kinds import KINDS
from viewer.model.replay import Replay, id_ranges
from viewer.model.useragent import from_user_agent

EVENT_TYPES = {
    0: "DomContentLoaded", 1: "Load", 2: "FullSnapshot", 3: "IncrementalSnapshot", 4: "Meta",
    5: "Custom", 6: "Plugin", 7: "Asset",
}
INCREMENTAL_SOURCES = {
    0: "Mutation", 1: "MouseMove", 2: "MouseInteraction", 3: "Scroll", 4: "ViewportResize",
    5: "Input", 6: "TouchMove", 7: "MediaInteraction", 8: "StyleSheetRule", 9: "CanvasMutation",
    10: "Font", 11: "Log", 12: "Drag", 13: "StyleDeclaration", 14: "Selection",
    15: "AdoptedStyleSheet", 16: "CustomElement",
}
#: Frame kinds counted under `frames` (JSON key → frame kind): every kind of the kinds table
#: but errors and logs, which have keys of their own (`error` counts linked events only).
COUNTED_KINDS = {kind.replace("-", "_"): kind for kind in KINDS if kind not in ("error", "log")}


def iso(ms: float) -> str:
    """Epoch ms as ISO-8601 UTC with milliseconds (the number itself when out of range)."""
    try:
        moment = datetime.fromtimestamp(ms / 1000.0, UTC)
    except (OverflowError, OSError, ValueError):  # beyond year 9999 or the platform's time_t
        return f"{ms:.0f} ms since the epoch (out of the calendar's range)"
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def clock(ms: float) -> str:
    """A duration as `mm:ss.mmm` (or `h:mm:ss.mmm`)."""
    sign = "-" if ms < 0 else ""
    total = abs(round(ms))
    hours, rest = divmod(total, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{seconds:02d}.{millis:03d}"
    return f"{sign}{minutes:02d}:{seconds:02d}.{millis:03d}"


def summarize(replay: Replay) -> dict[str, Any]:
    """The `info --json` object (keys documented in the README)."""
    ev = replay.events
    types = Counter(ev.types)
    sources = Counter(s for t, s in zip(ev.types, ev.sources, strict=True) if t == 3)
    kinds = Counter(f.kind for f in replay.frames)
    frames: dict[str, Any] = {key: kinds.get(kind, 0) for key, kind in COUNTED_KINDS.items()}
    errors = [f for f in replay.frames if isinstance(f, ErrorFrame)]
    frames["error"] = sum(1 for f in errors if f.has_event)
    frames["console_by_level"] = dict(sorted(Counter(
        f.level for f in replay.frames if isinstance(f, ConsoleFrame)).items()))
    frames["network_by_status"] = dict(sorted(Counter(
        f.status_class for f in replay.frames
        if isinstance(f, NetworkFrame) and f.kind == "network").items()))
    meta = replay.metadata
    request = meta.get("request")
    headers = request.get("headers") if isinstance(request, dict) else None
    if not isinstance(headers, dict):
        headers = {}
    ua_browser, ua_os = from_user_agent(str(headers.get("User-Agent") or ""))
    return {
        "replay_id": replay.replay_id,
        "started_at_ms": replay.start_ms,
        "started_at": iso(replay.start_ms) if replay.start_ms else None,
        "duration_ms": replay.duration_ms,
        "segments": replay.segments,
        "missing_segments": replay.missing_segments,
        "rrweb_events": len(ev),
        "custom_events": replay.custom_events,
        "event_types": {EVENT_TYPES.get(t, str(t)): n for t, n in sorted(types.items())},
        "incremental_sources": {
            INCREMENTAL_SOURCES.get(s, str(s)): n for s, n in sorted(sources.items())},
        "full_snapshots": types.get(2, 0),
        "frames": frames,
        "urls": replay.urls,
        "error_ids": replay.error_ids,
        "errors": [
            {"event_id": f.event_id, "title": f.error_title, "ts_ms": f.ts_ms,
             "offset_ms": f.offset_ms, "has_event": f.has_event, "in_recording": f.in_recording}
            for f in errors],
        "trace_ids": replay.trace_ids,
        "replay_event_trace_ids": replay.replay_event_trace_ids,
        "trace_spans": len(replay.traces),
        "logs": len(replay.logs),
        "sdk": _name_version(meta.get("sdk")),
        "browser": _name_version(meta.get("browser")) or ua_browser or None,
        "os": _name_version(meta.get("os")) or ua_os or None,
        "release": meta.get("release"),
        "environment": meta.get("environment"),
        "formats": replay.formats,
        "problems": replay.problems,
    }


def _name_version(value: Any) -> str | None:
    if not isinstance(value, dict):
        return None
    return " ".join(str(value[k]) for k in ("name", "version") if value.get(k)) or None


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counts.items() if v) or "none"


def render_text(s: dict[str, Any]) -> str:
    """The human-readable `info` report."""
    f = s["frames"]
    lines = [
        f"replay     {s['replay_id'] or '(no replay id)'}",
        f"started    {s['started_at'] or '-'}  ({s['started_at_ms']:.0f} ms)",
        f"duration   {clock(s['duration_ms'])}  ({s['duration_ms']:.0f} ms)",
        f"segments   {_span_list(s['segments'])}"
        + (f"  missing: {_span_list(s['missing_segments'])}" if s["missing_segments"] else ""),
        f"format     {', '.join(s['formats']) or '-'}",
        f"events     {s['rrweb_events']} rrweb ({_counts(s['event_types'])}), "
        f"{s['custom_events']} Sentry custom",
        f"incremental {_counts(s['incremental_sources'])}",
        f"clicks     {f['click']} (dead {f['dead_click']}, rage {f['rage_click']}, "
        f"slow {f['slow_click']}, multi {f['multi_click']}); inputs {f['input']}; "
        f"key presses {f['keydown']}",
        f"navigation {f['navigation']}",
        f"console    {f['console']} ({_counts(f['console_by_level'])})",
        f"network    {f['network']} requests ({_counts(f['network_by_status'])}); "
        f"{f['resource']} other resources",
        f"vitals     {f['web_vital']} web vitals, {f['memory']} memory samples",
        f"errors     {f['error']} linked events; ids: {', '.join(s['error_ids']) or 'none'}",
        f"traces     {len(s['trace_ids'])}: {', '.join(s['trace_ids']) or 'none'} "
        f"({s['trace_spans']} spans)",
        f"logs       {s['logs']} linked Sentry logs",
    ]
    for key in ("sdk", "browser", "os", "release", "environment"):
        if s[key]:
            lines.append(f"{key:<10} {s[key]}")
    lines.append("urls       " + ("\n           ".join(s["urls"]) or "none"))
    lines.append("problems   " + ("\n           ".join(s["problems"]) or "none"))
    return "\n".join(lines)


def _span_list(ids: list[int]) -> str:
    return f"{id_ranges(ids)} ({len(ids)})" if ids else "none"

"""The immutable Replay: stitched events, typed frames, metadata, problems and cheap queries."""

from __future__ import annotations

import bisect
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from viewer.model.activity import replay_inactivity
from viewer.model.errors import LoadError
from viewer.model.events import EventList
from viewer.model.frames import ErrorFrame, Frame, LogFrame, TraceSpan
from viewer.model.hydrate import Hydrator, obj, tags_of, unique
from viewer.model.segments import INCREMENTAL, Segment
from viewer.model.sources import Collected, LinkedEvent, collect

F = TypeVar("F", bound=Frame)
FULL_SNAPSHOT = 2
META = 4
PLUGIN = 6
MOUSE_INTERACTION = 2
LOG_SOURCE = 11
CLICK_INTERACTIONS = (2, 7)  # Click, TouchStart


@dataclass(frozen=True)
class Replay:
    """Everything known about one replay. Times are epoch ms; offsets are from `start_ms`."""

    replay_id: str | None
    events: EventList
    frames: list[Frame]
    traces: list[TraceSpan]
    start_ms: float
    end_ms: float
    segments: list[int]
    missing_segments: list[int]
    urls: list[str]
    error_ids: list[str]
    trace_ids: list[str]
    replay_event_trace_ids: list[str]
    metadata: dict[str, Any]
    options: dict[str, Any]
    problems: list[str]
    formats: list[str]
    inputs: list[str]
    custom_events: int = 0
    logs: list[LogFrame] = field(default_factory=list)

    @property
    def recorder(self) -> str:
        """Whose rrweb recorded it: "sentry" (Sentry's fork, @sentry-internal/rrweb) when the
        input is Sentry's (envelopes, segments, Sentry custom events), else "rrweb"."""
        sentry_formats = ("sentry", "replay_recording")
        if self.replay_id or any(f.lower().startswith(sentry_formats) for f in self.formats):
            return "sentry"
        return "sentry" if self.frames and self.custom_events else "rrweb"

    @property
    def duration_ms(self) -> float:
        return self.end_ms - self.start_ms

    def frames_of(self, kind: type[F] | str) -> list[Any]:
        """Frames of one kind name (e.g. "click") or one frame class."""
        if isinstance(kind, str):
            return [f for f in self.frames if f.kind == kind]
        return [f for f in self.frames if isinstance(f, kind)]

    def frames_between(self, start_ms: float, end_ms: float) -> list[Frame]:
        """Frames with start_ms <= ts < end_ms (frames are sorted by ts)."""
        keys = [f.ts_ms for f in self.frames]
        return self.frames[bisect.bisect_left(keys, start_ms) : bisect.bisect_left(keys, end_ms)]

    def event_index_at(self, t_ms: float) -> int:
        """Number of rrweb events with timestamp < t (the events applied at moment t)."""
        return bisect.bisect_left(self.events.timestamps, t_ms)

    @cached_property
    def inactivity(self) -> list[tuple[float, float]]:
        """The inactive stretches (what skip-inactivity skips and the timeline shades)."""
        return replay_inactivity(self)

    @property
    def errors(self) -> list[ErrorFrame]:
        return [f for f in self.frames if isinstance(f, ErrorFrame)]


def load_replay(paths: Sequence[str], extra_event_files: Sequence[str] = ()) -> Replay:
    """Read, stitch and hydrate the inputs; raises LoadError when nothing usable is found."""
    collected = collect(list(paths))
    if extra_event_files:
        extra = collect(list(extra_event_files), require_recording=False)
        collected.errors.extend(extra.errors)
        collected.transactions.extend(extra.transactions)
        collected.spans.extend(extra.spans)
        collected.logs.extend(extra.logs)
        collected.problems.extend(extra.problems)
    return build_replay(collected)


def build_replay(c: Collected) -> Replay:
    problems = list(c.problems)
    replay_id = _replay_id(c, problems)
    segments, present = _stitch(c.segments, problems)
    events = EventList(segments)
    declared = [r.get("segment_id") for r in c.replay_events if _is_ours(r, replay_id)]
    count = c.details.get("count_segments")  # Sentry's replay details (a fetched folder)
    if isinstance(count, int) and not isinstance(count, bool) and count > 0:
        declared.append(count - 1)
    known = [s for s in present if s is not None] + [d for d in declared if isinstance(d, int)]
    missing = sorted(set(range(max(known) + 1)) - set(present)) if known else []
    if missing:
        problems.append(f"missing segments: {id_ranges(missing)} (their events cannot be shown)")

    customs = [(ev, seg.origin) for seg in segments for _, ev in seg.customs]
    custom_ts = [seg.timestamps[i] for seg in segments for i, _ in seg.customs]
    if len(events):
        start, end = events.timestamps[0], events.timestamps[-1]
    elif custom_ts:
        start, end = min(custom_ts), max(custom_ts)
        problems.append("the recording holds no rrweb events, only Sentry breadcrumbs/spans")
    else:  # nothing at all to show: bad input, said in one line
        raise LoadError(_inputs_label(c.inputs), _nothing_usable(problems))
    _check_snapshots(events, problems)

    hyd = Hydrator(start)
    for event, origin in customs:
        hyd.add_custom(event, origin)
    _hydrate_rrweb(events, hyd)
    replay_events = sorted((r for r in c.replay_events if _is_ours(r, replay_id)),
                           key=_segment_order)
    re_error_ids = unique(i for r in replay_events for i in _strs(r.get("error_ids")))
    re_trace_ids = unique(i for r in replay_events for i in _strs(r.get("trace_ids")))
    detail_error_ids = _strs(c.details.get("error_ids"))
    link_error_ids = unique([*re_error_ids, *detail_error_ids])
    link_trace_ids = unique([*re_trace_ids, *_strs(c.details.get("trace_ids"))])
    errors = [e for e in c.errors if _linked(e, replay_id, link_error_ids, link_trace_ids)]
    if len(errors) < len(c.errors):
        problems.append(f"{len(c.errors) - len(errors)} error event(s) belong to another replay")
    for e in errors:
        hyd.add_error(e.payload, start, end)
    seen_ids = {str(e.payload.get("event_id") or e.payload.get("id")) for e in errors}
    for error_id in re_error_ids:
        if error_id not in seen_ids:
            hyd.add_error_id(error_id, _listed_at(replay_events, error_id, start))
    transactions = [e for e in c.transactions if _linked(e, replay_id, [], link_trace_ids)]
    spans = [e for e in c.spans if _linked(e, replay_id, [], link_trace_ids)]
    for t in transactions:
        hyd.add_transaction(t.payload)
    for s in spans:
        hyd.add_span_item(s.payload)
    logs: list[LogFrame] = []
    for e in c.logs:
        if _linked(e, replay_id, [], link_trace_ids) and (log := hyd.add_log(e.payload)):
            logs.append(log)
    logs.sort(key=lambda f: f.ts_ms)
    frames, traces = hyd.finish()
    problems.extend(hyd.problems)
    if customs and not hyd.frames and "replay.end" in hyd.other_tags:
        problems.append("this is a Sentry UI \"Download JSON\" export: it holds rrweb events only "
                        "(no breadcrumbs, console or network)")

    trace_ids = unique([*link_trace_ids,
                        *(f.trace_id for f in frames if isinstance(f, ErrorFrame)),
                        *(s.trace_id for s in traces)])
    urls = unique([*(u for r in replay_events for u in _strs(r.get("urls"))),
                   *_strs(c.details.get("urls")), *_meta_urls(segments)])
    error_ids = unique([*link_error_ids,
                        *(f.event_id for f in frames if isinstance(f, ErrorFrame))])
    metadata = _metadata(replay_events, c.details)
    return Replay(
        replay_id, events, frames, traces, start, end,
        sorted(s for s in present if s is not None), missing, urls, error_ids, trace_ids,
        re_trace_ids, metadata, hyd.options, problems, unique(c.formats), c.inputs,
        len(customs), logs)


def _inputs_label(inputs: list[str]) -> str:
    """The inputs named in one short phrase: the file, their folder, or the first and a count."""
    if len(inputs) <= 1:
        return inputs[0] if inputs else "input"
    folders = {os.path.dirname(i) for i in inputs}
    if len(folders) == 1:
        return folders.pop() or "."
    return f"{inputs[0]} (and {len(inputs) - 1} more files)"


def _nothing_usable(problems: list[str]) -> str:
    """Why a replay with no events at all cannot be shown (the first problem, and how many)."""
    if not problems:
        return "the recording holds no events"
    more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
    return f"no usable recording: {problems[0]}{more}"


def _check_snapshots(events: EventList, problems: list[str]) -> None:
    """Say when DOM events come before the first FullSnapshot (they cannot be drawn)."""
    if not len(events):
        return
    first_full = next((i for i, t in enumerate(events.types) if t == FULL_SNAPSHOT), None)
    if first_full is None:
        problems.append("the recording holds no full snapshot: only the timeline can be shown")
        return
    early = sum(1 for t in events.types[:first_full] if t == INCREMENTAL)
    if early:
        problems.append(f"{early} DOM events come before the first full snapshot and cannot "
                        "be drawn (the start of the recording is missing)")


def _replay_id(c: Collected, problems: list[str]) -> str | None:
    ids = unique([*(str(r.get("replay_id") or r.get("event_id") or "") for r in c.replay_events),
                  *c.envelope_replay_ids, str(c.details.get("id") or "")])
    if len(ids) > 1:
        problems.append(f"the inputs hold {len(ids)} replays ({', '.join(ids)}); showing {ids[0]}")
    return ids[0] if ids else None


def _is_ours(replay_event: dict[str, Any], replay_id: str | None) -> bool:
    rid = replay_event.get("replay_id") or replay_event.get("event_id")
    return replay_id is None or rid in (None, replay_id)


def _linked(e: LinkedEvent, replay_id: str | None, error_ids: list[str],
            trace_ids: list[str]) -> bool:
    """Is a Sentry event/span found beside the recording part of this replay? (§6.5)"""
    if replay_id is None:
        return True
    p = e.payload
    replay_ctx = obj(obj(p.get("contexts")).get("replay"))
    attrs = p.get("attributes") or {}
    attr_rid = attrs.get("sentry.replay_id") if isinstance(attrs, dict) else None
    if isinstance(attr_rid, dict):
        attr_rid = attr_rid.get("value")
    trace = obj(obj(p.get("contexts")).get("trace")).get("trace_id") or p.get("trace_id")
    return (
        e.dsc.get("replay_id") == replay_id
        or tags_of(p).get("replayId") == replay_id
        or replay_ctx.get("replay_id") == replay_id
        or attr_rid == replay_id
        or str(p.get("event_id")) in error_ids
        or (trace is not None and trace in trace_ids)
    )


def _stitch(raw: list[Segment], problems: list[str]) -> tuple[list[Segment], list[int | None]]:
    """Order segments by id; a segment sent twice counts once (first copy wins)."""
    by_id: dict[int, Segment] = {}
    loose: list[Segment] = []
    for seg in raw:
        if seg.segment_id is None:
            loose.append(seg)
            continue
        first = by_id.get(seg.segment_id)
        if first is None:
            by_id[seg.segment_id] = seg
        elif first.fingerprint() != seg.fingerprint():
            problems.append(
                f"segment {seg.segment_id} appears twice with different content "
                f"({first.origin}, {seg.origin}); using the first")
    ordered = [by_id[k] for k in sorted(by_id)] + loose
    return ordered, [s.segment_id for s in ordered]


def _hydrate_rrweb(events: EventList, hyd: Hydrator) -> None:
    """Console from rrweb Log/console plugin; clicks from MouseInteraction if Sentry sent none."""
    wanted = {LOG_SOURCE, MOUSE_INTERACTION} if not hyd.has_kind("click") else {LOG_SOURCE}
    candidates = [i for i, s in enumerate(events.sources) if s in wanted]
    candidates += [i for i, t in enumerate(events.types) if t == PLUGIN]
    for i in sorted(candidates):
        data = events[i].get("data") or {}
        if events.types[i] == PLUGIN:
            if data.get("plugin") == "rrweb/console@1" and isinstance(data.get("payload"), dict):
                hyd.add_rrweb_console(events.timestamps[i], data["payload"])
        elif events.sources[i] == LOG_SOURCE:
            hyd.add_rrweb_console(events.timestamps[i], data)
        elif data.get("type") in CLICK_INTERACTIONS:
            hyd.add_rrweb_click(events.timestamps[i], data)


def _meta_urls(segments: list[Segment]) -> list[str]:
    urls = []
    for seg in segments:
        for _, meta in seg.metas:
            data = meta.get("data")
            href = data.get("href") if isinstance(data, dict) else None
            if isinstance(href, str):
                urls.append(href)
    return urls


def _segment_order(replay_event: dict[str, Any]) -> tuple[int, float]:
    segment_id = replay_event.get("segment_id")
    ts = replay_event.get("timestamp")
    return (segment_id if isinstance(segment_id, int) else -1,
            float(ts) if isinstance(ts, (int, float)) else 0.0)


def _listed_at(replay_events: list[dict[str, Any]], error_id: str, default: float) -> float:
    """Time of the replay_event that first listed an error id (the error happened before it)."""
    for r in replay_events:
        if error_id in _strs(r.get("error_ids")) and isinstance(r.get("timestamp"), (int, float)):
            return float(r["timestamp"]) * 1000.0
    return default


def _strs(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _metadata(replay_events: list[dict[str, Any]], details: dict[str, Any]) -> dict[str, Any]:
    """User, browser, OS, SDK, release, environment, tags: latest replay_event wins."""
    meta: dict[str, Any] = {}
    for r in replay_events:
        contexts = r.get("contexts")
        if not isinstance(contexts, dict):
            contexts = {}
        for key, value in (
            ("user", r.get("user")), ("sdk", r.get("sdk")), ("release", r.get("release")),
            ("environment", r.get("environment")), ("dist", r.get("dist")),
            ("replay_type", r.get("replay_type")), ("platform", r.get("platform")),
            ("browser", contexts.get("browser")), ("os", contexts.get("os")),
            ("device", contexts.get("device")), ("request", r.get("request")),
            ("tags", tags_of(r) or None),
        ):
            if value:
                meta[key] = value
        if isinstance(r.get("replay_start_timestamp"), (int, float)):
            meta.setdefault("replay_start_ms", float(r["replay_start_timestamp"]) * 1000.0)
    for key, value in details.items():
        meta.setdefault(key, value)
    releases = _strs(details.get("releases"))
    if releases and not meta.get("release"):
        meta["release"] = releases[-1]
    return meta


def id_ranges(ids: list[int]) -> str:
    """Sorted ids as compact ranges: `0–3, 5`."""
    parts: list[str] = []
    start = prev = ids[0]
    for i in [*ids[1:], None]:
        if i is not None and i == prev + 1:
            prev = i
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        if i is not None:
            start = prev = i
    return ", ".join(parts)

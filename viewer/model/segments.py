"""A recording segment: its events validated and indexed cheaply, their bodies parsed on demand.

Sentry segments are JSON arrays of events. Parsing every mutation into Python objects up front
costs far more time and memory than the JSON itself, so a segment keeps its decompressed bytes
and a shallow index (type, source, timestamp of each event, found with simdjson's lazy parser);
the full event dicts are made with orjson only when someone reads them. Custom events (type 5)
are small and read eagerly, because hydration needs them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson
import simdjson

from viewer.model.codec import CodecError
from viewer.model.packer import decompress_posthog_event, unpack_string

FULL_SNAPSHOT = 2
INCREMENTAL = 3
META = 4
CUSTOM = 5
PLUGIN = 6
SMALL_TYPES = (META, CUSTOM, PLUGIN)
#: Incremental sources whose events are small and read outside the engine: mouse moves,
#: interactions, touch moves, legacy console logs, drags.
SMALL_SOURCES = frozenset({1, 2, 6, 11, 12})


class SegmentError(ValueError):
    """A segment that cannot be used (not an array, malformed events)."""


def ms_timestamp(value: float) -> float:
    """Sentry's own heuristic (timestampToMs): values up to 9 999 999 999 are seconds."""
    return value if value > 9_999_999_999 else value * 1000.0


@dataclass(slots=True)
class Segment:
    """One segment's events: a shallow index plus either the JSON bytes or parsed dicts."""

    segment_id: int | None
    origin: str
    types: list[int] = field(default_factory=list)
    sources: list[int] = field(default_factory=list)
    timestamps: list[float] = field(default_factory=list)
    #: (index in the segment, event) of every custom event, timestamps already in ms.
    customs: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    #: (index in the segment, event) of every Meta event (small; read for URLs and viewport).
    metas: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    #: Small events kept parsed (pointer, log, plugin, meta), so reading them does not parse
    #: the whole segment: index in the segment → event.
    smalls: dict[int, dict[str, Any]] = field(default_factory=dict)
    body: bytes | None = None
    parsed: list[dict[str, Any]] | None = None
    size: int = 0

    def __len__(self) -> int:
        return len(self.types)

    def events(self) -> list[dict[str, Any]]:
        """All events as dicts (parses the body; callers cache what they keep)."""
        if self.parsed is not None:
            return self.parsed
        assert self.body is not None
        parsed: list[dict[str, Any]] = orjson.loads(self.body)
        return parsed

    def fingerprint(self) -> tuple[int, float, float]:
        """Cheap identity used to tell a re-sent segment from a different one with the same id."""
        if not self.timestamps:
            return (0, 0.0, 0.0)
        return (len(self.types), self.timestamps[0], self.timestamps[-1])


def _describe(value: Any) -> str:
    return {str: "a string", bool: "a boolean", type(None): "null"}.get(type(value), "not a number")


def _check_event(index: int, type_: Any, timestamp: Any) -> None:
    if type_ is None:
        raise SegmentError(f"event {index} has no type")
    if not isinstance(type_, int) or isinstance(type_, bool):
        raise SegmentError(f"event {index} has a type that is {_describe(type_)}")
    if timestamp is None:
        raise SegmentError(f"event {index} has no timestamp")
    if not isinstance(timestamp, (int, float)) or isinstance(timestamp, bool):
        raise SegmentError(f"event {index}: timestamp is {_describe(timestamp)}")


def _add(seg: Segment, index: int, event: Any, small: Any = None) -> None:
    """Index one event already known to be an object; `small` is its dict for types 4 and 5."""
    type_ = event.get("type")
    timestamp = event.get("timestamp")
    _check_event(index, type_, timestamp)
    source = -1
    if type_ == INCREMENTAL:
        data = event.get("data")
        src = data.get("source") if isinstance(data, (dict, simdjson.Object)) else None
        source = src if isinstance(src, int) and not isinstance(src, bool) else -1
    if type_ == CUSTOM:
        timestamp = ms_timestamp(float(timestamp))
        seg.customs.append((index, small))
    elif type_ == META:
        seg.metas.append((index, small))
    seg.types.append(type_)
    seg.sources.append(source)
    seg.timestamps.append(float(timestamp))


def segment_from_json(body: bytes, segment_id: int | None, origin: str) -> Segment:
    """Index a JSON array of events without building Python objects for the heavy ones."""
    parser = simdjson.Parser()
    try:
        doc = parser.parse(body)
    except (ValueError, RuntimeError) as e:
        raise SegmentError(f"not valid JSON ({e})") from None
    if not isinstance(doc, simdjson.Array):
        del doc
        raise SegmentError("is not a JSON array of events")
    seg = Segment(segment_id, origin, body=body, size=len(body))
    needs_full_parse = False
    types, sources, stamps = seg.types, seg.sources, seg.timestamps
    object_type = simdjson.Object
    index = 0
    try:
        for event in doc:
            if type(event) is not object_type:
                if isinstance(event, str):
                    needs_full_parse = True  # packer strings
                    break
                raise SegmentError(f"event {index} is not an object")
            type_ = event.get("type")
            timestamp = event.get("timestamp")
            if type_ == INCREMENTAL and type(timestamp) is int:  # the hot path: DOM events
                data = event.get("data")
                src = data.get("source") if type(data) is object_type else None
                types.append(INCREMENTAL)
                sources.append(src if type(src) is int else -1)
                stamps.append(timestamp)
                if src in SMALL_SOURCES:
                    seg.smalls[index] = event.as_dict()
            elif type_ == FULL_SNAPSHOT and "cv" in event:
                needs_full_parse = True  # PostHog per-event compression
                break
            else:
                small = event.as_dict() if type_ in SMALL_TYPES else None
                _add(seg, index, event, small)
                if small is not None and type_ != CUSTOM:
                    seg.smalls[index] = small
            index += 1
    finally:
        del doc
    if needs_full_parse:
        return segment_from_list(orjson.loads(body), segment_id, origin, size=len(body))
    return seg


def segment_from_list(
    values: list[Any], segment_id: int | None, origin: str, size: int = 0
) -> Segment:
    """Index events that are already Python values (packer strings and PostHog fields undone)."""
    seg = Segment(segment_id, origin, parsed=[], size=size)
    assert seg.parsed is not None
    for index, value in enumerate(values):
        try:
            event = unpack_string(value) if isinstance(value, str) else value
            if isinstance(event, dict):
                event = decompress_posthog_event(event)
        except CodecError as e:
            raise SegmentError(f"event {index}: {e}") from None
        if not isinstance(event, dict):
            raise SegmentError(f"event {index} is not an object")
        _add(seg, index, event, event)
        seg.parsed.append(event)
    if not size:
        seg.size = sum(len(orjson.dumps(e)) for e in seg.parsed)
    return seg

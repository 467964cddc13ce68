"""The stitched rrweb event stream: a lazy, timestamp-sorted sequence over the segments."""

from __future__ import annotations

import hashlib
import itertools
import threading
from array import array
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from typing import Any, overload

import orjson

from viewer.model.segments import CUSTOM, Segment

#: How many parsed segments to keep; playback walks forward, so a few suffice.
_CACHE_SEGMENTS = 4


class EventList(Sequence[dict[str, Any]]):
    """rrweb events (type ≠ 5) of all segments, stable-sorted by timestamp.

    `timestamps`, `types` and `sources` (−1 where not incremental) are plain lists, cheap to
    search; an event's dict is parsed from its segment on first access.
    """

    def __init__(self, segments: list[Segment]) -> None:
        self._segments = segments
        stamps: list[float] = []
        types: list[int] = []
        sources: list[int] = []
        seg_of = array("I")
        index_in = array("I")
        for s_index, seg in enumerate(segments):
            if seg.customs:
                keep = [i for i, t in enumerate(seg.types) if t != CUSTOM]
                stamps.extend([seg.timestamps[i] for i in keep])
                types.extend([seg.types[i] for i in keep])
                sources.extend([seg.sources[i] for i in keep])
                index_in.extend(keep)
            else:
                stamps.extend(seg.timestamps)
                types.extend(seg.types)
                sources.extend(seg.sources)
                index_in.extend(range(len(seg.types)))
            seg_of.extend(array("I", [s_index]) * (len(stamps) - len(seg_of)))
        if any(a > b for a, b in itertools.pairwise(stamps)):
            order = sorted(range(len(stamps)), key=stamps.__getitem__)  # stable
            stamps = [stamps[i] for i in order]
            types = [types[i] for i in order]
            sources = [sources[i] for i in order]
            seg_of = array("I", [seg_of[i] for i in order])
            index_in = array("I", [index_in[i] for i in order])
        self.timestamps: list[float] = stamps
        self.types: list[int] = types
        self.sources: list[int] = sources
        self._seg_of = seg_of
        self._index_in = index_in
        self._cache: OrderedDict[int, list[dict[str, Any]]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.timestamps)

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self.timestamps)
        s_index, e_index = self._seg_of[index], self._index_in[index]
        small = self._segments[s_index].smalls.get(e_index)
        if small is not None:
            return small
        return self._segment_events(s_index)[e_index]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for i in range(len(self)):
            yield self[i]

    def _segment_events(self, s_index: int) -> list[dict[str, Any]]:
        with self._lock:  # the seek index is built in a thread while the player reads
            cached = self._cache.get(s_index)
            if cached is not None:
                self._cache.move_to_end(s_index)
                return cached
            events = self._segments[s_index].events()
            self._cache[s_index] = events
            if len(self._cache) > _CACHE_SEGMENTS:
                self._cache.popitem(last=False)
            return events

    def byte_weights(self) -> list[float]:
        """Each event's rough size in bytes, without parsing: its segment's size shared
        equally among the segment's events (a measure of the work of applying a stretch)."""
        shares = [seg.size / max(1, len(seg)) for seg in self._segments]
        return [shares[s] for s in self._seg_of]

    def content_digest(self) -> str:
        """A hash of every segment's events in order: equal for the same recording, however it
        was delivered (files, compression, envelopes), different as soon as one event differs."""
        digest = hashlib.blake2b(digest_size=20)
        for seg in self._segments:
            body = seg.body if seg.body is not None else orjson.dumps(seg.parsed)
            digest.update(len(body).to_bytes(8, "little"))
            digest.update(body)
        return digest.hexdigest()

    def custom_events(self) -> list[tuple[float, dict[str, Any]]]:
        """Sentry custom events (type 5) of every segment as (timestamp in ms, event), in
        segment order; the events themselves are as recorded (their timestamp may be seconds)."""
        return [(seg.timestamps[i], event) for seg in self._segments for i, event in seg.customs]

    @property
    def json_bytes(self) -> int:
        """Size of the JSON the events came from (all segments, custom events included)."""
        return sum(seg.size for seg in self._segments)

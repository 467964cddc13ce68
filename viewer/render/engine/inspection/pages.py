"""Page boundaries: which FullSnapshots load another page (ids renumbered) and which are
checkouts of the same page (rrweb keeps its id mirror across those)."""

from __future__ import annotations

import bisect
from typing import Any

from ..build import tag_of
from ..nodes import ELEMENT
from ..seek import SeekIndex


class PageBreaks:
    """Which FullSnapshots start a new page (decided lazily, each once, with the seek index)."""

    def __init__(self, seek: SeekIndex) -> None:
        self.seek = seek
        self._known: dict[int, bool] = {}

    def is_new_page(self, snapshot: int) -> bool:
        """Does the FullSnapshot at event index `snapshot` load another page?"""
        found = self._known.get(snapshot)
        if found is None:
            found = self._decide(snapshot)
            self._known[snapshot] = found
        return found

    def _decide(self, snapshot: int) -> bool:
        tl = self.seek.timeline
        if snapshot == tl.first_snapshot():
            return True
        before = self.seek.engine_at_position(snapshot)
        event = tl.events[snapshot]
        data = event.get("data") if isinstance(event, dict) else None
        meta = data.get("node") if isinstance(data, dict) else None
        if before.document is None or not isinstance(meta, dict):
            return True
        shared = 0
        for node_id, recorded in _serialized_nodes(meta):
            node = before.mirror.get(node_id)
            if node is None:
                continue
            shared += 1
            kind = recorded.get("type")
            if node.kind != kind or (kind == ELEMENT and node.tag != tag_of(recorded)):
                return True
        return shared == 0

    def between(self, a: int, b: int) -> list[int]:
        """New-page snapshots applied between positions a and b (either order)."""
        lo, hi = min(a, b), max(a, b)
        snaps = self.seek.timeline.snapshots
        first = self.seek.timeline.first_snapshot()
        start = bisect.bisect_left(snaps, lo)
        stop = bisect.bisect_left(snaps, hi)
        return [s for s in snaps[start:stop] if s != first and self.is_new_page(s)]


def _serialized_nodes(meta: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    out: list[tuple[int, dict[str, Any]]] = []
    stack = [meta]
    while stack:
        cur = stack.pop()
        if type(cur.get("id")) is int:
            out.append((cur["id"], cur))
        kids = cur.get("childNodes")
        if isinstance(kids, list):
            stack.extend(k for k in kids if isinstance(k, dict))
    return out

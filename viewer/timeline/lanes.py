"""Lane assignment: every frame of a replay as a timeline item with lane, row, colour and shape."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from enum import IntEnum
from typing import Any

from viewer.model.frames import (
    BreadcrumbFrame,
    ClickFrame,
    ConsoleFrame,
    ErrorFrame,
    Frame,
    NavigationFrame,
    NetworkFrame,
    TraceSpan,
)
from viewer.model.kinds import (
    KINDS,
    LANES,
    LEVEL_COLORS,
    OUTSIDE_COLOR,
    STATUS_COLORS,
    TRACE_COLORS,
    kind_of,
)
from viewer.model.summary import clock


class Lane(IntEnum):
    """Lanes top to bottom; errors first so they are always on top."""

    ERRORS = 0
    CLICKS = 1
    INPUTS = 2
    NAVIGATION = 3
    NETWORK = 4
    CONSOLE = 5
    TRACES = 6


LANE_TITLES = {lane: lane.name.capitalize() for lane in Lane}
assert [lane.name.lower() for lane in Lane] == list(LANES)  # the kinds table names them
#: Sub-rows a lane packs overlapping bars into.
LANE_ROWS = {Lane.NETWORK: 3, Lane.TRACES: 2}

#: Colours by item colour key (hex, for a dark background): each frame kind's colour from the
#: kinds table, and the variants drawn by status or level.
COLORS: dict[str, str] = {
    **{kind: info.color for kind, info in KINDS.items()},
    "error-outside": OUTSIDE_COLOR,
    **{f"net-{status}": c for status, c in STATUS_COLORS.items()},
    **{f"console-{level}": c for level, c in LEVEL_COLORS.items()},
    "trace": TRACE_COLORS["ok"], "trace-error": TRACE_COLORS["failed"],
}
DEFAULT_COLOR = "#a9b1d6"


@dataclass(frozen=True, eq=False)
class TimelineItem:
    """One drawable thing: a marker (`end_ms` None) or a bar, in a lane row."""

    lane: Lane
    start_ms: float
    end_ms: float | None
    color: str  # a key of COLORS
    label: str
    frame: Any  # the Frame (or TraceSpan) it came from
    shape: str = "dot"  # dot, diamond (rage), triangle (dead), ring (outside), bar
    row: int = 0
    strong: bool = False  # drawn emphasised (failures, errors, rage)

    @property
    def is_bar(self) -> bool:
        return self.end_ms is not None

    @property
    def last_ms(self) -> float:
        return self.start_ms if self.end_ms is None else self.end_ms


@dataclass
class LaneItems:
    """The items of one lane sorted by start, with what a visible-slice query needs."""

    lane: Lane
    items: list[TimelineItem] = field(default_factory=list)
    starts: list[float] = field(default_factory=list)
    longest_ms: float = 0.0

    lasts: list[float] = field(default_factory=list)

    #: The lane holds bars (network, traces); the others hold markers only.
    bars: bool = False

    def __post_init__(self) -> None:
        if len(self.lasts) != len(self.items):
            self.lasts = [it.last_ms for it in self.items]
        self.bars = any(it.is_bar for it in self.items)

    def visible(self, view_start: float, view_end: float) -> list[TimelineItem]:
        """Items overlapping [view_start, view_end] (bisect on start, widened by the longest)."""
        lo = bisect.bisect_left(self.starts, view_start - self.longest_ms)
        hi = bisect.bisect_right(self.starts, view_end)
        lasts, items = self.lasts, self.items
        return [items[i] for i in range(lo, hi) if lasts[i] >= view_start]


def _short_url(url: str, limit: int = 60) -> str:
    tail = url.split("://", 1)[-1]
    tail = tail[tail.find("/"):] if "/" in tail else tail
    return tail if len(tail) <= limit else tail[: limit - 1] + "…"


def item_for(frame: Frame) -> TimelineItem | None:
    """The timeline item of one frame, or None for kinds without a lane (see the kinds table)."""
    kind = frame.kind
    lane_name = kind_of(kind).lane
    if lane_name is None:
        return None
    lane = Lane[lane_name.upper()]
    at = f"{clock(frame.offset_ms)}"
    if isinstance(frame, ErrorFrame):
        where = "" if frame.in_recording else " (outside the recording)"
        title = frame.error_title or frame.message or f"error {frame.event_id}"
        return TimelineItem(lane, frame.ts_ms, None,
                            "error" if frame.in_recording else "error-outside",
                            f"{at}  Error: {title}{where}", frame,
                            "diamond" if frame.in_recording else "ring", strong=True)
    if isinstance(frame, ClickFrame):
        shape = {"rage-click": "diamond", "dead-click": "triangle",
                 "slow-click": "triangle"}.get(kind, "dot")
        target = frame.node.tag if frame.node and frame.node.tag else ""
        text = (frame.node.text if frame.node else "") or frame.selector
        return TimelineItem(lane, frame.ts_ms, None, kind,
                            f"{at}  {frame.title}: {target} {text}"[:140], frame, shape,
                            strong=kind in ("rage-click", "dead-click"))
    if isinstance(frame, BreadcrumbFrame) and kind in ("input", "keydown"):
        key = frame.data.get("key") if kind == "keydown" else None
        text = f"{frame.title}{f' {key}' if key else ''}: {frame.message}"
        return TimelineItem(lane, frame.ts_ms, None, kind, f"{at}  {text}"[:140], frame)
    if isinstance(frame, NavigationFrame):
        return TimelineItem(lane, frame.ts_ms, None, kind,
                            f"{at}  Navigation ({frame.how or 'navigate'}): "
                            f"{_short_url(frame.url)}", frame)
    if isinstance(frame, NetworkFrame):
        status = frame.status_class
        label = (f"{at}  {frame.method or 'GET'} {frame.status or 'failed'} "
                 f"{_short_url(frame.url)}  {frame.duration_ms:.0f} ms")
        return TimelineItem(lane, frame.ts_ms, max(frame.end_ms, frame.ts_ms),
                            f"net-{status}", label, frame, "bar",
                            strong=status in ("4xx", "5xx", "failed"))
    if isinstance(frame, ConsoleFrame):
        level = {"warning": "warn", "assert": "error", "trace": "debug"}.get(
            frame.level, frame.level)
        color = f"console-{level}" if f"console-{level}" in COLORS else "console-log"
        return TimelineItem(lane, frame.ts_ms, None, color,
                            f"{at}  console.{frame.level}: {frame.message}"[:160], frame,
                            strong=level == "error")
    return TimelineItem(lane, frame.ts_ms, None, kind, f"{at}  {frame.title}", frame,
                        "diamond" if lane is Lane.ERRORS else "dot", strong=lane is Lane.ERRORS)


def item_for_span(span: TraceSpan) -> TimelineItem:
    failed = span.status not in ("", "ok", "unset")
    return TimelineItem(Lane.TRACES, span.ts_ms, max(span.end_ms, span.ts_ms),
                        "trace-error" if failed else "trace",
                        f"{clock(span.offset_ms)}  {span.op}: {span.name}  "
                        f"{span.end_ms - span.ts_ms:.0f} ms", span, "bar", strong=failed)


def pack_rows(items: list[TimelineItem], rows: int, gap_ms: float = 0.0) -> list[TimelineItem]:
    """Give overlapping bars different rows (first free row; overflow shares the last)."""
    free_at = [float("-inf")] * rows
    packed = []
    for it in items:
        row = next((r for r in range(rows) if free_at[r] <= it.start_ms), rows - 1)
        free_at[row] = max(free_at[row], it.last_ms + gap_ms)
        packed.append(TimelineItem(it.lane, it.start_ms, it.end_ms, it.color, it.label,
                                   it.frame, it.shape, row, it.strong))
    return packed


def clamp_item(item: TimelineItem, start_ms: float, end_ms: float) -> TimelineItem:
    """The item moved inside [start, end] (what happened before the recording sits at its
    start, and so on); items already inside are returned as they are."""
    if start_ms <= item.start_ms and item.last_ms <= end_ms:
        return item
    start = min(max(item.start_ms, start_ms), end_ms)
    end = None if item.end_ms is None else min(max(item.end_ms, start), end_ms)
    return replace(item, start_ms=start, end_ms=end)


def build_lanes(frames: list[Frame], traces: list[TraceSpan], start_ms: float | None = None,
                end_ms: float | None = None) -> dict[Lane, LaneItems]:
    """Items of every lane, sorted by start; traces show their transactions (root spans).

    Given the replay's [start_ms, end_ms], items outside it are clamped to its edges.
    """
    by_lane: dict[Lane, list[TimelineItem]] = {lane: [] for lane in Lane}
    items = [it for it in map(item_for, frames) if it is not None]
    roots = [s for s in traces if s.is_segment or not s.parent_span_id]
    items.extend(item_for_span(s) for s in roots)
    for item in items:
        if start_ms is not None and end_ms is not None:
            item = clamp_item(item, start_ms, end_ms)
        by_lane[item.lane].append(item)
    lanes: dict[Lane, LaneItems] = {}
    for lane, items in by_lane.items():
        items.sort(key=lambda it: it.start_ms)
        if lane in LANE_ROWS:
            items = pack_rows(items, LANE_ROWS[lane])
        lanes[lane] = LaneItems(lane, items, [it.start_ms for it in items],
                                max((it.last_ms - it.start_ms for it in items), default=0.0))
    return lanes

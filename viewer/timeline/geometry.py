"""Where lanes, the ruler and the minimap sit in the widget, and hit-testing (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from viewer.timeline.lanes import LANE_ROWS, Lane, LaneItems, TimelineItem
from viewer.timeline.scale import TimeScale

MARKER_RADIUS = 4.5
#: Markers closer than this (px) become one cluster.
CLUSTER_PX = 7.0


@dataclass(frozen=True)
class Geometry:
    """Vertical layout: ruler on top, lanes, then the minimap when zoomed."""

    gutter: float = 112.0  # lane titles
    ruler: float = 22.0
    row: float = 14.0  # one sub-row of a lane
    lane_pad: float = 4.0
    minimap: float = 32.0

    def lane_rows(self, lane: Lane) -> int:
        return LANE_ROWS.get(lane, 1)

    def lane_height(self, lane: Lane) -> float:
        return self.lane_rows(lane) * self.row + 2 * self.lane_pad

    @cached_property
    def _tops(self) -> dict[Lane, float]:
        tops, y = {}, self.ruler
        for lane in Lane:
            tops[lane] = y
            y += self.lane_height(lane)
        return tops

    def lane_top(self, lane: Lane) -> float:
        return self._tops[lane]

    @property
    def lanes_bottom(self) -> float:
        last = max(Lane)
        return self._tops[last] + self.lane_height(last)

    def height(self, with_minimap: bool = True) -> float:
        return self.lanes_bottom + (self.minimap + 4 if with_minimap else 0)

    def row_center(self, lane: Lane, row: int) -> float:
        return self._tops[lane] + self.lane_pad + (row + 0.5) * self.row

    def lane_at(self, y: float) -> Lane | None:
        for lane in Lane:
            top = self.lane_top(lane)
            if top <= y < top + self.lane_height(lane):
                return lane
        return None

    def row_at(self, lane: Lane, y: float) -> int:
        row = int((y - self.lane_top(lane) - self.lane_pad) // self.row)
        return min(max(row, 0), self.lane_rows(lane) - 1)


def items_at(lanes: dict[Lane, LaneItems], scale: TimeScale, geometry: Geometry,
             x: float, y: float, tolerance_px: float = CLUSTER_PX) -> list[TimelineItem]:
    """Items under the point: markers within `tolerance_px`, bars the point lies on (±2 px).

    Nearest first; a lane's sub-row is respected for bars.
    """
    lane = geometry.lane_at(y)
    if lane is None or x < scale.x0:
        return []
    row = geometry.row_at(lane, y)
    t = scale.t_of(x)
    slack = tolerance_px * scale.ms_per_px
    found: list[tuple[float, TimelineItem]] = []
    for item in lanes[lane].visible(t - slack, t + slack):
        if item.is_bar:
            if item.row != row:
                continue
            x1, x2 = scale.x_of(item.start_ms), scale.x_of(item.last_ms)
            if x1 - 2 <= x <= max(x2, x1 + 2) + 2:
                found.append((0.0 if x1 <= x <= x2 else min(abs(x - x1), abs(x - x2)), item))
        else:
            dx = abs(scale.x_of(item.start_ms) - x)
            if dx <= tolerance_px:
                found.append((dx, item))
    found.sort(key=lambda pair: pair[0])
    return [item for _, item in found]

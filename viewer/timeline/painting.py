"""Qt painting of the timeline's static layer (ruler, lanes, items, minimap) and its overlay."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QPolygonF,
)

from viewer.timeline.cluster import Cluster, cluster_markers
from viewer.timeline.geometry import CLUSTER_PX, MARKER_RADIUS, Geometry
from viewer.timeline.lanes import COLORS, DEFAULT_COLOR, LANE_TITLES, Lane, LaneItems, TimelineItem
from viewer.timeline.scale import TimeScale
from viewer.timeline.ticks import ticks

#: The widget's own dark palette.
THEME = {
    "bg": "#1a1b26", "lane-alt": "#1e2030", "gutter": "#16161e", "ruler": "#16161e",
    "grid": "#292e42", "text": "#a9b1d6", "dim": "#565f89", "inactive": "#0f1018",
    "playhead": "#f5f5f5", "hover": "#565f89", "view": "#7aa2f7", "select": "#ffffff",
    "hover-ring": "#8c95bd",
}


class Palette:
    """QColor/QBrush/QPen objects made once per colour key."""

    def __init__(self) -> None:
        self.color = {k: QColor(v) for k, v in {**COLORS, **THEME}.items()}
        self.default = QColor(DEFAULT_COLOR)
        self.brush = {k: QBrush(c) for k, c in self.color.items()}
        self.strong_pen = QPen(QColor("#ffffff"), 1.2)
        self.cluster_pen = QPen(QColor("#1a1b26"), 1.0)
        self.dpr = 1.0
        self._sprites: dict[tuple[Any, ...], QPixmap] = {}

    def of(self, key: str) -> QColor:
        return self.color.get(key, self.default)

    def set_dpr(self, dpr: float) -> None:
        if dpr != self.dpr:
            self.dpr = dpr
            self._sprites.clear()

    def marker(self, shape: str, color: str, strong: bool, big: bool) -> QPixmap:
        """A marker drawn once per look, reused for every item that looks the same."""
        key = (shape, color, strong, big)
        sprite = self._sprites.get(key)
        if sprite is None:
            r = MARKER_RADIUS + (1.5 if big else 0.0)
            size = 2 * r + 5
            sprite = self._pixmap(size, size)
            p = QPainter(sprite)
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            if shape == "ring":
                p.setPen(QPen(self.of(color), 1.6))
                p.setBrush(Qt.BrushStyle.NoBrush)
            else:
                p.setPen(self.strong_pen if strong else self.cluster_pen)
                p.setBrush(self.of(color))
            p.drawPath(marker_path(shape, size / 2, size / 2, r))
            p.end()
            self._sprites[key] = sprite
        return sprite

    def label(self, text: str) -> QPixmap:
        """A cluster's count as a small cached text sprite."""
        key = ("label", text)
        sprite = self._sprites.get(key)
        if sprite is None:
            w = 5 * len(text) + 5
            sprite = self._pixmap(w, 10)
            p = QPainter(sprite)
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(10, 11, 18, 220))
            p.drawRoundedRect(QRectF(0, 0, w, 10), 4, 4)
            p.setFont(_font(6, bold=True))
            p.setPen(QColor("#e6e9f5"))
            p.drawText(QRectF(0, 0, w, 10), Qt.AlignmentFlag.AlignCenter, text)
            p.end()
            self._sprites[key] = sprite
        return sprite

    def _pixmap(self, w: float, h: float) -> QPixmap:
        pixmap = QPixmap(int(w * self.dpr + 0.5), int(h * self.dpr + 0.5))
        pixmap.setDevicePixelRatio(self.dpr)
        pixmap.fill(Qt.GlobalColor.transparent)
        return pixmap


def _font(size: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


def paint_layer(p: QPainter, width: float, geo: Geometry, scale: TimeScale,
                lanes: dict[Lane, LaneItems], inactive: list[tuple[float, float]],
                pal: Palette) -> None:
    """Everything that changes only with the view: the cached static layer."""
    height = geo.lanes_bottom
    p.fillRect(QRectF(0, 0, width, height), pal.color["bg"])
    for i, lane in enumerate(Lane):
        if i % 2:
            p.fillRect(QRectF(0, geo.lane_top(lane), width, geo.lane_height(lane)),
                       pal.color["lane-alt"])
    p.setPen(Qt.PenStyle.NoPen)
    for a, b in inactive:
        if b < scale.view_start or a > scale.view_end:
            continue
        x1, x2 = max(scale.x_of(a), scale.x0), min(scale.x_of(b), scale.x0 + scale.width)
        p.fillRect(QRectF(x1, geo.ruler, x2 - x1, height - geo.ruler), pal.color["inactive"])
        p.fillRect(QRectF(x1, geo.ruler, x2 - x1, height - geo.ruler),
                   QBrush(pal.color["grid"], Qt.BrushStyle.BDiagPattern))
    _paint_ruler(p, width, geo, scale, pal)
    p.setClipRect(QRectF(scale.x0, 0, scale.width + 1, height))
    k = scale.width / scale.span
    offset = scale.x0 - scale.view_start * k
    for lane in Lane:
        visible = lanes[lane].visible(scale.view_start, scale.view_end)
        if not visible:
            continue
        if lanes[lane].bars:  # a lane holds bars (network, traces) or markers, never both
            _paint_bars(p, visible, lane, geo, scale, pal)
        else:
            xs = [offset + it.start_ms * k for it in visible]
            _paint_clusters(p, cluster_markers(visible, xs, CLUSTER_PX), lane, geo, pal)
    _paint_error_lines(p, lanes[Lane.ERRORS], geo, scale, pal)
    p.setClipping(False)


def paint_gutter(p: QPainter, geo: Geometry, lanes: dict[Lane, LaneItems], pal: Palette) -> None:
    """Lane titles and counts (cached apart: they never change with the view)."""
    _paint_gutter(p, geo, pal, {lane: len(lanes[lane].items) for lane in Lane})


def _paint_ruler(p: QPainter, width: float, geo: Geometry, scale: TimeScale,
                 pal: Palette) -> None:
    p.fillRect(QRectF(0, 0, width, geo.ruler), pal.color["ruler"])
    p.setFont(_font(8))
    grid = QPen(pal.color["grid"], 1)
    text = QPen(pal.color["dim"])
    for tick in ticks(scale):
        p.setPen(grid)
        p.drawLine(QPointF(tick.x, geo.ruler - 6), QPointF(tick.x, geo.lanes_bottom))
        p.setPen(text)
        p.drawText(QPointF(tick.x + 3, geo.ruler - 8), tick.label)
    p.setPen(grid)
    p.drawLine(QPointF(0, geo.ruler - 0.5), QPointF(width, geo.ruler - 0.5))


def _paint_gutter(p: QPainter, geo: Geometry, pal: Palette, counts: dict[Lane, int]) -> None:
    p.fillRect(QRectF(0, 0, geo.gutter, geo.lanes_bottom), pal.color["gutter"])
    p.setFont(_font(8.5))
    p.setPen(pal.color["text"])
    for lane in Lane:
        rect = QRectF(10, geo.lane_top(lane), geo.gutter - 16, geo.lane_height(lane))
        count = counts.get(lane, 0)
        p.setPen(pal.color["error"] if lane == Lane.ERRORS and count else pal.color["text"])
        p.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                   LANE_TITLES[lane])
        p.setPen(pal.color["dim"])
        p.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                   str(count) if count else "–")
    p.setPen(QPen(pal.color["grid"], 1))
    p.drawLine(QPointF(geo.gutter - 0.5, 0), QPointF(geo.gutter - 0.5, geo.lanes_bottom))


def _paint_bars(p: QPainter, bars: list[TimelineItem], lane: Lane, geo: Geometry,
                scale: TimeScale, pal: Palette) -> None:
    """Bars by row; touching bars of one colour merge into one rectangle (dense zoom-out)."""
    half = geo.row * 0.32
    k = scale.width / scale.span
    offset = scale.x0 - scale.view_start * k
    centers = [geo.row_center(lane, r) for r in range(geo.lane_rows(lane))]
    runs: list[list[Any] | None] = [None] * len(centers)  # per row: [x1, x2, color, strong]
    out: list[list[Any]] = []
    for it in bars:
        x1 = offset + it.start_ms * k
        x2 = offset + it.end_ms * k  # type: ignore[operator]
        if x2 < x1 + 2.0:
            x2 = x1 + 2.0
        run = runs[it.row]
        if run is not None and run[2] == it.color and x1 <= run[1] + 1.0:
            if x2 > run[1]:
                run[1] = x2
            continue
        if run is not None:
            out.append([it.row, *run])
        runs[it.row] = [x1, x2, it.color, it.strong]
    out.extend([row, *run] for row, run in enumerate(runs) if run is not None)
    by_color: dict[str, list[QRectF]] = {}
    for row, x1, x2, color, strong in out:
        grow = 2.0 if strong else 0.0  # failures stand out: taller and at least 3 px wide
        w = max(x2 - x1, 3.0 if strong else 2.0)
        by_color.setdefault(color, []).append(
            QRectF(x1, centers[row] - half - grow, w, 2 * (half + grow)))
    p.setPen(Qt.PenStyle.NoPen)
    for color, rects in by_color.items():  # one call per colour: far fewer Python→Qt calls
        p.setBrush(pal.of(color))
        p.drawRects(rects)


def marker_path(shape: str, x: float, y: float, r: float) -> QPainterPath:
    path = QPainterPath()
    if shape == "diamond":
        path.addPolygon(QPolygonF([QPointF(x, y - r - 1), QPointF(x + r + 1, y),
                                   QPointF(x, y + r + 1), QPointF(x - r - 1, y)]))
        path.closeSubpath()
    elif shape == "triangle":
        path.addPolygon(QPolygonF([QPointF(x, y - r - 1), QPointF(x + r + 1, y + r),
                                   QPointF(x - r - 1, y + r)]))
        path.closeSubpath()
    else:
        path.addEllipse(QPointF(x, y), r, r)
    return path


def _paint_clusters(p: QPainter, clusters: list[Cluster], lane: Lane, geo: Geometry,
                    pal: Palette) -> None:
    """Markers as cached sprites (a painted path per marker is ~20× slower)."""
    y = geo.row_center(lane, 0)
    counted = []
    dpr = pal.dpr
    for c in clusters:
        items = c.items
        many = len(items) > 1
        lead = c.lead if many else items[0]
        sprite = pal.marker(lead.shape, lead.color, lead.strong, many)
        half = sprite.width() / dpr / 2
        p.drawPixmap(round(c.x - half), round(y - half), sprite)
        if many:
            counted.append((c, half))
    for c, half in counted:  # counts on top of every marker, on a dark pill
        count = len(c.items)
        label = pal.label(str(count) if count < 100 else "99+")
        p.drawPixmap(round(c.x + half - 2),
                     round(y - 3 - label.height() / label.devicePixelRatio()), label)


def _paint_error_lines(p: QPainter, errors: LaneItems, geo: Geometry, scale: TimeScale,
                       pal: Palette) -> None:
    pen = QPen(pal.of("error"), 1, Qt.PenStyle.DashLine)
    pen.setDashPattern([3, 3])
    p.setPen(pen)
    top = geo.lane_top(Lane.ERRORS) + geo.lane_height(Lane.ERRORS)
    for it in errors.visible(scale.view_start, scale.view_end):
        x = scale.x_of(it.start_ms)
        p.drawLine(QPointF(x, top), QPointF(x, geo.lanes_bottom))
    p.setPen(Qt.PenStyle.NoPen)


def paint_minimap(p: QPainter, width: float, geo: Geometry, full: TimeScale,
                  lanes: dict[Lane, LaneItems], pal: Palette) -> None:
    """The whole replay in a strip under the lanes (cached; the view box is drawn on top)."""
    top = geo.lanes_bottom + 4
    p.fillRect(QRectF(0, geo.lanes_bottom, width, geo.minimap + 4), pal.color["gutter"])
    p.fillRect(QRectF(full.x0, top, full.width, geo.minimap), pal.color["bg"])
    p.setFont(_font(7.5))
    p.setPen(pal.color["dim"])
    p.drawText(QRectF(4, top, geo.gutter - 8, geo.minimap), Qt.AlignmentFlag.AlignVCenter,
               "Overview")
    h = geo.minimap / len(Lane)
    for lane in Lane:
        y = top + lane * h
        for it in lanes[lane].items:
            x1 = full.x_of(it.start_ms)
            w = max(full.x_of(it.last_ms) - x1, 1.0)
            p.fillRect(QRectF(x1, y, w, max(h - 0.5, 1.0)), pal.of(it.color))


def paint_minimap_hint(p: QPainter, width: float, geo: Geometry, x0: float,
                       pal: Palette) -> None:
    """What replaces the minimap while the whole replay is visible."""
    top = geo.lanes_bottom + 4
    p.fillRect(QRectF(0, geo.lanes_bottom, width, geo.minimap + 4), pal.color["gutter"])
    p.setPen(pal.color["dim"])
    p.setFont(_font(8))
    p.drawText(QRectF(x0 + 6, top, width - x0, geo.minimap), Qt.AlignmentFlag.AlignVCenter,
               "Wheel or +/- to zoom · drag or Shift+←/→ to pan · F to fit · click to seek · "
               "drag the ruler to scrub")


def paint_minimap_view(p: QPainter, geo: Geometry, scale: TimeScale, pal: Palette) -> None:
    """Dim what is outside the view and outline the visible slice on the minimap."""
    top = geo.lanes_bottom + 4
    full = TimeScale.fitted(scale.start_ms, scale.end_ms, scale.width, scale.x0)
    x1, x2 = full.x_of(scale.view_start), full.x_of(scale.view_end)
    shade = QColor(0, 0, 0, 150)
    p.fillRect(QRectF(full.x0, top, x1 - full.x0, geo.minimap), shade)
    p.fillRect(QRectF(x2, top, full.x0 + full.width - x2, geo.minimap), shade)
    p.setPen(QPen(pal.color["view"], 1.5))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRect(QRectF(x1, top, max(x2 - x1, 2.0), geo.minimap - 1))


def paint_playhead(p: QPainter, x: float, geo: Geometry, label: str, pal: Palette) -> None:
    color = pal.color["playhead"]
    p.setPen(QPen(color, 1.5))
    p.drawLine(QPointF(x, geo.ruler - 4), QPointF(x, geo.lanes_bottom))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(color)
    p.drawPolygon(QPolygonF([QPointF(x - 5, geo.ruler - 9), QPointF(x + 5, geo.ruler - 9),
                             QPointF(x, geo.ruler - 3)]))
    p.setFont(_font(7.5, bold=True))
    box = QRectF(x + 7, 2, 9 + 6.2 * len(label), geo.ruler - 5)
    p.setBrush(QColor(10, 11, 18, 230))
    p.drawRoundedRect(box, 3, 3)
    p.setPen(color)
    p.drawText(box, Qt.AlignmentFlag.AlignCenter, label)


def paint_selection(p: QPainter, item: TimelineItem, geo: Geometry, scale: TimeScale,
                    pal: Palette, key: str = "select") -> None:
    """A ring (marker) or box (bar) around an item: the selection, or the hovered item."""
    p.setPen(QPen(pal.color[key], 1.6))
    p.setBrush(Qt.BrushStyle.NoBrush)
    y = geo.row_center(item.lane, item.row)
    x1 = scale.x_of(item.start_ms)
    if item.is_bar:
        w = max(scale.x_of(item.last_ms) - x1, 2.0)
        p.drawRect(QRectF(x1 - 2, y - geo.row * 0.32 - 2, w + 4, geo.row * 0.64 + 4))
    else:
        p.drawEllipse(QPointF(x1, y), MARKER_RADIUS + 3.5, MARKER_RADIUS + 3.5)

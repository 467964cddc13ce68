"""TimelineWidget: the custom-painted DevTools-style timeline (zoom, pan, hover, click to seek)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import (
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from viewer.model.replay import Replay
from viewer.model.summary import clock
from viewer.timeline.geometry import Geometry, items_at
from viewer.timeline.lanes import TimelineItem, build_lanes
from viewer.timeline.painting import (
    Palette,
    paint_gutter,
    paint_layer,
    paint_minimap,
    paint_minimap_hint,
    paint_minimap_view,
    paint_playhead,
    paint_selection,
)
from viewer.timeline.scale import TimeScale

ZOOM_STEP = 1.5
RIGHT_PAD = 12.0
DRAG_PX = 4.0
TOOLTIP_ITEMS = 12


class TimelineWidget(QWidget):
    """The replay's clicks, inputs, navigation, network, console, errors and traces on one axis.

    Emits `seek_requested(epoch_ms)` on a click (on an item: its start, and `frame_selected`
    with its frame) and on every move while the ruler is dragged (then `scrub_finished(epoch_ms)`
    on release); `view_changed(view_start, view_end)` when zoom or pan move the view.
    """

    seek_requested = Signal(float)
    scrub_finished = Signal(float)
    frame_selected = Signal(object)
    view_changed = Signal(float, float)

    def __init__(self, replay: Replay, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.geometry_ = Geometry()
        self._palette = Palette()
        self._press: QPointF | None = None
        self._dragging = False
        self._minimap_drag = False
        self._scrubbing = False
        self.set_replay(replay)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(int(self.geometry_.height()))
        self._fit_width()

    # ── public API ────────────────────────────────────────────────────────────────────────
    def set_replay(self, replay: Replay) -> None:
        """Show another replay (fitted, playhead at its start, nothing selected)."""
        self.replay = replay
        self.lanes = build_lanes(replay.frames, replay.traces, replay.start_ms, replay.end_ms)
        self.inactive = replay.inactivity
        self._item_of = {id(it.frame): it for lane in self.lanes.values() for it in lane.items}
        self._scale = TimeScale.fitted(replay.start_ms, replay.end_ms,
                                       max(self.width() - self.geometry_.gutter - RIGHT_PAD, 1),
                                       self.geometry_.gutter)
        self._press_scale = self._scale
        self._playhead = replay.start_ms
        self._selected: TimelineItem | None = None
        self._hover_x: float | None = None
        self.hover_items: list[TimelineItem] = []
        self._layer: QPixmap | None = None
        self._layer_key: tuple[Any, ...] | None = None
        self._minimap: QPixmap | None = None
        self._minimap_key: tuple[Any, ...] | None = None
        self._gutter: QPixmap | None = None
        self.update()
        self.view_changed.emit(self._scale.view_start, self._scale.view_end)

    @property
    def scale(self) -> TimeScale:
        return self._scale

    @property
    def playhead(self) -> float:
        return self._playhead

    @property
    def selected_frame(self) -> Any:
        return self._selected.frame if self._selected else None

    def sizeHint(self) -> QSize:
        return QSize(900, int(self.geometry_.height()))

    @Slot(float)
    def set_playhead(self, epoch_ms: float) -> None:
        """Move the playhead; a zoomed view pages along when the playhead leaves it."""
        self._playhead = float(epoch_ms)
        s = self._scale
        if s.is_zoomed and not self._dragging and not (s.view_start <= epoch_ms <= s.view_end):
            self._set_scale(s.with_view(epoch_ms - s.span * 0.1, epoch_ms + s.span * 0.9))
        self.update()

    @Slot(object)
    def select_frame(self, frame: Any) -> None:
        """Outline a frame's item (no signal); scroll a zoomed view to it."""
        self._selected = self._item_of.get(id(frame)) if frame is not None else None
        if self._selected is not None:
            s = self._scale
            if not (s.view_start <= self._selected.start_ms <= s.view_end):
                self._set_scale(s.centered_on(self._selected.start_ms))
        self.update()

    @Slot()
    def zoom_in(self) -> None:
        self._set_scale(self._scale.zoomed(ZOOM_STEP, self._zoom_anchor()))

    @Slot()
    def zoom_out(self) -> None:
        self._set_scale(self._scale.zoomed(1 / ZOOM_STEP, self._zoom_anchor()))

    @Slot()
    def fit(self) -> None:
        self._set_scale(self._scale.fit())

    def set_view(self, view_start: float, view_end: float) -> None:
        self._set_scale(self._scale.with_view(view_start, view_end))

    def x_of(self, epoch_ms: float) -> float:
        return self._scale.x_of(epoch_ms)

    def y_of(self, item: TimelineItem) -> float:
        return self.geometry_.row_center(item.lane, item.row)

    # ── painting ──────────────────────────────────────────────────────────────────────────
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.drawPixmap(0, 0, self._static_layer())
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        s, geo = self._scale, self.geometry_
        p.setClipRect(QRectF(s.x0, 0, s.width + 1, geo.lanes_bottom))
        if self.hover_items and self.hover_items[0] is not self._selected:
            paint_selection(p, self.hover_items[0], geo, s, self._palette, "hover-ring")
        if self._selected is not None:
            paint_selection(p, self._selected, geo, s, self._palette)
        p.setClipping(False)
        if self._hover_x is not None and self._hover_x >= s.x0:
            p.setPen(self._palette.color["hover"])
            p.drawLine(QPointF(self._hover_x, geo.ruler), QPointF(self._hover_x, geo.lanes_bottom))
        if s.view_start <= self._playhead <= s.view_end:
            paint_playhead(p, s.x_of(self._playhead), geo,
                           clock(self._playhead - self.replay.start_ms), self._palette)
        p.end()

    def _static_layer(self) -> QPixmap:
        """Ruler, lanes and items for the current view (and the minimap), cached per view."""
        dpr = self.devicePixelRatioF()
        key = (self._scale, self.width(), self.height(), dpr)
        if self._layer is None or key != self._layer_key:
            self._palette.set_dpr(dpr)
            layer = self._new_pixmap(dpr)
            p = QPainter(layer)  # no antialiasing: axis-aligned shapes, markers are sprites
            paint_layer(p, self.width(), self.geometry_, self._scale, self.lanes, self.inactive,
                        self._palette)
            gutter = QRectF(0, 0, self.geometry_.gutter, self.geometry_.lanes_bottom)
            p.drawPixmap(gutter, self._gutter_layer(dpr), gutter)
            if self._scale.is_zoomed:
                p.drawPixmap(0, 0, self._minimap_layer(dpr))
                paint_minimap_view(p, self.geometry_, self._scale, self._palette)
            else:
                paint_minimap_hint(p, self.width(), self.geometry_, self._scale.x0,
                                   self._palette)
            p.end()
            self._layer, self._layer_key = layer, key
        return self._layer

    def _gutter_layer(self, dpr: float) -> QPixmap:
        if self._gutter is None or self._gutter.devicePixelRatio() != dpr:
            self._gutter = QPixmap(int(self.geometry_.gutter * dpr),
                                   int(self.geometry_.lanes_bottom * dpr))
            self._gutter.setDevicePixelRatio(dpr)
            p = QPainter(self._gutter)
            paint_gutter(p, self.geometry_, self.lanes, self._palette)
            p.end()
        return self._gutter

    def _minimap_layer(self, dpr: float) -> QPixmap:
        key = (self.width(), self.height(), dpr)
        if self._minimap is None or key != self._minimap_key:
            s = self._scale
            full = TimeScale.fitted(s.start_ms, s.end_ms, s.width, s.x0)
            self._minimap = self._new_pixmap(dpr)
            self._minimap.fill(Qt.GlobalColor.transparent)
            p = QPainter(self._minimap)
            paint_minimap(p, self.width(), self.geometry_, full, self.lanes, self._palette)
            p.end()
            self._minimap_key = key
        return self._minimap

    def _new_pixmap(self, dpr: float) -> QPixmap:
        pixmap = QPixmap(int(self.width() * dpr), int(self.height() * dpr))
        pixmap.setDevicePixelRatio(dpr)
        return pixmap

    def invalidate_cache(self) -> None:
        """Drop the cached view layer (the minimap stays cached until a resize)."""
        self._layer = None

    # ── input ─────────────────────────────────────────────────────────────────────────────
    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Ruler: scrub the playhead; minimap: move the view; lanes: click or drag to pan."""
        if event.button() != Qt.MouseButton.LeftButton:
            return
        pos = event.position()
        self._press, self._press_scale, self._dragging = pos, self._scale, False
        self._minimap_drag = self._in_minimap(pos.y()) and self._scale.is_zoomed
        self._scrubbing = pos.y() < self.geometry_.ruler and pos.x() >= self._scale.x0
        if self._minimap_drag:
            self._center_from_minimap(pos.x())
        elif self._scrubbing:
            self._scrub_to(pos.x())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            if self._minimap_drag:
                self._center_from_minimap(pos.x())
            elif self._scrubbing:
                self._scrub_to(pos.x())
            else:
                dx = pos.x() - self._press.x()
                if self._dragging or abs(dx) > DRAG_PX:
                    self._dragging = True
                    self.setCursor(Qt.CursorShape.ClosedHandCursor)
                    self._set_scale(self._press_scale.panned_px(dx))
            return
        self._hover(pos)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return
        pos = event.position()
        handled = self._dragging or self._minimap_drag or self._scrubbing
        self._press, self._dragging, self._minimap_drag = None, False, False
        if self._scrubbing:
            self._scrubbing = False
            self.scrub_finished.emit(self._playhead)
        self.unsetCursor()
        if not handled:
            self.click_at(pos.x(), pos.y())

    def _scrub_to(self, x: float) -> None:
        """Move the playhead to x and ask to seek there (every move while dragging)."""
        t = min(max(self._scale.t_of(x), self.replay.start_ms), self.replay.end_ms)
        self._playhead = t
        self.update()
        self.seek_requested.emit(float(t))

    def click_at(self, x: float, y: float) -> None:
        """What a click does: select and seek to the item under (x, y), else seek to x."""
        if x < self._scale.x0 or y >= self.geometry_.lanes_bottom:
            return
        hits = items_at(self.lanes, self._scale, self.geometry_, x, y)
        if hits:
            self._selected = hits[0]
            self.update()
            self.frame_selected.emit(hits[0].frame)
            self.seek_requested.emit(float(hits[0].start_ms))
            return
        t = min(max(self._scale.t_of(x), self.replay.start_ms), self.replay.end_ms)
        self.seek_requested.emit(float(t))

    def leaveEvent(self, event: Any) -> None:
        self._hover_x, self.hover_items = None, []
        self.update()

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta()
        x = event.position().x()
        if delta.x() and abs(delta.x()) > abs(delta.y()):
            self._set_scale(self._scale.panned_px(delta.x() / 2))
        elif event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self._set_scale(self._scale.panned_px(delta.y() / 2))
        elif delta.y():
            anchor = self._scale.t_of(max(x, self._scale.x0))
            self._set_scale(self._scale.zoomed(ZOOM_STEP ** (delta.y() / 120), anchor))
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """+/- zoom, F (or Ctrl+0) fits, Shift+←/→ pans; other keys go to the window (the
        player's own shortcuts: space, ←/→ jumps, digits for speed)."""
        key, mods = event.key(), event.modifiers()
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_out()
        elif key == Qt.Key.Key_F or (key == Qt.Key.Key_0 and ctrl):
            self.fit()
        elif key == Qt.Key.Key_Left and shift:
            self._set_scale(self._scale.panned_px(self._scale.width * 0.2))
        elif key == Qt.Key.Key_Right and shift:
            self._set_scale(self._scale.panned_px(-self._scale.width * 0.2))
        else:
            super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fit_width()
        super().resizeEvent(event)

    # ── helpers ───────────────────────────────────────────────────────────────────────────
    def _fit_width(self) -> None:
        width = self.width() - self.geometry_.gutter - RIGHT_PAD
        self._scale = self._scale.with_width(width, self.geometry_.gutter)

    def _set_scale(self, scale: TimeScale) -> None:
        if scale == self._scale:
            return
        self._scale = scale
        self.update()
        self.view_changed.emit(scale.view_start, scale.view_end)

    def _zoom_anchor(self) -> float:
        s = self._scale
        return self._playhead if s.view_start <= self._playhead <= s.view_end else (
            s.view_start + s.view_end) / 2

    def _in_minimap(self, y: float) -> bool:
        return y >= self.geometry_.lanes_bottom

    def _center_from_minimap(self, x: float) -> None:
        s = self._scale
        full = TimeScale.fitted(s.start_ms, s.end_ms, s.width, s.x0)
        self._set_scale(s.centered_on(full.t_of(x)))

    def _hover(self, pos: QPointF) -> None:
        inside = pos.x() >= self._scale.x0 and pos.y() < self.geometry_.lanes_bottom
        self._hover_x = pos.x() if inside else None
        self.hover_items = items_at(self.lanes, self._scale, self.geometry_, pos.x(), pos.y())
        if self.hover_items:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            self.unsetCursor()
        self.update()

    def event(self, event: QEvent) -> bool:
        """Show the items under the pointer (or the time there) as the tooltip."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            pos = QPointF(event.pos())
            self.hover_items = items_at(self.lanes, self._scale, self.geometry_, pos.x(),
                                        pos.y())
            if self.hover_items:
                QToolTip.showText(event.globalPos(), self.tooltip_text(), self)
            elif pos.x() >= self._scale.x0 and pos.y() < self.geometry_.lanes_bottom:
                QToolTip.showText(event.globalPos(),
                                  clock(self._scale.t_of(pos.x()) - self.replay.start_ms), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def tooltip_text(self) -> str:
        """The items under the pointer, one per line (at most TOOLTIP_ITEMS)."""
        lines = [it.label for it in self.hover_items[:TOOLTIP_ITEMS]]
        more = len(self.hover_items) - TOOLTIP_ITEMS
        if more > 0:
            lines.append(f"… and {more} more")
        return "\n".join(lines)

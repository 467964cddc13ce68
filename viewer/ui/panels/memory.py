"""Memory & web vitals panel: JS heap over time as a small chart, and vitals with ratings."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPointF, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QLabel, QWidget

from viewer.model.frames import MemoryFrame, WebVitalFrame
from viewer.model.replay import Replay
from viewer.model.summary import clock
from viewer.present.queries import format_vital, vital_label, vital_rating
from viewer.timeline.painting import THEME
from viewer.timeline.scale import TimeScale
from viewer.timeline.ticks import ticks
from viewer.ui.panels.base import Panel
from viewer.ui.panels.style import RATING_COLORS
from viewer.ui.panels.table import FRAME_ROLE, Column, FrameTable, FrameTableModel

MB = 1024 * 1024


class MemoryChart(QWidget):
    """Used (filled) and total (dashed) JS heap over the replay; click seeks."""

    seek_requested = Signal(float)
    PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 56.0, 12.0, 22.0, 20.0

    def __init__(self, replay: Replay, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.replay = replay
        self.samples = [f for f in replay.frames if isinstance(f, MemoryFrame)]
        self.time_ms: float | None = None
        self.peak = max((f.total_bytes for f in self.samples), default=0) or 1
        self.setMinimumHeight(140)

    def sizeHint(self) -> QSize:
        return QSize(600, 170)

    def plot_rect(self) -> QRectF:
        return QRectF(self.rect()).adjusted(self.PAD_LEFT, self.PAD_TOP, -self.PAD_RIGHT,
                                            -self.PAD_BOTTOM)

    def x_of(self, t_ms: float) -> float:
        r = self.plot_rect()
        span = max(self.replay.duration_ms, 1.0)
        return r.left() + (t_ms - self.replay.start_ms) / span * r.width()

    def y_of(self, size: float) -> float:
        r = self.plot_rect()
        return r.bottom() - size / (self.peak * 1.1) * r.height()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = self.plot_rect()
        p.fillRect(self.rect(), QColor(THEME["bg"]))
        p.setPen(QColor(THEME["grid"]))
        p.drawRect(r)
        p.setPen(QColor(THEME["dim"]))
        for fraction in (0.0, 0.5, 1.0):
            size = self.peak * 1.1 * fraction
            y = self.y_of(size)
            p.drawText(QRectF(0, y - 8, self.PAD_LEFT - 6, 16),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       f"{size / MB:.0f} MB")
        axis = TimeScale.fitted(self.replay.start_ms, self.replay.end_ms, r.width(), r.left())
        for tick in ticks(axis, min_px=90):
            p.setPen(QColor(THEME["grid"]))
            p.drawLine(QPointF(tick.x, r.top()), QPointF(tick.x, r.bottom() + 3))
            p.setPen(QColor(THEME["dim"]))
            p.drawText(QRectF(tick.x - 40, r.bottom() + 3, 80, 16), Qt.AlignmentFlag.AlignHCenter,
                       tick.label)
        if not self.samples:
            p.drawText(r, Qt.AlignmentFlag.AlignCenter, "No memory samples in this recording")
            p.end()
            return
        used = QPainterPath(QPointF(self.x_of(self.samples[0].ts_ms), r.bottom()))
        total = QPainterPath()
        for i, f in enumerate(self.samples):
            x = self.x_of(f.ts_ms)
            used.lineTo(x, self.y_of(f.used_bytes))
            if i == 0:
                total.moveTo(x, self.y_of(f.total_bytes))
            else:
                total.lineTo(x, self.y_of(f.total_bytes))
        used.lineTo(self.x_of(self.samples[-1].ts_ms), r.bottom())
        used.closeSubpath()
        p.setClipRect(r)  # samples after the last rrweb event stay inside the plot
        p.fillPath(used, QColor(122, 162, 247, 90))
        p.setPen(QPen(QColor("#7aa2f7"), 1.5))
        p.drawPath(used)
        p.setPen(QPen(QColor(THEME["dim"]), 1.2, Qt.PenStyle.DashLine))
        p.drawPath(total)
        p.setClipping(False)
        last = self.samples[-1]
        p.setPen(QColor(THEME["text"]))
        p.drawText(QRectF(r.left(), 2, r.width(), 16),
                   Qt.AlignmentFlag.AlignLeft,
                   f"JS heap used {last.used_bytes / MB:.1f} MB of {last.total_bytes / MB:.1f} "
                   f"MB (limit {last.limit_bytes / MB:.0f} MB) · dashed: total heap")
        if self.time_ms is not None:
            x = self.x_of(self.time_ms)
            p.setPen(QPen(QColor(THEME["playhead"]), 1.2))
            p.drawLine(QPointF(x, r.top()), QPointF(x, r.bottom()))
        p.end()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        r = self.plot_rect()
        x = event.position().x()
        if event.button() == Qt.MouseButton.LeftButton and r.left() <= x <= r.right():
            t = self.replay.start_ms + (x - r.left()) / r.width() * self.replay.duration_ms
            self.seek_requested.emit(float(t))


class MemoryVitalsPanel(Panel):
    """The heap chart above a table of web vitals (value, rating, time)."""

    def __init__(self, replay: Replay, parent: QWidget | None = None) -> None:
        super().__init__(replay, parent)
        self.chart = MemoryChart(replay, self)
        self.chart.seek_requested.connect(self.seek_requested)
        start = replay.start_ms
        self.vitals = [f for f in replay.frames if isinstance(f, WebVitalFrame)]
        self.model = FrameTableModel([
            Column("Vital", lambda f: vital_label(f.name), tooltip=lambda f: f.name),
            Column("Value", lambda f: format_vital(f.name, f.value), align_right=True),
            Column("Rating", vital_rating,
                   color=lambda f: RATING_COLORS.get(vital_rating(f))),
            Column("Time", lambda f: clock(f.ts_ms - start)),
        ], self)
        self.model.set_rows(self.vitals)
        self.table = FrameTable(self.model, self, "No web vitals recorded")
        for column, width in enumerate((80, 90, 140)):
            self.table.setColumnWidth(column, width)
        self.table.clicked.connect(self._row_clicked)
        title = QLabel("Web vitals" if self.vitals else "Web vitals: none recorded", self)
        self.layout_.addWidget(self.chart, 3)
        self.layout_.addWidget(title)
        self.layout_.addWidget(self.table, 2)

    def _row_clicked(self, index: QModelIndex) -> None:
        frame = index.data(FRAME_ROLE)
        if frame is not None:
            self.frame_activated.emit(frame)
            self.seek_requested.emit(float(frame.ts_ms))

    @Slot(float)
    def set_time(self, epoch_ms: float) -> None:
        super().set_time(epoch_ms)
        self.chart.time_ms = float(epoch_ms)
        self.chart.update()

    @Slot(object)
    def select_frame(self, frame: Any) -> None:
        self.table.show_frame(frame)

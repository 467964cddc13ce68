"""A delegate painting a request's or span's bar on the replay's time axis (waterfall column)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from viewer.ui.panels.table import FRAME_ROLE

#: (start ms, end ms, colour hex[, range start, range end]) of a row's object, or None; a row
#: giving its own range is drawn on that scale (e.g. a span within its trace).
BarOf = Callable[[Any], "tuple[Any, ...] | None"]


class WaterfallDelegate(QStyledItemDelegate):
    """Draws each row's [start, end] as a bar scaled to [range_start, range_end]."""

    def __init__(self, range_start: float, range_end: float, bar_of: BarOf,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.range_start = range_start
        self.range_end = max(range_end, range_start + 1.0)
        self.bar_of = bar_of
        self.time_ms: float | None = None

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        widget = option.widget
        style = widget.style() if widget is not None else None
        if style is not None:  # background, selection, current-row shading
            opt = QStyleOptionViewItem(option)
            self.initStyleOption(opt, index)
            opt.text = ""
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        bar = self.bar_of(index.data(FRAME_ROLE))
        rect = QRectF(option.rect).adjusted(4, 5, -4, -5)
        lo, hi = (bar[3], bar[4]) if bar is not None and len(bar) == 5 else (
            self.range_start, self.range_end)
        span = max(hi - lo, 1.0)
        painter.save()
        if self.time_ms is not None and lo <= self.time_ms <= hi:
            x = rect.left() + (self.time_ms - lo) / span * rect.width()
            painter.setPen(QColor(245, 245, 245, 90))
            painter.drawLine(QRectF(x, rect.top() - 5, 0, rect.height() + 10).topLeft(),
                             QRectF(x, rect.top() - 5, 0, rect.height() + 10).bottomLeft())
        if bar is not None:
            start, end, hex_code = bar[:3]
            x1 = rect.left() + (start - lo) / span * rect.width()
            x2 = rect.left() + (end - lo) / span * rect.width()
            x2 = max(x2, x1 + 2.0)
            x1, x2 = max(x1, rect.left()), min(x2, rect.right())
            if x2 > x1:  # a bar outside the range is not drawn
                painter.fillRect(QRectF(x1, rect.top(), x2 - x1, rect.height()),
                                 QColor(hex_code))
        painter.restore()

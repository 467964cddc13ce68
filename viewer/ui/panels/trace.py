"""Trace panel: the spans of linked traces as a waterfall tree; click a span to seek."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem, QWidget

from viewer.model.frames import TraceSpan
from viewer.model.replay import Replay
from viewer.model.summary import clock
from viewer.present.queries import contains
from viewer.present.trace_tree import SpanNode, TraceGroup, group_traces, walk
from viewer.timeline.lanes import COLORS
from viewer.ui.panels.base import FilterBar, Panel
from viewer.ui.panels.table import FRAME_ROLE
from viewer.ui.panels.waterfall import WaterfallDelegate

WATERFALL_COLUMN = 3


def group_matches(group: TraceGroup, search: str) -> bool:
    return contains(group.trace_id, search) or any(
        contains(f"{n.span.op} {n.span.name}", search) for n in walk(group.roots))


class TracePanel(Panel):
    """Transactions and spans of the traces linked to the replay, grouped by trace."""

    def __init__(self, replay: Replay, parent: QWidget | None = None) -> None:
        super().__init__(replay, parent)
        self.groups = group_traces(replay.traces)
        self.filters = FilterBar("Search spans, ops, trace ids", follow=False, parent=self)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Span", "Duration", "Start",
                                   "Waterfall (traces: in the replay · spans: in their trace)"])
        self.tree.setColumnWidth(0, 380)
        self.tree.setColumnWidth(1, 80)
        self.tree.setColumnWidth(2, 80)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.ranges = {g.trace_id: (g.start_ms, g.end_ms) for g in self.groups}
        self.waterfall = WaterfallDelegate(replay.start_ms, replay.end_ms, self.bar_of,
                                           self.tree)
        self.tree.setItemDelegateForColumn(WATERFALL_COLUMN, self.waterfall)
        self.layout_.addWidget(self.filters)
        self.layout_.addWidget(self.tree, 1)
        self.items: dict[int, QTreeWidgetItem] = {}
        self.filters.search.textChanged.connect(self.refilter)
        self.tree.itemClicked.connect(self._item_clicked)
        self.refilter()

    def bar_of(self, obj: Any) -> tuple[Any, ...] | None:
        """A trace on the replay's scale; a span on its trace's scale."""
        if isinstance(obj, TraceSpan):
            failed = obj.status not in ("", "ok", "unset")
            lo, hi = self.ranges.get(obj.trace_id, (obj.ts_ms, obj.end_ms))
            return obj.ts_ms, obj.end_ms, COLORS["trace-error" if failed else "trace"], lo, hi
        if isinstance(obj, TraceGroup):
            return obj.start_ms, obj.end_ms, "#7a5fb0"
        return None

    def refilter(self) -> None:
        self.tree.clear()
        self.items.clear()
        search = self.filters.search.text()
        for group in self.groups:
            if not group_matches(group, search):
                continue
            top = self._item(None, group, f"trace {group.trace_id[:8]}  {group.title}",
                             group.start_ms, group.end_ms)
            if group.failed:
                top.setForeground(0, QColor(COLORS["error"]))
            for node in group.roots:
                self._add_node(top, node)
            top.setExpanded(len(self.groups) <= 3 or top is self.tree.topLevelItem(0))

    def _add_node(self, parent: QTreeWidgetItem, node: SpanNode) -> None:
        span = node.span
        item = self._item(parent, span, f"{span.op}  {span.name}", span.ts_ms, span.end_ms)
        self.items[id(span)] = item
        if span.status not in ("", "ok", "unset"):
            item.setForeground(0, QColor(COLORS["error"]))
        for child in node.children:
            self._add_node(item, child)

    def _item(self, parent: QTreeWidgetItem | None, obj: Any, text: str, start: float,
              end: float) -> QTreeWidgetItem:
        cells = [text, f"{end - start:.0f} ms", clock(start - self.replay.start_ms), ""]
        item = QTreeWidgetItem(cells) if parent is None else QTreeWidgetItem(parent, cells)
        if parent is None:
            self.tree.addTopLevelItem(item)
        item.setToolTip(0, text)
        for column in range(4):
            item.setData(column, FRAME_ROLE, obj)
        return item

    def _item_clicked(self, item: QTreeWidgetItem, column: int) -> None:
        obj = item.data(0, FRAME_ROLE)
        start = obj.ts_ms if isinstance(obj, TraceSpan) else getattr(obj, "start_ms", None)
        if isinstance(obj, TraceSpan):
            self.frame_activated.emit(obj)
        if start is not None:
            self.seek_requested.emit(float(start))

    @Slot(float)
    def set_time(self, epoch_ms: float) -> None:
        super().set_time(epoch_ms)
        self.waterfall.time_ms = float(epoch_ms)
        self.tree.viewport().update()

    @Slot(object)
    def select_frame(self, frame: Any) -> None:
        item = self.items.get(id(frame))
        if item is not None:
            self.tree.setCurrentItem(item)
            self.tree.scrollToItem(item)

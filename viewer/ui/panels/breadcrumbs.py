"""Breadcrumbs panel: every frame in time order, filter by kind, search, hover highlights nodes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QComboBox, QWidget

from viewer.model.frames import FRAME_KINDS, ConsoleFrame, Frame, NetworkFrame
from viewer.model.replay import Replay
from viewer.model.summary import clock
from viewer.ui.panels.base import FilterBar, TablePanel
from viewer.ui.panels.queries import (
    breadcrumb_frames,
    console_level,
    filter_frames,
    frame_description,
    kind_title,
    row_at_time,
)
from viewer.ui.panels.style import KIND_COLORS, LEVEL_COLORS, STATUS_COLORS
from viewer.ui.panels.table import FRAME_ROLE, Column, FrameTable, FrameTableModel

ALL_KINDS = "All kinds"
#: Frame kinds whose `node` can be highlighted in the replay.
NODE_KINDS = frozenset({"click", "dead-click", "rage-click", "slow-click", "multi-click",
                        "input", "keydown"})


def _kind_color(frame: Frame) -> str | None:
    if isinstance(frame, ConsoleFrame):
        return LEVEL_COLORS.get(console_level(frame))
    if isinstance(frame, NetworkFrame) and frame.status_class != "2xx":
        return STATUS_COLORS.get(frame.status_class)
    return KIND_COLORS.get(frame.kind)


def node_id_of(frame: Any) -> int | None:
    node = getattr(frame, "node", None)
    return node.node_id if node is not None and frame.kind in NODE_KINDS else None


class BreadcrumbsPanel(TablePanel):
    """Clicks, inputs, keys, navigation, console, network, errors, vitals… on one list."""

    def __init__(self, replay: Replay, parent: QWidget | None = None) -> None:
        super().__init__(replay, parent)
        self.all_frames = breadcrumb_frames(replay.frames)
        start = replay.start_ms
        self.model = FrameTableModel([
            Column("Time", lambda f: clock(f.ts_ms - start)),
            Column("Kind", kind_title, color=_kind_color),
            Column("Description", frame_description, tooltip=frame_description),
        ], self)
        self.filters = FilterBar("Search breadcrumbs", parent=self)
        self.kind_box = QComboBox(self)
        self.kind_box.addItem(ALL_KINDS, None)
        present = {f.kind for f in self.all_frames}
        for kind, title in FRAME_KINDS.items():
            if kind in present:
                self.kind_box.addItem(title, kind)
        self.filters.add(self.kind_box)
        self.model.dim_future = True
        self.table = FrameTable(self.model, self, "No breadcrumbs match")
        self.table.setColumnWidth(0, 80)
        self.table.setColumnWidth(1, 110)
        self.layout_.addWidget(self.filters)
        self.layout_.addWidget(self.table, 1)
        self.filters.search.textChanged.connect(self.refilter)
        self.kind_box.currentIndexChanged.connect(self.refilter)
        self.table.entered.connect(self._row_hovered)
        self._wire_table()
        self._hovered_node: int | None = None
        self._times: list[float] = []
        self.refilter()

    def set_kind(self, kind: str | None) -> None:
        """Show only frames of one kind (None: all)."""
        self.kind_box.setCurrentIndex(max(self.kind_box.findData(kind), 0))

    def refilter(self) -> None:
        kind = self.kind_box.currentData()
        self.model.set_rows(filter_frames(self.all_frames, {kind} if kind else None,
                                          self.filters.search.text()))
        self._times = [f.ts_ms for f in self.model.rows]
        self.follow_time()

    def current_row(self) -> int | None:
        return row_at_time(self._times, self.time_ms)

    def _row_hovered(self, index: QModelIndex) -> None:
        node_id = node_id_of(index.data(FRAME_ROLE))
        if node_id is not None and node_id != self._hovered_node:
            self._hovered_node = node_id
            self.highlight_node.emit(node_id)
        elif node_id is None:
            self._hovered_node = None

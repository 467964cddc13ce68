"""Breadcrumbs panel: every frame in time order, filter by kind, search, hover highlights nodes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QWidget

from viewer.model.frames import ConsoleFrame, Frame, NetworkFrame
from viewer.model.kinds import KINDS
from viewer.model.replay import Replay
from viewer.model.summary import clock
from viewer.present.queries import (
    breadcrumb_frames,
    console_level,
    filter_frames,
    frame_description,
    kind_title,
    row_at_time,
)
from viewer.ui.panels.base import FilterBar, TablePanel
from viewer.ui.panels.style import LEVEL_COLORS, STATUS_COLORS, kind_color
from viewer.ui.panels.table import Column, FrameTable, FrameTableModel

ALL_KINDS = "All kinds"
def _kind_color(frame: Frame) -> str | None:
    if isinstance(frame, ConsoleFrame):
        return LEVEL_COLORS.get(console_level(frame))
    if isinstance(frame, NetworkFrame) and frame.status_class != "2xx":
        return STATUS_COLORS.get(frame.status_class)
    return kind_color(frame.kind)


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
        for kind, info in KINDS.items():
            if kind in present:
                self.kind_box.addItem(info.title, kind)
                self.kind_box.setItemData(self.kind_box.count() - 1, info.description,
                                          Qt.ItemDataRole.ToolTipRole)
        self.filters.add(self.kind_box)
        self.model.dim_future = True
        self.table = FrameTable(self.model, self, "No breadcrumbs match the filters")
        self.none_text = "No breadcrumbs in this recording"
        self.table.setColumnWidth(0, 80)
        self.table.setColumnWidth(1, 110)
        self.layout_.addWidget(self.filters)
        self.layout_.addWidget(self.table, 1)
        self.filters.search.textChanged.connect(self.refilter)
        self.kind_box.currentIndexChanged.connect(self.refilter)
        self._wire_table(highlight_nodes=True)
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

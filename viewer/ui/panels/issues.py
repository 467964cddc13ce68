"""Replay issues panel: rage, dead and slow clicks and hydration errors, each a click away; a
hydration error offers the DOM diff around it ("Show DOM diff", also on the row's menu)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from viewer.model.replay import Replay
from viewer.model.summary import clock
from viewer.present.queries import (
    contains,
    issue_detail,
    issue_frames,
    issue_target,
    kind_title,
    row_at_time,
)
from viewer.ui.panels.base import FilterBar, TablePanel
from viewer.ui.panels.style import kind_color
from viewer.ui.panels.table import FRAME_ROLE, Column, FrameTable, FrameTableModel

HYDRATION = "hydrate-error"


class IssuesPanel(TablePanel):
    """The moments Sentry flags as user frustration or broken rendering.

    `hydration_diff_requested(epoch_ms)`: the user asked for the DOM diff around the
    hydration error at that moment.
    """

    hydration_diff_requested = Signal(float)

    def __init__(self, replay: Replay, parent: QWidget | None = None) -> None:
        super().__init__(replay, parent)
        self.all_frames = issue_frames(replay.frames)
        start = replay.start_ms
        self.model = FrameTableModel([
            Column("Time", lambda f: clock(f.ts_ms - start)),
            Column("Issue", kind_title, color=lambda f: kind_color(f.kind)),
            Column("Target", issue_target, tooltip=lambda f: getattr(f, "selector", "")),
            Column("Detail", issue_detail),
        ], self)
        self.model.dim_future = True
        self.filters = FilterBar("Search issues", parent=self)
        self.table = FrameTable(self.model, self, "No issues match the search")
        self.none_text = "No rage, dead or slow clicks and no hydration errors"
        for column, width in enumerate((80, 100, 300)):
            self.table.setColumnWidth(column, width)
        self.layout_.addWidget(self.filters)
        self.layout_.addWidget(self.table, 1)
        self.filters.search.textChanged.connect(self.refilter)
        self._wire_table(highlight_nodes=True)
        self.diff_button = QPushButton("Show DOM diff", self)
        self.diff_button.setToolTip("The page before and after the selected hydration error, "
                                    "in the Diff panel")
        self.diff_button.setEnabled(False)
        self.diff_button.clicked.connect(self._diff_chosen)
        self.filters.add(self.diff_button)
        self.table.selectionModel().currentChanged.connect(lambda *_: self._update_button())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self._times: list[float] = []
        self.refilter()

    @property
    def count(self) -> int:
        return len(self.all_frames)

    def refilter(self) -> None:
        search = self.filters.search.text()
        self.model.set_rows([f for f in self.all_frames if contains(
            f"{kind_title(f)} {issue_target(f)} {issue_detail(f)}", search)])
        self._times = [f.ts_ms for f in self.model.rows]
        self.follow_time()

    def current_row(self) -> int | None:
        return row_at_time(self._times, self.time_ms)

    def chosen_frame(self) -> Any:
        """The frame of the table's current row, or None."""
        index = self.table.currentIndex()
        return index.data(FRAME_ROLE) if index.isValid() else None

    def _update_button(self) -> None:
        frame = self.chosen_frame()
        self.diff_button.setEnabled(frame is not None and frame.kind == HYDRATION)

    def _diff_chosen(self) -> None:
        frame = self.chosen_frame()
        if frame is not None and frame.kind == HYDRATION:
            self.hydration_diff_requested.emit(float(frame.ts_ms))

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        frame = index.data(FRAME_ROLE) if index.isValid() else None
        if frame is None or frame.kind != HYDRATION:
            return
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        action = menu.addAction("Show DOM diff")
        action.triggered.connect(lambda: self.hydration_diff_requested.emit(float(frame.ts_ms)))
        menu.popup(self.table.viewport().mapToGlobal(pos))

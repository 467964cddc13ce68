"""Replay issues panel: rage, dead and slow clicks and hydration errors, each a click away."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

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
from viewer.ui.panels.table import Column, FrameTable, FrameTableModel


class IssuesPanel(TablePanel):
    """The moments Sentry flags as user frustration or broken rendering."""

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

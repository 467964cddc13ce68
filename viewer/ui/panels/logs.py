"""Logs panel: Sentry structured logs linked to the replay, with level filter and search."""

from __future__ import annotations

from typing import Any

import orjson
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit, QSplitter, QToolButton, QWidget

from viewer.model.frames import LogFrame
from viewer.model.replay import Replay
from viewer.model.summary import clock
from viewer.ui.panels.base import FilterBar, TablePanel
from viewer.ui.panels.console import level_button_style
from viewer.ui.panels.queries import contains, row_at_time
from viewer.ui.panels.style import LEVEL_COLORS, mono_font
from viewer.ui.panels.table import Column, FrameTable, FrameTableModel

#: Sentry log levels, most severe first, mapped onto the console palette.
LOG_LEVELS = ("fatal", "error", "warn", "info", "debug", "trace")
_PALETTE = {"fatal": "error", "error": "error", "warn": "warn", "info": "info",
            "debug": "debug", "trace": "debug"}


def log_level(frame: LogFrame) -> str:
    level = {"warning": "warn"}.get(frame.level.lower(), frame.level.lower())
    return level if level in LOG_LEVELS else "info"


def filter_logs(frames: list[LogFrame], levels: set[str], search: str) -> list[LogFrame]:
    """Logs of the chosen levels whose body or attributes contain `search`."""
    return [f for f in frames if log_level(f) in levels
            and (contains(f.body, search) or any(contains(str(v), search)
                                                 for v in f.attributes.values()))]


def log_details(frame: LogFrame) -> str:
    attrs = orjson.dumps(frame.attributes, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
    trace = f"trace {frame.trace_id}\n" if frame.trace_id else ""
    return f"{frame.body}\n\n{trace}{attrs.decode()}"


def _color(frame: LogFrame) -> str:
    return LEVEL_COLORS[_PALETTE[log_level(frame)]]


class LogsPanel(TablePanel):
    """Structured logs (`Sentry.logger.*`) sent beside the replay; click a row to seek."""

    def __init__(self, replay: Replay, parent: QWidget | None = None) -> None:
        super().__init__(replay, parent)
        self.all_frames = list(replay.logs)
        start = replay.start_ms
        self.model = FrameTableModel([
            Column("Time", lambda f: clock(f.ts_ms - start)),
            Column("Level", log_level, color=_color),
            Column("Message", lambda f: f.body, color=_color, tooltip=lambda f: f.body),
        ], self)
        self.filters = FilterBar("Search logs and attributes", parent=self)
        self.level_buttons: dict[str, QToolButton] = {}
        for level in LOG_LEVELS:
            count = sum(1 for f in self.all_frames if log_level(f) == level)
            button = QToolButton(self)
            button.setText(f"{level} {count}")
            button.setCheckable(True)
            button.setChecked(True)
            button.setStyleSheet(level_button_style(LEVEL_COLORS[_PALETTE[level]] or "#7aa2f7"))
            button.toggled.connect(self.refilter)
            self.level_buttons[level] = button
            self.filters.add(button)
        self.model.dim_future = True
        self.table = FrameTable(self.model, self, "No logs match the filters")
        self.none_text = "No Sentry logs linked to this replay"
        self.table.setColumnWidth(0, 80)
        self.table.setColumnWidth(1, 56)
        self.table.setFont(mono_font(9))
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setFont(mono_font(9))
        self.details.setPlaceholderText("Click a log to see its attributes")
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setSizes([300, 90])
        self.layout_.addWidget(self.filters)
        self.layout_.addWidget(split, 1)
        self.filters.search.textChanged.connect(self.refilter)
        self._wire_table()
        self._times: list[float] = []
        self.refilter()

    def refilter(self) -> None:
        levels = {lv for lv, b in self.level_buttons.items() if b.isChecked()}
        self.model.set_rows(filter_logs(self.all_frames, levels, self.filters.search.text()))
        self._times = [f.ts_ms for f in self.model.rows]
        self.follow_time()

    def current_row(self) -> int | None:
        return row_at_time(self._times, self.time_ms)

    def on_frame_clicked(self, frame: Any) -> None:
        self.details.setPlainText(log_details(frame))

    def select_frame(self, frame: Any) -> None:
        if self.table.show_frame(frame):
            self.details.setPlainText(log_details(frame))

"""Console panel: console messages with level filter, search and their arguments."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit, QSplitter, QToolButton, QWidget

from viewer.model.frames import ConsoleFrame
from viewer.model.replay import Replay
from viewer.model.summary import clock
from viewer.ui.panels.base import FilterBar, TablePanel
from viewer.ui.panels.network_text import pretty_body
from viewer.ui.panels.queries import (
    CONSOLE_LEVELS,
    console_level,
    console_text,
    filter_console,
    row_at_time,
)
from viewer.ui.panels.style import LEVEL_COLORS, mono_font
from viewer.ui.panels.table import Column, FrameTable, FrameTableModel


def _level_color(frame: ConsoleFrame) -> str:
    return LEVEL_COLORS[console_level(frame)]


def level_button_style(hex_code: str) -> str:
    """A toggle that reads as on (coloured outline) or off (dim), in any palette."""
    return (
        "QToolButton { border: 1px solid #3b4261; border-radius: 3px; padding: 1px 8px;"
        " color: #565f89; background: transparent; }"
        f" QToolButton:checked {{ border-color: {hex_code}; color: {hex_code};"
        " background: rgba(122, 162, 247, 0.10); }"
    )


def arguments_text(frame: ConsoleFrame) -> str:
    """Every argument on its own, objects pretty-printed (the details under the table)."""
    if not frame.arguments:
        return frame.message
    parts = [pretty_body(a) if not isinstance(a, str) else a for a in frame.arguments]
    note = "\n\n(arguments truncated by the SDK)" if frame.truncated else ""
    return "\n".join(parts) + note


class ConsolePanel(TablePanel):
    """console.* calls recorded by the SDK; click a row to seek and see its arguments."""

    def __init__(self, replay: Replay, parent: QWidget | None = None) -> None:
        super().__init__(replay, parent)
        self.all_frames: list[ConsoleFrame] = [
            f for f in replay.frames if isinstance(f, ConsoleFrame)]
        start = replay.start_ms
        self.model = FrameTableModel([
            Column("Time", lambda f: clock(f.ts_ms - start)),
            Column("Level", console_level, color=_level_color),
            Column("Message", console_text, color=_level_color, tooltip=console_text),
        ], self)
        self.filters = FilterBar("Search console", parent=self)
        self.level_buttons: dict[str, QToolButton] = {}
        counts = {level: 0 for level in CONSOLE_LEVELS}
        for f in self.all_frames:
            counts[console_level(f)] += 1
        for level in CONSOLE_LEVELS:
            button = QToolButton(self)
            button.setText(f"{level} {counts[level]}")
            button.setCheckable(True)
            button.setChecked(True)
            button.setStyleSheet(level_button_style(LEVEL_COLORS[level] or "#7aa2f7"))
            button.setToolTip(f"Show {level} messages")
            button.toggled.connect(self.refilter)
            self.level_buttons[level] = button
            self.filters.add(button)
        self.model.dim_future = True
        self.table = FrameTable(self.model, self, "No console messages match the filters")
        self.none_text = "No console messages in this recording"
        self.table.setColumnWidth(0, 80)
        self.table.setColumnWidth(1, 56)
        self.table.setFont(mono_font(9))
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setFont(mono_font(9))
        self.details.setPlaceholderText("Click a message to see its arguments")
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

    def set_levels(self, levels: set[str]) -> None:
        for level, button in self.level_buttons.items():
            button.setChecked(level in levels)

    def refilter(self) -> None:
        levels = {lv for lv, b in self.level_buttons.items() if b.isChecked()}
        self.model.set_rows(filter_console(self.all_frames, levels, self.filters.search.text()))
        self._times = [f.ts_ms for f in self.model.rows]
        self.follow_time()

    def current_row(self) -> int | None:
        return row_at_time(self._times, self.time_ms)

    def on_frame_clicked(self, frame: Any) -> None:
        self.details.setPlainText(arguments_text(frame))

    def select_frame(self, frame: Any) -> None:
        if self.table.show_frame(frame):
            self.details.setPlainText(arguments_text(frame))

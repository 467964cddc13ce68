"""Console panel: console messages with level filter, search and their arguments."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit, QSplitter, QToolButton, QWidget

from viewer.model.frames import ConsoleFrame
from viewer.model.replay import Replay
from viewer.model.summary import clock
from viewer.present.network_text import pretty_body
from viewer.present.queries import (
    CONSOLE_LEVELS,
    console_level,
    console_text,
    filter_console,
    row_at_time,
)
from viewer.ui.panels.base import FilterBar, TablePanel
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


class LevelTablePanel(TablePanel):
    """A table of leveled messages (console, logs): a toggle per level, search, and the
    details of the clicked row under the table. Subclasses say how to read their frames."""

    LEVELS: tuple[str, ...] = ()
    SEARCH = "Search"
    NO_MATCH = "No messages match the filters"
    NONE = "No messages in this recording"
    DETAILS_HINT = "Click a row to see its details"

    def __init__(self, replay: Replay, frames: list[Any], columns: list[Column],
                 parent: QWidget | None = None) -> None:
        super().__init__(replay, parent)
        self.all_frames = frames
        self.model = FrameTableModel(columns, self)
        self.filters = FilterBar(self.SEARCH, parent=self)
        self.level_buttons: dict[str, QToolButton] = {}
        for level in self.LEVELS:
            count = sum(1 for f in frames if self.level_of(f) == level)
            button = QToolButton(self)
            button.setText(f"{level} {count}")
            button.setCheckable(True)
            button.setChecked(True)
            button.setStyleSheet(level_button_style(self.level_color(level) or "#7aa2f7"))
            button.setToolTip(f"Show {level} messages")
            button.toggled.connect(self.refilter)
            self.level_buttons[level] = button
            self.filters.add(button)
        self.model.dim_future = True
        self.table = FrameTable(self.model, self, self.NO_MATCH)
        self.none_text = self.NONE
        self.table.setColumnWidth(0, 80)
        self.table.setColumnWidth(1, 56)
        self.table.setFont(mono_font(9))
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setFont(mono_font(9))
        self.details.setPlaceholderText(self.DETAILS_HINT)
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

    # -- what subclasses define ------------------------------------------------------------
    def level_of(self, frame: Any) -> str:
        raise NotImplementedError

    def level_color(self, level: str) -> str:
        return LEVEL_COLORS.get(level, "")

    def matching(self, levels: set[str], search: str) -> list[Any]:
        raise NotImplementedError

    def details_text(self, frame: Any) -> str:
        raise NotImplementedError

    # -- behaviour -------------------------------------------------------------------------
    def set_levels(self, levels: set[str]) -> None:
        for level, button in self.level_buttons.items():
            button.setChecked(level in levels)

    def refilter(self) -> None:
        levels = {lv for lv, b in self.level_buttons.items() if b.isChecked()}
        self.model.set_rows(self.matching(levels, self.filters.search.text()))
        self._times = [f.ts_ms for f in self.model.rows]
        self.follow_time()

    def current_row(self) -> int | None:
        return row_at_time(self._times, self.time_ms)

    def on_frame_clicked(self, frame: Any) -> None:
        self.details.setPlainText(self.details_text(frame))

    def select_frame(self, frame: Any) -> None:
        if self.table.show_frame(frame):
            self.details.setPlainText(self.details_text(frame))


class ConsolePanel(LevelTablePanel):
    """console.* calls recorded by the SDK; click a row to seek and see its arguments."""

    LEVELS = CONSOLE_LEVELS
    SEARCH = "Search console"
    NO_MATCH = "No console messages match the filters"
    NONE = "No console messages in this recording"
    DETAILS_HINT = "Click a message to see its arguments"

    def __init__(self, replay: Replay, parent: QWidget | None = None) -> None:
        start = replay.start_ms
        super().__init__(replay, [f for f in replay.frames if isinstance(f, ConsoleFrame)], [
            Column("Time", lambda f: clock(f.ts_ms - start)),
            Column("Level", console_level, color=_level_color),
            Column("Message", console_text, color=_level_color, tooltip=console_text),
        ], parent)

    def level_of(self, frame: Any) -> str:
        return console_level(frame)

    def matching(self, levels: set[str], search: str) -> list[Any]:
        return filter_console(self.all_frames, levels, search)

    def details_text(self, frame: Any) -> str:
        return arguments_text(frame)

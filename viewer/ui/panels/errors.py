"""Errors panel: linked error events and error ids without one, with message and stack."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit, QSplitter, QWidget

from viewer.model.frames import ErrorFrame
from viewer.model.replay import Replay
from viewer.model.summary import clock
from viewer.model.timeparse import clamp_to_replay
from viewer.present.error_text import error_details, error_note, filter_errors
from viewer.ui.panels.base import FilterBar, TablePanel
from viewer.ui.panels.style import LEVEL_COLORS, mono_font
from viewer.ui.panels.table import Column, FrameTable, FrameTableModel


class ErrorsPanel(TablePanel):
    """Every error linked to the replay; click one to jump to its moment."""

    def __init__(self, replay: Replay, parent: QWidget | None = None) -> None:
        super().__init__(replay, parent)
        self.all_frames = sorted(replay.errors, key=lambda f: f.ts_ms)
        start = replay.start_ms
        self.model = FrameTableModel([
            Column("Time", lambda f: clock(f.ts_ms - start)),
            Column("Error", lambda f: f.error_title or f.message or "(no event)",
                   color=lambda f: LEVEL_COLORS["error"] if f.has_event else None,
                   tooltip=lambda f: f.message),
            Column("Event id", lambda f: f.event_id[:12]),
            Column("Note", error_note, color=lambda f: LEVEL_COLORS["warn"]),
        ], self)
        self.filters = FilterBar("Search errors, ids", follow=False, parent=self)
        self.table = FrameTable(self.model, self, "No errors match the search")
        self.none_text = "No errors are linked to this replay"
        for column, width in enumerate((80, 420, 110)):
            self.table.setColumnWidth(column, width)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setFont(mono_font(9))
        self.details.setPlaceholderText("Click an error to see its message and stack")
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setSizes([160, 240])
        self.layout_.addWidget(self.filters)
        self.layout_.addWidget(split, 1)
        self.filters.search.textChanged.connect(self.refilter)
        self._wire_table()
        self.refilter()
        if self.all_frames:
            self.details.setPlainText(error_details(self.all_frames[0], start))
        else:
            self.details.setPlaceholderText(
                "The replay lists no error ids and no error events were given "
                "(pass them with --events FILE or put them beside the recording)")

    @property
    def count(self) -> int:
        return len(self.all_frames)

    def refilter(self) -> None:
        self.model.set_rows(filter_errors(self.all_frames, self.filters.search.text()))
        self.follow_time()

    def seek_time(self, frame: Any) -> float:
        """The error's moment, moved inside the recording when it lies outside."""
        return clamp_to_replay(self.replay, frame.ts_ms)

    def on_frame_clicked(self, frame: Any) -> None:
        self.details.setPlainText(error_details(frame, self.replay.start_ms))

    def select_frame(self, frame: Any) -> None:
        if isinstance(frame, ErrorFrame) and self.table.show_frame(frame):
            self.details.setPlainText(error_details(frame, self.replay.start_ms))

"""Logs panel: Sentry structured logs linked to the replay, with level filter and search."""

from __future__ import annotations

from typing import Any

import orjson
from PySide6.QtWidgets import QWidget

from viewer.model.frames import LogFrame
from viewer.model.replay import Replay
from viewer.model.summary import clock
from viewer.present.queries import contains
from viewer.ui.panels.console import LevelTablePanel
from viewer.ui.panels.style import LEVEL_COLORS
from viewer.ui.panels.table import Column

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


class LogsPanel(LevelTablePanel):
    """Structured logs (`Sentry.logger.*`) sent beside the replay; click a row to seek."""

    LEVELS = LOG_LEVELS
    SEARCH = "Search logs and attributes"
    NO_MATCH = "No logs match the filters"
    NONE = "No Sentry logs linked to this replay"
    DETAILS_HINT = "Click a log to see its attributes"

    def __init__(self, replay: Replay, parent: QWidget | None = None) -> None:
        start = replay.start_ms
        super().__init__(replay, list(replay.logs), [
            Column("Time", lambda f: clock(f.ts_ms - start)),
            Column("Level", log_level, color=_color),
            Column("Message", lambda f: f.body, color=_color, tooltip=lambda f: f.body),
        ], parent)

    def level_of(self, frame: Any) -> str:
        return log_level(frame)

    def level_color(self, level: str) -> str:
        return LEVEL_COLORS[_PALETTE[level]]

    def matching(self, levels: set[str], search: str) -> list[Any]:
        return filter_logs(self.all_frames, levels, search)

    def details_text(self, frame: Any) -> str:
        return log_details(frame)

"""What every panel shares: the seek/highlight signals, a filter bar and time following."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from viewer.model.replay import Replay
from viewer.present.queries import latest_row_at, node_id_of
from viewer.ui.panels.table import FRAME_ROLE, FrameTable


class Panel(QWidget):
    """Base of the panels: `seek_requested(epoch_ms)`, `highlight_node(node_id)` and
    `frame_activated(frame)` (a row was clicked) signals, `highlight_cleared()` when the
    pointer leaves a highlighting row; `set_time(epoch_ms)` and
    `select_frame(frame)` slots (no-ops unless a panel needs them)."""

    seek_requested = Signal(float)
    highlight_node = Signal(int)
    highlight_cleared = Signal()
    frame_activated = Signal(object)

    def __init__(self, replay: Replay, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.replay = replay
        self.time_ms = replay.start_ms
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(4, 4, 4, 4)
        self.layout_.setSpacing(4)

    @Slot(float)
    def set_time(self, epoch_ms: float) -> None:
        self.time_ms = float(epoch_ms)

    @Slot(object)
    def select_frame(self, frame: Any) -> None:
        """Show a frame selected elsewhere (the timeline); emits nothing."""


class FilterBar(QWidget):
    """A row of filter controls with a search box and a "follow playhead" toggle."""

    def __init__(self, placeholder: str, follow: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(6)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(placeholder)
        self.search.setClearButtonEnabled(True)
        self.row.addWidget(self.search, 1)
        self.follow = QCheckBox("Follow playhead", self)
        self.follow.setChecked(True)
        self.follow.setVisible(follow)
        self.row.addWidget(self.follow)

    def add(self, widget: QWidget) -> None:
        self.row.insertWidget(self.row.count() - 1, widget)


class TablePanel(Panel):
    """A panel whose main view is a FrameTable: clicking a row seeks to its frame."""

    table: FrameTable
    filters: FilterBar

    def _wire_table(self, highlight_nodes: bool = False) -> None:
        self.table.clicked.connect(self._row_clicked)
        self._hovered_node: int | None = None
        if highlight_nodes:
            self.table.entered.connect(self._row_hovered)
            self.table.viewportEntered.connect(self._clear_highlight)
            self.table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Leave and watched is self.table.viewport():
            self._clear_highlight()
        return super().eventFilter(watched, event)

    def _row_hovered(self, index: QModelIndex) -> None:
        """Hovering a click/input row highlights its node in the replay."""
        node_id = node_id_of(index.data(FRAME_ROLE))
        if node_id is None:
            self._clear_highlight()
        elif node_id != self._hovered_node:
            self._hovered_node = node_id
            self.highlight_node.emit(node_id)

    def _clear_highlight(self) -> None:
        if self._hovered_node is not None:
            self._hovered_node = None
            self.highlight_cleared.emit()

    def _row_clicked(self, index: QModelIndex) -> None:
        frame = index.data(FRAME_ROLE)
        if frame is not None:
            self.on_frame_clicked(frame)
            self.frame_activated.emit(frame)
            self.seek_requested.emit(float(self.seek_time(frame)))

    def on_frame_clicked(self, frame: Any) -> None:
        """Hook: a row was clicked (before the seek is requested)."""

    def seek_time(self, frame: Any) -> float:
        return float(frame.ts_ms)

    @Slot(float)
    def set_time(self, epoch_ms: float) -> None:
        super().set_time(epoch_ms)
        self.follow_time()

    def follow_time(self) -> None:
        """Shade the playhead's row and keep it in sight (when following)."""
        if not getattr(self, "all_frames", True):  # nothing at all, not just filtered out
            self.table.empty_text = getattr(self, "none_text", self.table.empty_text)
        model = self.table.frame_model()
        row = self.current_row()
        model.set_current_row(row)
        if row is not None and self.filters.follow.isChecked() and not self.table.underMouse():
            index = model.index(row, 0)
            rect = self.table.visualRect(index)
            if not self.table.viewport().rect().contains(rect):
                self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def current_row(self) -> int | None:
        return latest_row_at(self.table.frame_model().rows, self.time_ms)

    @Slot(object)
    def select_frame(self, frame: Any) -> None:
        self.table.show_frame(frame)

"""A table model over a list of frames, described by columns, and the table view panels use."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from viewer.present.queries import sort_rows
from viewer.ui.panels.style import CURRENT_ROW

Index = QModelIndex | QPersistentModelIndex
#: The role under which a row's frame is returned.
FRAME_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Column:
    """One column: its title, cell text and optional sort key, colour, tooltip, alignment."""

    title: str
    text: Callable[[Any], str]
    sort_key: Callable[[Any], Any] | None = None
    color: Callable[[Any], str | None] | None = None
    tooltip: Callable[[Any], str] | None = None
    align_right: bool = False


class FrameTableModel(QAbstractTableModel):
    """Rows are frames (any objects); `current_row` is shaded (the playhead's row)."""

    def __init__(self, columns: Sequence[Column], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Any] = []
        self.current_row: int | None = None
        #: Rows are in time order: draw those after the current row dimmed (not happened yet).
        self.dim_future = False
        self._sort: tuple[int, bool] | None = None

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        if self._sort is not None:
            self.rows = self._sorted(self.rows, *self._sort)
        self.current_row = None
        self.endResetModel()

    def set_current_row(self, row: int | None) -> None:
        """Shade the playhead's row; with `dim_future`, rows after it are drawn dimmed."""
        if row == self.current_row:
            return
        old, self.current_row = self.current_row, row
        marks = [r for r in (old, row) if r is not None and 0 <= r < len(self.rows)]
        if not marks:
            return
        first, last = min(marks), max(marks)
        if self.dim_future:
            first, last = (0 if None in (old, row) else first), (
                len(self.rows) - 1 if None in (old, row) else last)
        self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.columns) - 1),
                              [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole])

    def row_of(self, frame: Any) -> int | None:
        return next((i for i, f in enumerate(self.rows) if f is frame), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.columns)):
            return self.columns[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        frame, column = self.rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(frame)
        if role == FRAME_ROLE:
            return frame
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(frame)
        if role == Qt.ItemDataRole.ForegroundRole:
            hex_code = column.color(frame) if column.color is not None else None
            if self.dim_future and self._is_future(index.row()):
                dim = QColor(hex_code) if hex_code else QGuiApplication.palette().color(
                    QPalette.ColorRole.Text)
                dim.setAlphaF(0.45)
                return dim
            return QColor(hex_code) if hex_code else None
        if role == Qt.ItemDataRole.BackgroundRole and index.row() == self.current_row:
            return CURRENT_ROW
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _is_future(self, row: int) -> bool:
        return self.current_row is None or row > self.current_row

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not (0 <= column < len(self.columns)) or self.columns[column].sort_key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self.layoutAboutToBeChanged.emit()
        current = self.rows[self.current_row] if self.current_row is not None else None
        self._sort = (column, descending)
        self.rows = self._sorted(self.rows, column, descending)
        self.current_row = self.row_of(current) if current is not None else None
        self.layoutChanged.emit()

    def _sorted(self, rows: list[Any], column: int, descending: bool) -> list[Any]:
        key = self.columns[column].sort_key
        return sort_rows(rows, key, descending) if key is not None else rows


class FrameTable(QTableView):
    """A compact, row-selecting table for frames; the last column stretches."""

    def __init__(self, model: FrameTableModel, parent: QWidget | None = None,
                 empty_text: str = "Nothing to show") -> None:
        super().__init__(parent)
        self.empty_text = empty_text
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.setMouseTracking(True)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(22)
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.model().rowCount() == 0 and self.empty_text:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.viewport().rect(), Qt.AlignmentFlag.AlignCenter,
                             self.empty_text)
            painter.end()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter on the current row acts like clicking it (seek there)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.clicked.emit(self.currentIndex())
            return
        super().keyPressEvent(event)

    def frame_model(self) -> FrameTableModel:
        model = self.model()
        assert isinstance(model, FrameTableModel)
        return model

    def show_frame(self, frame: Any, select: bool = True) -> bool:
        """Scroll to (and select) a frame's row; False when it is not listed."""
        row = self.frame_model().row_of(frame)
        if row is None:
            return False
        if select:
            self.selectRow(row)
        self.scrollTo(self.model().index(row, 0), QAbstractItemView.ScrollHint.EnsureVisible)
        return True

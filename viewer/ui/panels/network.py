"""Network panel: requests with filters, sorting, a waterfall, details and copy as cURL."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from viewer.model.frames import NetworkFrame
from viewer.model.replay import Replay
from viewer.model.summary import clock
from viewer.present.network_text import (
    body_warnings,
    curl_command,
    general_info,
    headers_text,
    page_url_at,
    pretty_body,
    query_params,
)
from viewer.present.queries import (
    NETWORK_SORT_KEYS,
    STATUS_CLASSES,
    filter_network,
    format_size,
    request_type,
    response_size,
    url_path,
)
from viewer.timeline.lanes import COLORS
from viewer.ui.panels.base import FilterBar, TablePanel
from viewer.ui.panels.style import STATUS_COLORS, mono_font
from viewer.ui.panels.table import Column, FrameTable, FrameTableModel
from viewer.ui.panels.waterfall import WaterfallDelegate

ALL = "All"
FAILURES = "failures"  # status filter: 4xx, 5xx and failed


def _status_color(frame: NetworkFrame) -> str:
    return STATUS_COLORS.get(frame.status_class, STATUS_COLORS["unknown"])


def _bar(frame: NetworkFrame | None) -> tuple[float, float, str] | None:
    if frame is None:
        return None
    return frame.ts_ms, frame.end_ms, COLORS.get(f"net-{frame.status_class}", COLORS["net-2xx"])


class RequestDetails(QWidget):
    """General info, headers, query parameters and bodies of one request; copy as cURL."""

    def __init__(self, replay: Replay, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.replay = replay
        self.frame: NetworkFrame | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.title = QLabel("Select a request to see its details", self)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.curl_button = QPushButton("Copy as cURL", self)
        self.curl_button.setEnabled(False)
        self.curl_button.clicked.connect(self.copy_curl)
        bar.addWidget(self.title, 1)
        bar.addWidget(self.curl_button)
        layout.addLayout(bar)
        self.tabs = QTabWidget(self)
        self.pages: dict[str, QPlainTextEdit] = {}
        for name in ("General", "Headers", "Query", "Request", "Response"):
            page = QPlainTextEdit(self)
            page.setReadOnly(True)
            page.setFont(mono_font(9))
            self.pages[name] = page
            self.tabs.addTab(page, name)
        layout.addWidget(self.tabs, 1)

    def show_request(self, frame: NetworkFrame) -> None:
        self.frame = frame
        page_url = page_url_at(self.replay.frames, frame.ts_ms)
        self.title.setText(f"{frame.method or 'GET'} {frame.status or 'failed'}  "
                           f"{url_path(frame.url)}")
        self.curl_button.setEnabled(True)
        general = general_info(frame, self.replay.start_ms, page_url)
        width = max(len(k) for k, _ in general)
        self.pages["General"].setPlainText("\n".join(f"{k:<{width}}  {v}" for k, v in general))
        self.pages["Headers"].setPlainText(
            f"Request headers\n{headers_text(frame.request)}\n\n"
            f"Response headers\n{headers_text(frame.response)}")
        params = query_params(frame.url)
        self.pages["Query"].setPlainText(
            "\n".join(f"{k} = {v}" for k, v in params) if params else "(no query parameters)")
        for name, part in (("Request", frame.request), ("Response", frame.response)):
            warnings = "".join(f"⚠ {w}\n" for w in body_warnings(part))
            body = pretty_body(part.body) if part is not None else ""
            self.pages[name].setPlainText(warnings + (body or "(no body captured)"))

    def curl(self) -> str:
        if self.frame is None:
            return ""
        return curl_command(self.frame, page_url_at(self.replay.frames, self.frame.ts_ms))

    def copy_curl(self) -> None:
        QGuiApplication.clipboard().setText(self.curl())


class NetworkPanel(TablePanel):
    """fetch/XHR requests and resource loads; click a row to seek and see its details."""

    def __init__(self, replay: Replay, parent: QWidget | None = None) -> None:
        super().__init__(replay, parent)
        self.all_frames: list[NetworkFrame] = [
            f for f in replay.frames if isinstance(f, NetworkFrame)]
        start = replay.start_ms
        k = NETWORK_SORT_KEYS
        self.model = FrameTableModel([
            Column("Method", lambda f: f.method or "GET", k["method"]),
            Column("Status", lambda f: str(f.status) if f.status else "failed", k["status"],
                   _status_color),
            Column("Type", request_type, k["type"]),
            Column("Path", lambda f: url_path(f.url), k["path"], tooltip=lambda f: f.url),
            Column("Size", lambda f: format_size(response_size(f)), k["size"],
                   align_right=True),
            Column("Duration", lambda f: f"{f.duration_ms:.0f} ms", k["duration"],
                   align_right=True),
            Column("Start", lambda f: clock(f.ts_ms - start), k["start"]),
            Column("Waterfall", lambda f: "", k["waterfall"]),
        ], self)
        self.filters = FilterBar("Filter by URL, method or status", parent=self)
        self.type_box = QComboBox(self)
        self.type_box.addItem("All types", None)
        for kind in sorted({request_type(f) for f in self.all_frames}):
            self.type_box.addItem(kind, kind)
        self.status_box = QComboBox(self)
        self.status_box.addItem("All statuses", None)
        self.status_box.addItem("Failures (4xx, 5xx, failed)", FAILURES)
        present = {f.status_class for f in self.all_frames}
        for status in STATUS_CLASSES:
            if status in present:
                self.status_box.addItem(status, status)
        self.filters.add(self.type_box)
        self.filters.add(self.status_box)
        self.table = FrameTable(self.model, self, "No requests match the filters")
        self.none_text = "No requests or resource loads in this recording"
        first = min((f.ts_ms for f in self.all_frames), default=replay.start_ms)
        last = max((f.end_ms for f in self.all_frames), default=replay.end_ms)
        self.waterfall = WaterfallDelegate(min(first, replay.start_ms), max(last, replay.end_ms),
                                           _bar, self.table)
        self.table.setItemDelegateForColumn(7, self.waterfall)
        for column, width in enumerate((58, 54, 64, 300, 70, 70, 76)):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setSortIndicator(6, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.details = RequestDetails(replay, self)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setSizes([320, 200])
        self.layout_.addWidget(self.filters)
        self.layout_.addWidget(split, 1)
        self.filters.search.textChanged.connect(self.refilter)
        self.type_box.currentIndexChanged.connect(self.refilter)
        self.status_box.currentIndexChanged.connect(self.refilter)
        self._wire_table()
        self.refilter()

    def set_type(self, kind: str | None) -> None:
        self.type_box.setCurrentIndex(max(self.type_box.findData(kind), 0))

    def set_status(self, status: str | None) -> None:
        self.status_box.setCurrentIndex(max(self.status_box.findData(status), 0))

    def refilter(self) -> None:
        kind = self.type_box.currentData()
        status = self.status_box.currentData()
        statuses = {"4xx", "5xx", "failed"} if status == FAILURES else (
            {status} if status else None)
        self.model.set_rows(filter_network(self.all_frames, {kind} if kind else None, statuses,
                                           self.filters.search.text()))
        self.follow_time()

    @Slot(float, float)
    def set_view(self, view_start: float, view_end: float) -> None:
        """Scale the waterfall to a time range (connect the timeline's `view_changed`)."""
        self.waterfall.range_start = float(view_start)
        self.waterfall.range_end = max(float(view_end), float(view_start) + 1.0)
        self.table.viewport().update()

    @Slot(float)
    def set_time(self, epoch_ms: float) -> None:
        self.waterfall.time_ms = float(epoch_ms)
        super().set_time(epoch_ms)
        self.table.viewport().update()

    def on_frame_clicked(self, frame: Any) -> None:
        self.details.show_request(frame)

    def select_frame(self, frame: Any) -> None:
        if isinstance(frame, NetworkFrame) and self.table.show_frame(frame):
            self.details.show_request(frame)

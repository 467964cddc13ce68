"""Diff panel: the DOM differences between two marked moments A and B (or around a hydration
error), one row per change; a row selects its node at a moment where it exists."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from viewer.model.replay import Replay
from viewer.render.engine.inspection.reports import change_sign, change_text, clock
from viewer.ui.panels.base import Panel
from viewer.ui.panels.style import mono_font

CHANGE_ROLE = Qt.ItemDataRole.UserRole + 1
_COLORS = {"added": "#9ece6a", "removed": "#ff5370", "moved": "#7aa2f7", "replaced": "#e0af68"}
_WHERE = {"A": "at A", "B": "at B", "both": "A and B"}


class DiffPanel(Panel):
    """Marks A and B (`show_marks`), the diff between them (`show_diff`) or why there is none
    yet (`show_note`). Signals: `mark_requested("A" | "B")`, `clear_requested()`,
    `change_chosen(change)` when a row is clicked (a change of `moment_diff`)."""

    mark_requested = Signal(str)
    clear_requested = Signal()
    change_chosen = Signal(object)

    def __init__(self, replay: Replay, parent: QWidget | None = None) -> None:
        super().__init__(replay, parent)
        bar = QHBoxLayout()
        bar.setSpacing(6)
        self.mark_a = QPushButton("Mark A", self)
        self.mark_a.setToolTip("Mark the playhead as moment A (Alt+A)")
        self.mark_a.clicked.connect(lambda: self.mark_requested.emit("A"))
        self.label_a = QLabel("A: –", self)
        self.mark_b = QPushButton("Mark B", self)
        self.mark_b.setToolTip("Mark the playhead as moment B (Alt+B)")
        self.mark_b.clicked.connect(lambda: self.mark_requested.emit("B"))
        self.label_b = QLabel("B: –", self)
        self.clear = QPushButton("Clear", self)
        self.clear.clicked.connect(self.clear_requested)
        for widget in (self.mark_a, self.label_a, self.mark_b, self.label_b):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.clear)
        self.layout_.addLayout(bar)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.layout_.addWidget(self.summary)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Filter changes: node, path, attribute, value")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._refilter)
        self.layout_.addWidget(self.search)
        self.list = QTreeWidget(self)
        self.list.setHeaderLabels(["", "Node", "Change", "Where", "Path"])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setFont(mono_font())
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for column, width in enumerate((22, 200, 320, 70)):
            self.list.setColumnWidth(column, width)
        self.list.itemClicked.connect(self._clicked)
        self.layout_.addWidget(self.list, 1)
        self.report: dict[str, Any] | None = None
        self.show_note("Mark two moments (A and B) to see what changed in the page between them")

    # -- showing -------------------------------------------------------------------------

    def show_marks(self, a: tuple[int, float] | None, b: tuple[int, float] | None) -> None:
        """The marks as (events applied, epoch ms), or None when unset."""
        for label, name, mark in ((self.label_a, "A", a), (self.label_b, "B", b)):
            label.setText(f"{name}: –" if mark is None else
                          f"{name}: {clock(mark[1], self.replay.start_ms)} (event {mark[0]})")

    def show_note(self, text: str) -> None:
        """No diff to show: say why (or what is being done)."""
        self.report = None
        self.list.clear()
        self.summary.setText(text)

    def show_diff(self, report: dict[str, Any], title: str = "") -> None:
        """A `moment_diff` result; `title` heads the summary (e.g. a hydration error)."""
        self.report = report
        start = self.replay.start_ms
        a, b = report["from"], report["to"]
        counts = ", ".join(f"{n} {k}" for k, n in report["counts"].items()) or "no changes"
        page = "same page" if report["same_page"] else "another page: the whole page replaced"
        head = f"{title}\n" if title else ""
        self.summary.setText(f"{head}A {clock(a['t'], start)} (event {a['event']}) → "
                             f"B {clock(b['t'], start)} (event {b['event']}), {page}: {counts}")
        self.list.clear()
        items = []
        for change in report["changes"]:
            item = QTreeWidgetItem([change_sign(change), f"#{change['id']} {change['node']}",
                                    change_text(change), _WHERE.get(change["exists"], ""),
                                    change["path"]])
            item.setData(0, CHANGE_ROLE, change)
            tint = _COLORS.get(change["change"], "#bb9af7")
            item.setForeground(0, QBrush(QColor(tint)))
            for column in (1, 2, 4):
                item.setToolTip(column, item.text(column))
            items.append(item)
        self.list.addTopLevelItems(items)
        self._refilter(self.search.text())

    @property
    def row_count(self) -> int:
        return self.list.topLevelItemCount()

    def change_at(self, row: int) -> dict[str, Any] | None:
        item = self.list.topLevelItem(row)
        value = item.data(0, CHANGE_ROLE) if item is not None else None
        return value if isinstance(value, dict) else None

    # -- internals -----------------------------------------------------------------------

    def _refilter(self, text: str) -> None:
        needle = text.strip().lower()
        for row in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(row)
            if item is None:
                continue
            hay = " ".join(item.text(c) for c in range(1, 5)).lower()
            item.setHidden(bool(needle) and needle not in hay)

    def _clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        change = item.data(0, CHANGE_ROLE)
        if isinstance(change, dict):
            self.change_chosen.emit(change)


"""Elements panel: the replayed DOM as a lazy tree, search, and the selected node's details and
history (each history row moves the player to just after its event)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QTreeView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from viewer.render.engine import DomEngine
from viewer.render.engine.inspection.element_tree import find
from viewer.render.engine.inspection.history import HistoryIndex
from viewer.render.engine.inspection.node_info import describe
from viewer.render.engine.inspection.reports import clock, entry_text
from viewer.ui.panels.elements_model import NODE_ID_ROLE, ElementsModel, id_of_key
from viewer.ui.panels.style import mono_font

SEARCH_HINT = "Find: text, selector (form#pay > button.primary, [name=q]) or node id"
EVENT_ROLE = Qt.ItemDataRole.UserRole + 2


class ElementsPanel(QWidget):
    """The DOM at the shown moment (`show_state`), searchable, with the selected node's
    attributes, `:value`, `:checked`, `:scroll`, path and history (`set_history`).

    Signals: `hovered(node_id)` while the pointer is on a row (`hover_cleared()` when it
    leaves; also as `highlight_node` / `highlight_cleared`, the names every panel uses),
    `selected(node_id)` when the user selects a row, `position_requested(events)` when a
    history row is clicked (the events applied just after that one), `pick_toggled(on)` from
    the pick button, `change_requested(±1)` from the previous / next change buttons,
    `flash_toggled(on)` from the "flash while playing" box. `seek_requested` and
    `frame_activated` are never emitted (the panels' common interface).
    """

    hovered = Signal(int)
    hover_cleared = Signal()
    highlight_node = Signal(int)
    highlight_cleared = Signal()
    selected = Signal(int)
    seek_requested = Signal(float)
    frame_activated = Signal(object)
    position_requested = Signal(int)
    pick_toggled = Signal(bool)
    change_requested = Signal(int)
    flash_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ElementsModel(self)
        self.history_index: HistoryIndex | None = None
        self.page_loads: list[int] = []
        self.start_ms = 0.0
        self.selected_id: int | None = None
        self._expanded_ids: set[int] = set()
        self._matches: list[int] = []
        self._match = -1
        self._quiet = False  # selecting from code: no `selected` signal
        self._hovered: int | None = None
        self._history_for: int | None = None  # whose history the table shows
        self.history_pending = False  # the history index is being built
        self._box: tuple[int, str] | None = None  # (node id, its box on the page)
        self.hovered.connect(self.highlight_node)
        self.hover_cleared.connect(self.highlight_cleared)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        bar = QHBoxLayout()
        self.pick_button = QToolButton(self)
        self.pick_button.setText("Pick")
        self.pick_button.setCheckable(True)
        self.pick_button.setToolTip("Select an element in the replay to inspect it "
                                    "(Ctrl+Shift+C; Esc leaves)")
        self.pick_button.toggled.connect(self.pick_toggled)
        bar.addWidget(self.pick_button)
        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText(SEARCH_HINT)
        self.search_box.setClearButtonEnabled(True)
        self.search_box.returnPressed.connect(self.find_next)
        self.search_box.textChanged.connect(self.search)
        self.prev_button = QToolButton(self)
        self.prev_button.setText("▲")
        self.prev_button.clicked.connect(self.find_previous)
        self.next_button = QToolButton(self)
        self.next_button.setText("▼")
        self.next_button.clicked.connect(self.find_next)
        self.match_label = QLabel(self)
        for widget in (self.search_box, self.prev_button, self.next_button, self.match_label):
            bar.addWidget(widget, 1 if widget is self.search_box else 0)
        self.flash_box = QCheckBox("Flash while playing", self)
        self.flash_box.setToolTip("Flash the nodes each event changes while playing at 1× or "
                                  "slower (a step always flashes them)")
        self.flash_box.toggled.connect(self.flash_toggled)
        bar.addWidget(self.flash_box)
        layout.addLayout(bar)

        self.tree = QTreeView(self)
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setFont(mono_font())
        self.tree.setMouseTracking(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.entered.connect(self._row_entered)
        self.tree.viewport().installEventFilter(self)
        self.tree.expanded.connect(lambda i: self._expanded_ids.add(i.data(NODE_ID_ROLE)))
        self.tree.collapsed.connect(lambda i: self._expanded_ids.discard(i.data(NODE_ID_ROLE)))
        selection = self.tree.selectionModel()
        selection.currentChanged.connect(self._current_changed)

        self.properties = QTreeWidget(self)
        self.properties.setHeaderLabels(["Property", "Value"])
        self.properties.setColumnWidth(0, 140)
        self.properties.setRootIsDecorated(False)
        self.history_table = QTableWidget(0, 3, self)
        self.history_table.setHorizontalHeaderLabels(["Time", "Event", "Change"])
        self.history_table.verticalHeader().setVisible(False)
        self.history_table.verticalHeader().setDefaultSectionSize(
            self.history_table.fontMetrics().height() + 6)
        self.history_table.horizontalHeader().setSectionResizeMode(
            2, QHeaderView.ResizeMode.Stretch)
        self.history_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history_table.cellClicked.connect(self._history_clicked)
        self.history_label = QLabel(self)
        self.prev_change_button = QToolButton(self)
        self.prev_change_button.setText("◀ Previous change")
        self.prev_change_button.setToolTip("Previous change of this node (Alt+,)")
        self.prev_change_button.clicked.connect(lambda: self.change_requested.emit(-1))
        self.next_change_button = QToolButton(self)
        self.next_change_button.setText("Next change ▶")
        self.next_change_button.setToolTip("Next change of this node (Alt+.)")
        self.next_change_button.clicked.connect(lambda: self.change_requested.emit(1))
        history = QWidget(self)
        history_layout = QVBoxLayout(history)
        history_layout.setContentsMargins(0, 0, 0, 0)
        history_bar = QHBoxLayout()
        history_bar.addWidget(self.history_label, 1)
        history_bar.addWidget(self.prev_change_button)
        history_bar.addWidget(self.next_change_button)
        history_layout.addLayout(history_bar)
        history_layout.addWidget(self.history_table, 1)

        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.tree)
        split.addWidget(self.properties)
        split.addWidget(history)
        split.setSizes([400, 160, 180])
        layout.addWidget(split, 1)
        self._show_history()

    # -- state ---------------------------------------------------------------------------

    def show_state(self, engine: DomEngine, changed_ids: Iterable[int] = ()) -> None:
        """Show another moment: expansion and selection stay on the same node ids; nodes the
        last event(s) changed (`changed_ids`) are marked."""
        self.model.show_state(engine, changed_ids)
        self._restore_expansion()
        wanted = self.selected_id
        current = self.tree.currentIndex()
        if wanted is not None and (not current.isValid() or current.data(NODE_ID_ROLE) != wanted):
            self._select(wanted, scroll=False)
        self._show_details()

    def set_history(self, index: HistoryIndex | None, start_ms: float = 0.0,
                    page_loads: Sequence[int] = ()) -> None:
        """Use a replay's history index (built lazily on first use); times show from start_ms;
        `page_loads` (event indices, e.g. from `inspection.pages.PageBreaks`) are marked in the
        history, since an id may name another node after one."""
        self.history_index = index
        self.history_pending = False
        self.start_ms = start_ms
        self.page_loads = sorted(page_loads)
        self._show_history()

    def set_history_pending(self) -> None:
        """Say that the history index is being built (set_history() follows)."""
        self.history_pending = self.history_index is None
        self._show_history()

    def show_box(self, node_id: int, box: dict[str, Any] | None) -> None:
        """The node's box on the page as the page measured it (`x`, `y`, `width`, `height`
        in recorded-viewport CSS px, the document's `scrollX` / `scrollY`), or None."""
        self._box = (node_id, box_text(box))
        if node_id == self.selected_id:
            self._show_details()

    def _restore_expansion(self) -> None:
        """Re-expand nodes that were expanded, then left the page and came back (the ones
        still there kept their expansion through the model's persistent indexes)."""
        kept = {id_of_key(p.internalId()) for p in self.model.persistentIndexList()}
        for node_id in self._expanded_ids - kept:
            index = self.model.index_of_id(node_id)
            if index.isValid() and not self.tree.isExpanded(index):
                self.tree.setExpanded(index, True)

    # -- selection -----------------------------------------------------------------------

    def select_node(self, node_id: int) -> bool:
        """Select a node (expanding its ancestors) without emitting `selected`; False when it
        is not in the shown state (it stays wanted: it is selected when it appears)."""
        self.selected_id = node_id
        found = self._select(node_id, scroll=True)
        self._show_details()
        return found

    def _select(self, node_id: int, scroll: bool) -> bool:
        index = self.model.index_of_id(node_id)
        if not index.isValid():
            return False
        parent = index.parent()
        while parent.isValid():
            self.tree.setExpanded(parent, True)
            parent = parent.parent()
        self._quiet = True
        try:
            self.tree.setCurrentIndex(index)
        finally:
            self._quiet = False
        if scroll:
            self.tree.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._quiet or not current.isValid():
            return
        node_id = current.data(NODE_ID_ROLE)
        if node_id == self.selected_id:
            return
        self.selected_id = node_id
        self._show_details()
        self.selected.emit(node_id)

    # -- details -------------------------------------------------------------------------

    def _show_details(self) -> None:
        self.properties.clear()
        node_id = self.selected_id
        if node_id is None:
            self._show_history()
            return
        node = self.model.find_node(node_id)
        rows: list[tuple[str, str]] = []
        if node is None:
            rows.append(("id", f"{node_id} (not in the page at this moment)"))
        else:
            info = describe(node)
            rows.append(("id", str(info["id"])))
            rows.append(("kind", info.get("tag") or info["kind"]))
            rows.append(("path", info["path"]))
            for name, value in (info.get("attributes") or {}).items():
                rows.append((f"@{name}", value))
            if "text" in info:
                rows.append(("text", info["text"]))
            for key in (":value", ":checked", ":scroll"):
                if key in info:
                    rows.append((key, _show(info[key])))
            rows.append(("children", str(info["children"])))
            if self._box is not None and self._box[0] == node_id:
                rows.append(("box", self._box[1]))
        for name, value in rows:
            item = QTreeWidgetItem(self.properties, [name, value])
            item.setToolTip(1, value)
        if self._history_for != node_id or node_id is None:
            self._show_history()

    def _show_history(self) -> None:
        table = self.history_table
        table.setRowCount(0)
        node_id = self.selected_id
        self._history_for = node_id
        has_node = node_id is not None and self.history_index is not None
        self.prev_change_button.setEnabled(has_node)
        self.next_change_button.setEnabled(has_node)
        if node_id is None:
            self.history_label.setText("History: select a node")
            return
        if self.history_index is None:
            self.history_label.setText("History: indexing the replay…" if self.history_pending
                                       else "History: not available")
            return
        assert self.history_index is not None
        entries = self.history_index.history(node_id, via=True)
        self.history_label.setText(f"History of #{node_id}: {len(entries)} "
                                   f"entr{'y' if len(entries) == 1 else 'ies'}")
        loads = list(self.page_loads)
        rows: list[tuple[tuple[str, str, str], int | None]] = []
        for entry in entries:
            while loads and loads[0] <= entry["event"]:
                rows.append((("", str(loads.pop(0)), "page load: the id may name another node"),
                             None))
            cells = (clock(entry["t"], self.start_ms), str(entry["event"]), entry_text(entry))
            rows.append((cells, entry["event"]))
        table.setRowCount(len(rows))
        for row, (cells, event) in enumerate(rows):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(EVENT_ROLE, event)
                item.setToolTip(text)
                if event is None:
                    item.setFlags(Qt.ItemFlag.NoItemFlags)
                table.setItem(row, column, item)
        table.resizeColumnToContents(0)
        table.resizeColumnToContents(1)

    def _history_clicked(self, row: int, _column: int) -> None:
        item = self.history_table.item(row, 0)
        event = item.data(EVENT_ROLE) if item is not None else None
        if event is not None:  # (a page load row has none)
            self.position_requested.emit(int(event) + 1)

    # -- the panels' common interface (the Elements panel follows the player, not the clock) --

    @Slot(float)
    def set_time(self, epoch_ms: float) -> None:
        """(The inspector shows each state with `show_state`.)"""

    @Slot(object)
    def select_frame(self, frame: Any) -> None:
        """(No frames here.)"""

    # -- search --------------------------------------------------------------------------

    @Slot(str)
    def search(self, text: str) -> None:
        """Find the nodes matching `text` (see `element_tree.find`) and select the first."""
        self._matches = [n.id for n in find(self.model.root, text)]
        self._match = -1
        if self._matches:
            self.find_next()
        else:
            self.match_label.setText("no match" if text.strip() else "")

    @Slot()
    def find_next(self) -> None:
        self._step_match(1)

    @Slot()
    def find_previous(self) -> None:
        self._step_match(-1)

    def _step_match(self, step: int) -> None:
        if not self._matches:
            return
        self._match = (self._match + step) % len(self._matches)
        node_id = self._matches[self._match]
        self.match_label.setText(f"{self._match + 1} / {len(self._matches)}")
        self.selected_id = node_id
        self._select(node_id, scroll=True)
        self._show_details()
        self.selected.emit(node_id)

    # -- hover ---------------------------------------------------------------------------

    def _row_entered(self, index: QModelIndex) -> None:
        node_id = index.data(NODE_ID_ROLE)
        if isinstance(node_id, int) and node_id > 0 and node_id != self._hovered:
            self._hovered = node_id
            self.hovered.emit(node_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        leaving = event.type() == QEvent.Type.Leave and watched is self.tree.viewport()
        if leaving and self._hovered is not None:
            self._hovered = None
            self.hover_cleared.emit()
        return super().eventFilter(watched, event)


def box_text(box: dict[str, Any] | None) -> str:
    """`120 × 40 px at (16, 340) in the viewport, (16, 1340) in the page`."""
    if not box:
        return "no box (not laid out)"
    x, y, w, h = (float(box.get(k) or 0.0) for k in ("x", "y", "width", "height"))
    sx, sy = float(box.get("scrollX") or 0.0), float(box.get("scrollY") or 0.0)
    if not (x or y or w or h):
        return "0 × 0 px: not rendered (display: none, or nothing to lay out)"
    return (f"{_px(w)} × {_px(h)} px at ({_px(x)}, {_px(y)}) in the viewport, "
            f"({_px(x + sx)}, {_px(y + sy)}) in the page")


def _px(value: float) -> str:
    return f"{value + 0.0:.1f}".rstrip("0").rstrip(".")


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in value)
    return str(value)

"""A lazy item model over a DomEngine's tree: rows are made only when a view asks for them.

Each index carries a key derived from its node's id (recorded ids and the player's own
negative ids), so a new engine state (`show_state`) keeps every persistent index — a view's
expansion and selection — on the node with the same id, wherever that node now is. Nothing is
rebuilt: the model swaps the engine, forgets its row caches and remaps the persistent indexes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from viewer.render.engine import DomEngine
from viewer.render.engine.inspection.element_tree import row_text, rows_of, tree_parent
from viewer.render.engine.inspection.node_info import path
from viewer.render.engine.nodes import TEXT, Node, iter_subtree

NODE_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_ROLES = frozenset({_DISPLAY, _TOOLTIP, _BACKGROUND, NODE_ID_ROLE})  # the roles answered
#: Background of rows whose node the last event(s) changed.
CHANGED_BRUSH = QBrush(QColor(255, 214, 102, 110))

Index = QModelIndex | QPersistentModelIndex
_TOP = QModelIndex()  # the invisible root's index (argument default)
_ROOT_KEY = -1  # the invisible root in `_shapes`


def key_of(node_id: int) -> int:
    """A non-negative index key for a node id (negative ids: the player's own nodes)."""
    return node_id * 2 if node_id >= 0 else -node_id * 2 + 1


def id_of_key(key: int) -> int:
    return key // 2 if key % 2 == 0 else -(key // 2)


def _has_rows(node: Node) -> bool:
    """Does the node have rows under it (see `element_tree.rows_of`)?"""
    if node.shadow is not None or node.content is not None:
        return True
    return any(c.kind != TEXT or c.text.strip() for c in node.children)


class ElementsModel(QAbstractItemModel):
    """The rows of one engine state; `show_state` moves to another keeping indexes by id."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.engine: DomEngine | None = None
        self.changed: frozenset[int] = frozenset()
        self._nodes: dict[int, Node] = {}  # key -> node, for every index handed out
        self._rows: dict[int, list[Node]] = {}  # id(node) -> its rows (this state)
        self._pos: dict[int, int] = {}  # id(node) -> its row under its parent (this state)
        self._indexes: dict[int, QModelIndex] = {}  # id(node) -> index (this state)
        self._parents: dict[int, QModelIndex] = {}  # key -> its parent's index (this state)
        self._locals: dict[int, Node] | None = None  # the player's own nodes, found lazily
        # what the view has laid out: parent key -> its rows' keys, row key -> has children
        self._shapes: dict[int, list[int]] = {}
        self._has: dict[int, bool] = {}

    # -- state ---------------------------------------------------------------------------

    @property
    def root(self) -> Node | None:
        return self.engine.document if self.engine is not None else None

    def show_state(self, engine: DomEngine, changed_ids: Iterable[int] = ()) -> None:
        """Show another engine state; indexes on nodes that still exist follow them.

        When every row the view has laid out is still there, in the same place and with the
        same "has children" state, only the data changed: the rows are repainted and the view
        keeps its layout. Otherwise persistent indexes are remapped by node id (layoutChanged).
        """
        changed = frozenset(changed_ids)
        seeds = self._same_shape(engine)
        if seeds is not None:
            self._reset(engine, changed)
            for node, rows in seeds:
                self._store_rows(node, rows)
            top = self.rowCount()
            if top:
                self.dataChanged.emit(self.index(0, 0), self.index(top - 1, 0))
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        keys = [p.internalId() for p in old]
        self._reset(engine, changed)
        self._shapes = {}
        self._has = {}
        self.changePersistentIndexList(old, [self.index_of_id(id_of_key(k)) for k in keys])
        self.layoutChanged.emit()

    def _reset(self, engine: DomEngine, changed: frozenset[int]) -> None:
        self.engine = engine
        self.changed = changed
        self._nodes = {}
        self._rows = {}
        self._pos = {}
        self._indexes = {}
        self._parents = {}
        self._locals = None

    def _same_shape(self, engine: DomEngine) -> list[tuple[Node, list[Node]]] | None:
        """The new rows of every laid-out parent when nothing the view laid out moved (None
        when something did, or there is no earlier state)."""
        root, new_root = self.root, engine.document
        if root is None or new_root is None or not self._shapes or root.id != new_root.id:
            return None
        locals_: dict[int, Node] | None = None

        def lookup(key: int) -> Node | None:
            nonlocal locals_
            node_id = id_of_key(key)
            if node_id > 0:
                return engine.mirror.get(node_id)
            if locals_ is None:
                locals_ = {n.id: n for n in iter_subtree(new_root) if n.id <= 0}
            return locals_.get(node_id)

        seeds: list[tuple[Node, list[Node]]] = []
        for parent_key, keys in self._shapes.items():
            node = new_root if parent_key == _ROOT_KEY else lookup(parent_key)
            if node is None:
                return None
            rows = rows_of(node)
            if len(rows) != len(keys) or any(
                    key_of(n.id) != k for n, k in zip(rows, keys, strict=True)):
                return None
            seeds.append((node, rows))
        for key, has in self._has.items():
            node = lookup(key)
            if node is None or _has_rows(node) != has:
                return None
        return seeds

    def node(self, index: Index) -> Node | None:
        if not index.isValid():
            return self.root
        key = index.internalId()
        node = self._nodes.get(key)
        if node is None:  # an index made for the previous state with the same layout
            node = self.find_node(id_of_key(key))
            if node is not None:
                self._nodes[key] = node
        return node

    def find_node(self, node_id: int) -> Node | None:
        """The node with this id in the shown state (the player's own nodes included)."""
        engine = self.engine
        if engine is None:
            return None
        if node_id > 0:
            return engine.mirror.get(node_id)
        if self._locals is None:
            root = self.root
            self._locals = {n.id: n for n in iter_subtree(root) if n.id <= 0} if root else {}
        return self._locals.get(node_id)

    def index_of_id(self, node_id: int) -> QModelIndex:
        """The index of a node id in the shown state (invalid when it is not shown)."""
        node = self.find_node(node_id)
        return self.index_of_node(node) if node is not None else QModelIndex()

    def index_of_node(self, node: Node) -> QModelIndex:
        """The node's index (invalid for the root, detached nodes and hidden text)."""
        root = self.root
        known = self._indexes
        chain: list[Node] = []
        cur: Node | None = node
        while cur is not None and cur is not root and id(cur) not in known:
            chain.append(cur)
            cur = tree_parent(cur)
        if cur is None:
            return QModelIndex()  # detached: not in the shown document
        index = known[id(cur)] if cur is not root else QModelIndex()
        parent: Node = cur
        for item in reversed(chain):
            row = self._row_in(parent, item)
            if row is None:
                return QModelIndex()  # a whitespace-only text node: not a row
            index = self._make(row, item)
            known[id(item)] = index
            parent = item
        return index

    def _rows_of(self, node: Node) -> list[Node]:
        rows = self._rows.get(id(node))
        if rows is None:
            rows = rows_of(node)
            self._store_rows(node, rows)
            parent_key = _ROOT_KEY if node is self.root else key_of(node.id)
            self._shapes[parent_key] = [key_of(n.id) for n in rows]
        return rows

    def _store_rows(self, node: Node, rows: list[Node]) -> None:
        self._rows[id(node)] = rows
        pos = self._pos
        for i, child in enumerate(rows):
            pos[id(child)] = i

    def _row_in(self, parent: Node, node: Node) -> int | None:
        """The row of `node` under `parent` (None when it is not one of its rows)."""
        if id(parent) not in self._rows:
            self._rows_of(parent)
        row = self._pos.get(id(node))
        rows = self._rows[id(parent)]
        return row if row is not None and row < len(rows) and rows[row] is node else None

    def _make(self, row: int, node: Node) -> QModelIndex:
        node_id = node.id
        key = node_id * 2 if node_id >= 0 else -node_id * 2 + 1
        self._nodes[key] = node
        return self.createIndex(row, 0, key)

    # -- QAbstractItemModel ----------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = _TOP) -> QModelIndex:
        owner = self.node(parent)
        if owner is None or column != 0:
            return QModelIndex()
        rows = self._rows.get(id(owner))
        if rows is None:
            rows = self._rows_of(owner)
        if not 0 <= row < len(rows):
            return QModelIndex()
        return self._make(row, rows[row])

    def parent(self, index: Index = _TOP) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        key = index.internalId()
        cached = self._parents.get(key)  # a view asks again for every row it paints
        if cached is None:
            cached = self._parent_of(index)
            self._parents[key] = cached
        return cached

    def _parent_of(self, index: Index) -> QModelIndex:
        node = self.node(index)
        if node is None:
            return QModelIndex()
        up = tree_parent(node)
        if up is None or up is self.root:
            return QModelIndex()
        known = self._indexes.get(id(up))
        if known is not None:
            return known
        above = tree_parent(up)
        row = self._row_in(above, up) if above is not None else None
        if row is None:
            return QModelIndex()
        made = self._make(row, up)
        self._indexes[id(up)] = made
        return made

    def rowCount(self, parent: Index = _TOP) -> int:
        node = self.node(parent)
        return len(self._rows_of(node)) if node is not None else 0

    def columnCount(self, parent: Index = _TOP) -> int:
        return 1

    def hasChildren(self, parent: Index = _TOP) -> bool:
        node = self.node(parent)
        if node is None:
            return False
        rows = self._rows.get(id(node))
        has = bool(rows) if rows is not None else _has_rows(node)
        if parent.isValid():
            self._has[parent.internalId()] = has
        return has

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if role not in _ROLES:
            return None
        node = self.node(index) if index.isValid() else None
        if node is None:
            return None
        if role == _DISPLAY:
            return row_text(node)
        if role == NODE_ID_ROLE:
            return node.id
        if role == _TOOLTIP:
            return f"#{node.id}  {path(node)}" if node.id > 0 else path(node)
        return CHANGED_BRUSH if node.id in self.changed else None

"""Engine state (mirror, documents, viewport) and the tree primitives that also emit patch ops."""

from __future__ import annotations

from collections import Counter
from typing import Any

from . import ops as P
from .build import build_node, js_string
from .canvas import attribute_changed as canvas_attribute_changed
from .canvas import initial_frame
from .input_values import SANITIZING_ATTRS, sanitize
from .nodes import DOCUMENT, ELEMENT, Meta, Node, detach, insert_before, iter_subtree, root_of


class EngineState:
    """Everything a moment of the replay is: the mirror, the documents and the window state.

    Tree changes go through the primitives below so that, when `ops` is a list, every change
    is also written there as a patch op (see `ops.py`).
    """

    def __init__(self, flavor: str = "sentry") -> None:
        self.flavor = flavor  # "sentry": @sentry-internal/rrweb replayer; "rrweb": upstream
        self.upstream = flavor == "rrweb"
        self.mirror: dict[int, Node] = {}
        self.document: Node | None = None
        self.parked_documents: list[dict[str, Any]] = []  # iframe documents before their iframe
        self.width: int = 0
        self.height: int = 0
        self.href: str = ""
        self.style_sheets: dict[int, list[Any]] = {}  # constructed sheets by styleId
        self.adopted: dict[int, list[int]] = {}  # document/host id -> adopted styleIds
        self.selection: list[dict[str, Any]] = []
        self.legacy_missing: dict[int, tuple[Node, dict[str, Any]]] = {}  # `-1` sibling adds
        self.problems: Counter[str] = Counter()
        self.ops: list[dict[str, Any]] | None = None
        self._next_local_id = -1

    # -- bookkeeping ------------------------------------------------------------------------

    def problem(self, kind: str) -> None:
        """Count one skipped/unapplicable piece of an event."""
        self.problems[kind] += 1

    def local_id(self) -> int:
        """A fresh negative id for a node the player makes itself (never in the recording)."""
        self._next_local_id -= 1
        return self._next_local_id

    def emit(self, op: dict[str, Any]) -> None:
        if self.ops is not None:
            self.ops.append(op)

    def build(self, meta: Meta) -> Node | None:
        """Build one node (no recorded children) and register it in the mirror."""
        node = build_node(meta, self.local_id)
        if node is None:
            return None
        self.mirror[node.id] = node
        if node.tag == "canvas" and node.kind == ELEMENT:
            initial_frame(self, node, meta)
        return node

    def forget(self, node: Node) -> None:
        """Remove a node and its whole subtree from the mirror (rrweb removeNodeFromMap)."""
        mirror = self.mirror
        for sub in iter_subtree(node):
            if sub.id > 0 and mirror.get(sub.id) is sub:
                del mirror[sub.id]

    # -- tree primitives (emit ops) ---------------------------------------------------------

    def connected(self, node: Node) -> bool:
        """Is `node` in the shown document (through shadow roots and iframe documents)?"""
        return root_of(node) is self.document

    def _shown(self, node: Node) -> bool:
        return self.ops is not None and self.connected(node)

    def insert(self, parent: Node, node: Node, ref: Node | None) -> None:
        """Insert (or move) `node` under `parent` before `ref`.

        Ops only describe the shown document: a subtree built while detached (e.g. under a
        parked legacy node) is sent whole when it gets connected.
        """
        cur: Node | None = parent
        while cur is not None:  # the DOM's HierarchyRequestError: never under itself
            if cur is node:
                self.problem("mutation: node inserted under itself")
                return
            cur = cur.parent if cur.parent is not None else cur.host
        was_shown = node.parent is not None and self._shown(node)
        if node.parent is not None and self.connected(node):
            blank_frames(node)
        if ref is not None and ref.parent is not parent:
            ref = None
        insert_before(parent, node, ref)
        if self.ops is None:
            return
        now_shown = self.connected(parent)
        before = ref.id if ref is not None else None
        if now_shown and was_shown:
            self.emit({"op": P.MOVE, "id": node.id, "parent": parent.id, "before": before})
        elif now_shown:
            self.emit({"op": P.INSERT, "parent": parent.id, "before": before, "node": P.tree(node)})
        elif was_shown:
            self.emit({"op": P.REMOVE, "id": node.id})

    def remove(self, node: Node) -> None:
        """Detach `node` from its parent."""
        if node.parent is None:
            return
        shown = self._shown(node)
        detach(node)
        if shown:
            self.emit({"op": P.REMOVE, "id": node.id})

    def set_attr(self, node: Node, name: str, value: str) -> None:
        if name in SANITIZING_ATTRS and node.value is not None and node.tag == "input":
            node.value = sanitize(node.value, node.attrs)  # what the browser kept
        node.attrs[name] = value
        node.rec = None
        if self._shown(node):
            self.emit({"op": P.SET_ATTR, "id": node.id, "name": name, "value": value})
        if node.canvas is not None:
            canvas_attribute_changed(node, name)

    def remove_attr(self, node: Node, name: str) -> None:
        if name in SANITIZING_ATTRS and node.value is not None and node.tag == "input":
            node.value = sanitize(node.value, node.attrs)  # what the browser kept
        node.rec = None
        if node.attrs.pop(name, None) is not None and self._shown(node):
            self.emit({"op": P.REMOVE_ATTR, "id": node.id, "name": name})
        if node.canvas is not None:
            canvas_attribute_changed(node, name)

    def set_text(self, node: Node, text: str) -> None:
        node.text = text
        node.rec = None
        if self._shown(node):
            self.emit({"op": P.SET_TEXT, "id": node.id, "text": text})

    def set_input(self, node: Node, value: str | None, checked: bool | None) -> None:
        if value is not None:
            node.value = value
        if checked is not None:
            node.checked = checked
        node.rec = None
        if not self._shown(node):
            return
        op: dict[str, Any] = {"op": P.SET_INPUT, "id": node.id}
        if value is not None:
            op["value"] = value
        if checked is not None:
            op["checked"] = checked
        self.emit(op)

    def scroll_to(self, node: Node, left: float, top: float) -> None:
        node.scroll = None if (left == 0 and top == 0) else (left, top)
        node.rec = None
        if self._shown(node):
            self.emit({"op": P.SCROLL, "id": node.id, "left": left, "top": top})

    def set_viewport(self, width: Any, height: Any) -> None:
        if isinstance(width, (int, float)) and isinstance(height, (int, float)):
            self.width, self.height = int(width), int(height)
            self.emit({"op": P.VIEWPORT, "width": self.width, "height": self.height})
        else:
            self.problem("viewport: bad size")

    # -- helpers ---------------------------------------------------------------------------

    def shadow_root_of(self, host: Node, create: bool) -> Node | None:
        """The host's shadow root, attached (and announced) on first use when `create`."""
        if host.shadow is None and create and host.kind == ELEMENT:
            root = Node(6, self.local_id())
            root.host = host
            host.shadow = root
            if self._shown(host):
                self.emit({"op": P.ATTACH_SHADOW, "host": host.id, "id": root.id})
        return host.shadow

    def reset_document(self, doc: Node) -> None:
        """Replace the whole state by a new top document (FullSnapshot)."""
        self.mirror = {}
        self.document = doc
        self.parked_documents = []
        self.style_sheets = {}
        self.adopted = {}
        self.selection = []
        self.legacy_missing = {}


def blank_frames(node: Node) -> None:
    """A browser discards the document of every iframe in a subtree it moves and gives each an
    empty one at once (what rrweb's replayer, which moves real nodes, shows until the recording
    sends the frame's new document). The empty document keeps the old one's id, so a dump shows
    it; the old document's nodes stay in the mirror, detached, as rrweb's mirror keeps them."""
    stack = [node]
    while stack:
        cur = stack.pop()
        if cur.content is not None:
            old = cur.content
            blank = Node(DOCUMENT, old.id)
            blank.host = cur
            cur.content = blank
            old.host = None
            continue
        stack.extend(cur.children)
        if cur.shadow is not None:
            stack.append(cur.shadow)


def text_of(value: Any) -> str:
    """Text content given by a mutation (`null` means empty)."""
    return "" if value is None else js_string(value)

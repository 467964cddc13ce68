"""Apply an rrweb Mutation (incremental source 0): removes, adds, texts, attributes."""

from __future__ import annotations

from collections import deque
from typing import Any

from .build import build_node, same_node
from .documents import attach_document, attach_parked
from .nodes import DOCTYPE, DOCUMENT, ELEMENT, TEXT, Node, contains
from .state import EngineState, text_of
from .style import remove_style_property, set_style_property

Add = dict[str, Any]


class _AbortMutation(Exception):
    """rrweb throws out of applyMutation here: the rest of the batch is not applied."""


def apply_mutation(state: EngineState, data: dict[str, Any]) -> None:
    """Apply one mutation batch in rrweb's order: removes, adds, texts, attributes."""
    removes = data.get("removes") or []
    removed_ids = {r.get("id") for r in removes if isinstance(r, dict)}
    _apply_removes(state, removes)
    try:
        _apply_adds(state, data.get("adds") or [])
    except _AbortMutation as e:
        state.problem(f"mutation: aborted ({e})")
        return
    _apply_texts(state, data.get("texts") or [], removed_ids)
    _apply_attributes(state, data.get("attributes") or [])


def _apply_removes(state: EngineState, removes: list[Any]) -> None:
    mirror = state.mirror
    present = [r for r in removes if isinstance(r, dict) and r.get("id") in mirror]
    if len(present) != len(removes):
        state.problem("mutation: removed node not found")
    for item in present:
        target = mirror.get(item["id"])
        if target is None:
            continue  # an ancestor removed earlier in this batch took it along
        parent = mirror.get(item.get("parentId"))  # type: ignore[arg-type]
        if parent is None:
            state.problem("mutation: remove parent not found")
            continue
        if item.get("isShadow") and parent.shadow is not None:
            parent = parent.shadow
        state.forget(target)
        if target.parent is parent:
            _style_text_changed(parent)
            state.remove(target)
        else:
            state.problem("mutation: removed node is not a child of its parent")


class _Adder:
    """rrweb's appendNode plus the resolve-tree retry queue, for one mutation batch."""

    def __init__(self, state: EngineState) -> None:
        self.state = state
        self.queue: list[Add] = []
        self.waiting: dict[Any, list[Add]] = {}  # missing id -> adds waiting for it
        self.ready: deque[Add] = deque()

    def append(self, add: Add) -> bool:
        """Apply one add; returns False when it was queued or dropped."""
        state = self.state
        mirror = state.mirror
        meta = add.get("node")
        if type(meta) is not dict:
            state.problem("mutation: add without node")
            return False
        parent = mirror.get(add.get("parentId"))  # type: ignore[arg-type]
        if parent is None:
            if meta.get("type") == DOCUMENT:
                state.parked_documents.append(add)
            else:
                self.queue.append(add)
            return False
        if meta.get("isShadow"):  # rrweb attaches the shadow root even if the add waits
            shadow = state.shadow_root_of(parent, create=True)
            if shadow is not None:
                parent = shadow
        next_id = add.get("nextId")
        if next_id is not None and next_id != -1 and next_id not in mirror:
            self.queue.append(add)
            return False
        previous_id = add.get("previousId")
        previous = mirror.get(previous_id) if previous_id else None
        nxt = mirror.get(next_id) if next_id else None
        root_id = meta.get("rootId")
        if root_id and root_id not in state.mirror:
            state.problem("mutation: add in unknown document")
            return False
        if parent.kind == ELEMENT and parent.tag == "iframe":
            attach_document(state, add, parent)
            return True
        attrs = meta.get("attributes")
        if meta.get("tagName") == "img" and isinstance(attrs, dict) and attrs.get("rr_dataURL"):
            # rrdom's image has no `currentSrc`: rrweb's buildNode throws a TypeError
            raise _AbortMutation("img with rr_dataURL added during a seek")
        node = self._build(meta)
        if node is None:
            state.problem("mutation: add could not be built")
            return False
        if add.get("previousId") == -1 or add.get("nextId") == -1:
            state.legacy_missing[node.id] = (node, add)
            return True
        self._make_room(parent, meta, node, root_id)
        _style_text_changed(parent)
        if previous is not None and _next_sibling(previous) is not None:
            state.insert(parent, node, _next_sibling(previous))
        elif nxt is not None and nxt.parent is not None:
            state.insert(parent, node, nxt if contains(parent, nxt) else None)
        else:
            target_doc = state.mirror.get(root_id) if root_id else state.document
            if parent is target_doc:
                for child in list(parent.children):
                    state.remove(child)
            state.insert(parent, node, None)
        if node.kind == ELEMENT and node.tag == "iframe":
            attach_parked(state, node)
        if add.get("previousId") or add.get("nextId"):
            self._resolve_legacy(parent, node, add)
        return True

    def _build(self, meta: dict[str, Any]) -> Node | None:
        state = self.state
        existing = state.mirror.get(meta.get("id"))  # type: ignore[arg-type]
        if existing is not None and same_node(existing, meta):
            return existing
        return state.build(meta)

    def _make_room(self, parent: Node, meta: dict[str, Any], node: Node, root_id: Any) -> None:
        state = self.state
        if parent.kind == ELEMENT and parent.tag == "textarea" and meta.get("type") == TEXT:
            for child in list(parent.children):
                if child.kind == TEXT:
                    state.remove(child)
        elif parent.kind == DOCUMENT:
            kids = parent.children
            if meta.get("type") == DOCTYPE and kids and kids[0].kind == DOCTYPE:
                state.remove(kids[0])
            if node.kind == ELEMENT and node.tag == "html":
                for child in list(parent.children):
                    if child.kind == ELEMENT:
                        state.remove(child)
                        break

    def _resolve_legacy(self, parent: Node, node: Node, add: Add) -> None:
        """rrweb's legacy_resolveMissingNode: place parked `-1` nodes next to `node`.

        When the just-added node's previousId / nextId names a parked node, that node goes
        right before / after it, and the same is tried for the parked node in turn.
        """
        state = self.state
        parked = state.legacy_missing
        pending: list[tuple[Node, Add]] = [(node, add)]
        while pending:
            target, tadd = pending.pop()
            prev_id, next_id = tadd.get("previousId"), tadd.get("nextId")
            if prev_id and prev_id in parked:
                waiting, wadd = parked.pop(prev_id)
                state.insert(parent, waiting, target)
                pending.append((waiting, wadd))
            if next_id and next_id in parked:
                waiting, wadd = parked.pop(next_id)
                state.insert(parent, waiting, _next_sibling(target))
                pending.append((waiting, wadd))

    def run(self, adds: list[Any]) -> None:
        """rrweb's order: one pass over the adds, then the queue as resolve trees.

        rrweb re-walks the whole queue until it is empty (or 500 ms passed), which is
        quadratic when each pass places one node (tail-first table rows). After the first
        resolve-tree pass we instead park each add on the id it waits for and wake it when
        that node is added; the positions are the same, and it ends when nothing can move.
        """
        for add in adds:
            if isinstance(add, dict):
                self.append(add)
            else:
                self.state.problem("mutation: bad add")
        if not self.queue:
            self._check_leftovers()
            return
        trees = _resolve_trees(self.queue)
        self.queue = []
        self.waiting = {}
        self.ready = deque()
        for tree in trees:
            if self.state.mirror.get(tree.add.get("parentId")) is None:  # type: ignore[arg-type]
                self.state.problem("mutation: dropped add (no parent)")
                continue
            for add in tree.walk():
                self._append_or_wait(add)
                while self.ready:
                    self._append_or_wait(self.ready.popleft())
        self.queue = [add for group in self.waiting.values() for add in group]
        self._check_leftovers()

    def _append_or_wait(self, add: Add) -> None:
        before = len(self.queue)
        placed = self.append(add)
        if len(self.queue) > before:  # append() queued it: wait for what is missing
            self.queue.pop()
            parent_id = add.get("parentId")
            key = parent_id if parent_id not in self.state.mirror else add.get("nextId")
            self.waiting.setdefault(key, []).append(add)
        elif placed:
            node_id = (add.get("node") or {}).get("id")
            woken = self.waiting.pop(node_id, None)
            if woken:
                self.ready.extend(woken)

    def _check_leftovers(self) -> None:
        if self.queue:
            self.state.problem("mutation: unresolvable adds")


def _style_text_changed(parent: Node) -> None:
    """A style element's text changed: the browser re-parses it, earlier CSSOM edits are gone."""
    if parent.sheet is not None and parent.kind == ELEMENT and parent.tag == "style":
        parent.sheet = None
        parent.rec = None


def _next_sibling(node: Node) -> Node | None:
    parent = node.parent
    if parent is None:
        return None
    kids = parent.children
    for i, kid in enumerate(kids):
        if kid is node:
            return kids[i + 1] if i + 1 < len(kids) else None
    return None


class _ResolveTree:
    """A queued add with its queued children, as rrweb's queueToResolveTrees nests them."""

    __slots__ = ("add", "first", "last", "next", "owner", "prev")

    def __init__(self, add: Add, owner: _ResolveTree | None) -> None:
        self.add = add
        self.owner = owner
        self.first: _ResolveTree | None = None  # first child
        self.last: _ResolveTree | None = None  # last child
        self.prev: _ResolveTree | None = None  # previous sibling
        self.next: _ResolveTree | None = None  # next sibling

    def append_child(self, item: _ResolveTree) -> None:
        item.prev = self.last
        if self.last is not None:
            self.last.next = item
        else:
            self.first = item
        self.last = item

    def insert_before(self, item: _ResolveTree, ref: _ResolveTree) -> None:
        item.next = ref
        item.prev = ref.prev
        if ref.prev is not None:
            ref.prev.next = item
        else:
            self.first = item
        ref.prev = item

    def walk(self) -> list[Add]:
        """The adds of this tree: the node, then its children in reverse order (recursively)."""
        out: list[Add] = []
        stack: list[_ResolveTree] = [self]
        while stack:
            cur = stack.pop()
            out.append(cur.add)
            child = cur.first
            while child is not None:  # pushed first-to-last, popped last-first
                stack.append(child)
                child = child.next
        return out


def _resolve_trees(queue: list[Add]) -> list[_ResolveTree]:
    """rrweb's queueToResolveTrees: nest queued adds under their queued parent / next sibling."""
    top = _ResolveTree({}, None)  # holds the roots as its children
    by_id: dict[Any, _ResolveTree] = {}
    for add in queue:
        meta = add.get("node") or {}
        next_id = add.get("nextId")
        parent_id = add.get("parentId")
        if next_id and next_id in by_id:
            nxt = by_id[next_id]
            owner = nxt.owner or top
            item = _ResolveTree(add, nxt.owner)
            owner.insert_before(item, nxt)
        elif parent_id in by_id:
            parent_item = by_id[parent_id]
            item = _ResolveTree(add, parent_item)
            parent_item.append_child(item)
        else:
            item = _ResolveTree(add, None)
            top.append_child(item)
        by_id[meta.get("id")] = item
    roots: list[_ResolveTree] = []
    cur = top.first
    while cur is not None:
        roots.append(cur)
        cur = cur.next
    return roots


def _apply_adds(state: EngineState, adds: list[Any]) -> None:
    _Adder(state).run(adds)


def _apply_texts(state: EngineState, texts: list[Any], removed_ids: set[Any]) -> None:
    seen: set[Any] = set()
    unique: list[dict[str, Any]] = []
    for item in reversed(texts):
        if isinstance(item, dict) and item.get("id") not in seen:
            seen.add(item.get("id"))
            unique.append(item)
    for item in unique:
        target = state.mirror.get(item.get("id"))  # type: ignore[arg-type]
        if target is None:
            if item.get("id") not in removed_ids:
                state.problem("mutation: text target not found")
            continue
        value = text_of(item.get("value"))
        if target.kind in (ELEMENT, DOCUMENT):
            for child in list(target.children):
                state.remove(child)
            if value:
                from .nodes import Node as _N

                state.insert(target, _N(TEXT, state.local_id(), text=value), None)
        else:
            state.set_text(target, value)
            if target.parent is not None:
                _style_text_changed(target.parent)


def _apply_attributes(state: EngineState, items: list[Any]) -> None:
    for item in items:
        if not isinstance(item, dict):
            state.problem("mutation: bad attribute change")
            continue
        target = state.mirror.get(item.get("id"))  # type: ignore[arg-type]
        if target is None:
            state.problem("mutation: attribute target not found")
            continue
        changes = item.get("attributes")
        if not isinstance(changes, dict) or target.kind != ELEMENT:
            continue
        for name, value in changes.items():
            if value is None:
                state.remove_attr(target, name)  # removing `open` closes a dialog: same DOM
            elif isinstance(value, str):
                if (
                    name == "_cssText"
                    and target.tag in ("link", "style")
                    and _replace_stylesheet(state, target, changes)
                ):
                    break
                if name == "value" and target.tag == "textarea":
                    for child in list(target.children):
                        state.remove(child)
                    state.insert(target, Node(TEXT, state.local_id(), text=value), None)
                else:
                    state.set_attr(target, name, value)
                if name == "rr_open_mode" and target.tag == "dialog":
                    state.set_attr(target, "open", "")
            elif name == "style" and isinstance(value, dict):
                _apply_style_diff(state, target, value)


def _apply_style_diff(state: EngineState, target: Node, diff: dict[str, Any]) -> None:
    text = target.attrs.get("style", "")
    for prop, val in diff.items():
        if val is False:
            text = remove_style_property(text, prop)
        elif isinstance(val, list) and val:
            prio = val[1] if len(val) > 1 and isinstance(val[1], str) else ""
            text = set_style_property(text, prop, text_of(val[0]), prio)
        elif isinstance(val, str):
            text = set_style_property(text, prop, val)
    if text:
        state.set_attr(target, "style", text)
    else:
        state.remove_attr(target, "style")


def _replace_stylesheet(state: EngineState, target: Node, changes: dict[str, Any]) -> bool:
    """A late `_cssText` on a link/style: rebuild the element from its merged metadata.

    rrweb merges the change into the node's serialized attributes, builds a new element
    (a link with `_cssText` becomes a style holding the CSS) and puts it in the old one's
    place under the same id; the other attributes of the change are then skipped (rrweb
    `break`s out of its attribute loop). Returns False when the element is detached.
    """
    parent = target.parent
    if target.meta is None or parent is None:
        return False
    merged = dict(target.meta)
    attrs = dict(merged.get("attributes") or {})
    attrs.update(changes)
    merged["attributes"] = attrs
    new = build_node(merged, state.local_id)
    if new is None:
        return False
    idx = parent.children.index(target)
    ref = parent.children[idx + 1] if idx + 1 < len(parent.children) else None
    state.remove(target)
    state.mirror[new.id] = new
    state.insert(parent, new, ref)
    return True

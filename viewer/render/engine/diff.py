"""Seek as a patch: the ops that turn one engine state into another of the same page.

A seek lands on a new engine (thawed from a keyframe). Rebuilding the whole page in the web view
costs far more than the few changes between two nearby moments, so `diff_ops(shown, target)`
compares the two trees by node id and returns the `move`/`insert`/`remove`/attribute/text/value/
scroll ops that turn what is shown into the target — or None when a full `reset` is the right
answer: another page (a node id now names a different kind of node), different stylesheet edits
or adopted sheets, or so many changes that rebuilding is as cheap.
"""

from __future__ import annotations

from typing import Any

from . import ops as P
from .canvas import drawable
from .engine import DomEngine
from .nodes import CDATA, COMMENT, DOCUMENT, ELEMENT, TEXT, Node

#: More changed nodes than this and a reset is sent instead.
MAX_DIFF_OPS = 1500

Op = dict[str, Any]


class _NeedsReset(Exception):
    """The two states are not worth (or not safe) patching into each other."""


def _index(root: Node, out: dict[int, tuple[Node, int | None]]) -> None:
    """Every node reachable from `root` by id, with its parent's id (iterative)."""
    stack: list[tuple[Node, int | None]] = [(root, None)]
    while stack:
        node, parent = stack.pop()
        out[node.id] = (node, parent)
        for child in node.children:
            stack.append((child, node.id))
        if node.shadow is not None:
            stack.append((node.shadow, node.id))
        if node.content is not None:
            stack.append((node.content, node.id))


def _same_kind(a: Node, b: Node) -> bool:
    return a.kind == b.kind and a.tag == b.tag and a.is_svg == b.is_svg and a.mode == b.mode


def _sheets(engine: DomEngine) -> dict[int, list[Any]]:
    logs = {node.id: node.sheet for node in engine.mirror.values() if node.sheet}
    return {**logs, **{-k: v for k, v in engine.style_sheets.items()}}


def _frame_holders(index: dict[int, tuple[Node, int | None]]) -> set[int]:
    """Ids of the shown iframes that hold a document, and of all their ancestors."""
    out: set[int] = set()
    for node, parent in index.values():
        if node.content is None or node.id in out:
            continue
        out.add(node.id)
        while parent is not None and parent not in out:
            out.add(parent)
            parent = index[parent][1] if parent in index else None
    return out


class _Differ:
    def __init__(self, shown: DomEngine, target: DomEngine) -> None:
        self.old: dict[int, tuple[Node, int | None]] = {}
        self.new: dict[int, tuple[Node, int | None]] = {}
        assert shown.document is not None and target.document is not None
        _index(shown.document, self.old)
        _index(target.document, self.new)
        self.ops: list[Op] = []
        self.late: list[Op] = []  # values and scroll offsets: after the content is in place
        self.frame_holders = _frame_holders(self.old)

    def emit(self, op: Op, late: bool = False) -> None:
        (self.late if late else self.ops).append(op)
        if len(self.ops) + len(self.late) > MAX_DIFF_OPS:
            raise _NeedsReset

    def sync_children(self, old_parent: Node, new_parent: Node) -> None:
        """Make `old_parent`'s children what `new_parent`'s are (moves, inserts), then patch."""
        wanted = new_parent.children
        current = [c.id for c in old_parent.children]
        if current == [c.id for c in wanted]:
            for old_child, new_child in zip(old_parent.children, wanted, strict=True):
                if not _same_kind(old_child, new_child):
                    raise _NeedsReset
                self.patch(old_child, new_child)
            return
        if new_parent.kind == DOCUMENT:
            raise _NeedsReset  # a document holds one element: re-parenting there needs order
        before: int | None = None
        for child in reversed(wanted):
            found = self.old.get(child.id)
            if found is None:
                self.emit({"op": P.INSERT, "parent": new_parent.id, "before": before,
                           "node": P.tree(child)})
            else:
                old_child = found[0]
                if not _same_kind(old_child, child) or child.id in self.frame_holders:
                    raise _NeedsReset  # (moving an iframe makes the browser empty it)
                self.emit({"op": P.MOVE, "id": child.id, "parent": new_parent.id,
                           "before": before})
                self.patch(old_child, child)
            before = child.id

    def patch(self, old: Node, new: Node) -> None:
        """Bring one reused node (and its subtree) up to date."""
        if new.kind in (TEXT, COMMENT, CDATA):
            if old.text != new.text:
                self.emit({"op": P.SET_TEXT, "id": new.id, "text": new.text})
            return
        if new.kind == ELEMENT:
            self.patch_element(old, new)
        elif new.kind == DOCUMENT and old.scroll != new.scroll:
            left, top = new.scroll or (0.0, 0.0)
            self.emit({"op": P.SCROLL, "id": new.id, "left": left, "top": top}, late=True)
        self.sync_children(old, new)

    def patch_element(self, old: Node, new: Node) -> None:
        for name, value in new.attrs.items():
            if old.attrs.get(name) != value:
                self.emit({"op": P.SET_ATTR, "id": new.id, "name": name, "value": value})
        for name in old.attrs.keys() - new.attrs.keys():
            self.emit({"op": P.REMOVE_ATTR, "id": new.id, "name": name})
        if (old.value, old.checked) != (new.value, new.checked):
            op: Op = {"op": P.SET_INPUT, "id": new.id}
            if new.value is not None:
                op["value"] = new.value
            if new.checked is not None:
                op["checked"] = new.checked
            if new.value is None and new.checked is None:
                raise _NeedsReset  # back to the markup's value: only a rebuild says what it is
            self.emit(op, late=True)
        if old.scroll != new.scroll:
            left, top = new.scroll or (0.0, 0.0)
            self.emit({"op": P.SCROLL, "id": new.id, "left": left, "top": top}, late=True)
        if old.canvas is not new.canvas and drawable(old.canvas) != drawable(new.canvas):
            self.emit({"op": P.CANVAS_STATE, "id": new.id, "canvas": drawable(new.canvas)},
                      late=True)
        if new.shadow is not None or old.shadow is not None:
            if old.shadow is None or new.shadow is None or old.shadow.id != new.shadow.id:
                raise _NeedsReset
            self.sync_children(old.shadow, new.shadow)
        if new.content is not None or old.content is not None:
            if old.content is None or new.content is None or old.content.id != new.content.id:
                raise _NeedsReset
            self.patch(old.content, new.content)

    def removals(self) -> None:
        """Remove every shown node the target lacks (the top-most of each removed subtree)."""
        for node_id, (_, parent) in self.old.items():
            if node_id not in self.new and (parent is None or parent in self.new):
                self.emit({"op": P.REMOVE, "id": node_id})


def diff_ops(shown: DomEngine, target: DomEngine) -> list[Op] | None:
    """Ops turning `shown` into `target`, or None when a full reset should be sent."""
    if shown.document is None or target.document is None:
        return None
    if shown.document.id != target.document.id:
        return None
    if _sheets(shown) != _sheets(target) or shown.adopted != target.adopted:
        return None
    differ = _Differ(shown, target)
    try:
        differ.patch(shown.document, target.document)
        differ.removals()
    except _NeedsReset:
        return None
    ops = differ.ops + differ.late
    if (shown.width, shown.height) != (target.width, target.height):
        ops.append({"op": P.VIEWPORT, "width": target.width, "height": target.height})
    if shown.selection != target.selection:
        ops.append({"op": P.SELECTION, "ranges": target.selection})
    return ops

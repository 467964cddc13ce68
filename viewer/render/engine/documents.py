"""Whole serialized trees: FullSnapshot documents and iframe documents (attached or parked)."""

from __future__ import annotations

from typing import Any

from . import ops as P
from .build import document_mode, same_node
from .nodes import DOCUMENT, ELEMENT, TEXT, Node, detach
from .state import EngineState

Add = dict[str, Any]


def build_tree(state: EngineState, meta: dict[str, Any], into: Node | None = None) -> Node | None:
    """Build a serialized subtree (FullSnapshot, iframe document); `into` reuses a document."""
    if into is not None:
        root: Node | None = into
        into.id = meta.get("id", 0) if isinstance(meta.get("id"), int) else 0
        into.meta = meta
        into.meta_hash = None
        into.mode = document_mode(meta)
        into.rec = None
        for child in list(into.children):
            state.remove(child)
        state.mirror[into.id] = into
    else:
        existing = state.mirror.get(meta.get("id"))  # type: ignore[arg-type]
        reuse = existing is not None and same_node(existing, meta)
        root = existing if reuse else state.build(meta)
    if root is None:
        return None
    stack: list[tuple[Node, dict[str, Any]]] = [(root, meta)]
    iframes: list[Node] = []
    while stack:
        node, nmeta = stack.pop()
        if node.kind == ELEMENT and node.tag == "iframe":
            iframes.append(node)
        kids = nmeta.get("childNodes") if nmeta.get("type") in (DOCUMENT, ELEMENT) else None
        if node.kind == ELEMENT and node.children and node.tag == "textarea" and state.upstream:
            kids = None  # a `value` text child replaces the recorded children
        if not kids:
            continue
        built: list[tuple[Node, dict[str, Any]]] = []
        for cmeta in kids:
            if not isinstance(cmeta, dict):
                continue
            existing = state.mirror.get(cmeta.get("id"))  # type: ignore[arg-type]
            if existing is not None and same_node(existing, cmeta):
                kid: Node | None = existing
                if _is_ancestor(existing, node):  # a repeated id: it would contain itself
                    state.problem("snapshot: node inside itself")
                    continue
            else:
                kid = state.build(cmeta)
            if kid is None:
                state.problem("snapshot: node could not be built")
                continue
            if cmeta.get("isShadow") and node.shadow is not None:
                _raw_append(node.shadow, kid)
            else:
                _raw_append(node, kid)
            built.append((kid, cmeta))
        if node.kind == ELEMENT and node.tag == "style" and node.children:
            _apply_css_splits(node)
        stack.extend(reversed(built))
    for iframe in iframes:
        attach_parked(state, iframe)
    return root


def _is_ancestor(node: Node, of: Node) -> bool:
    """Is `node` `of` itself or one of its ancestors (across shadow and frame hosts)?"""
    cur: Node | None = of
    while cur is not None:
        if cur is node:
            return True
        cur = cur.parent if cur.parent is not None else cur.host
    return False


def _apply_css_splits(style: Node) -> None:
    """Upstream rrweb: `_cssText` parts (split on `/* rr_split */`) go into the text children."""
    first = style.children[0]
    texts = [c for c in style.children[1:] if c.kind == TEXT]
    if first.id > 0 or not texts:
        return
    parts = first.text.split("/* rr_split */")
    style.children.pop(0)
    first.parent = None
    for i, child in enumerate(texts):
        if i < len(parts):
            child.text = "".join(parts[i:]) if i == len(texts) - 1 else parts[i]
            child.rec = None


def _raw_append(parent: Node, child: Node) -> None:
    if child.parent is not None:
        detach(child)
    child.parent = parent
    parent.children.append(child)


def attach_document(state: EngineState, add: Add, iframe: Node) -> None:
    """Build an iframe's document (a Document add) into the iframe element."""
    meta = add.get("node")
    if not isinstance(meta, dict):
        return
    doc = iframe.content
    if doc is None:
        doc = Node(DOCUMENT)
        doc.host = iframe
        iframe.content = doc
    build_tree(state, meta, into=doc)
    if state.ops is not None and state.connected(iframe):
        state.emit(
            {
                "op": P.INSERT,
                "parent": iframe.id,
                "before": None,
                "node": P.tree(doc),
                "content": True,
            }
        )


def attach_parked(state: EngineState, iframe: Node) -> None:
    """Attach a parked document whose iframe has just appeared."""
    for i, add in enumerate(state.parked_documents):
        if add.get("parentId") == iframe.id:
            del state.parked_documents[i]
            attach_document(state, add, iframe)
            return

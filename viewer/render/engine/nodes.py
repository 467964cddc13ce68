"""The mirrored document tree: nodes keyed by rrweb id, with DOM-like tree primitives."""

from __future__ import annotations

from typing import Any

DOCUMENT = 0
DOCTYPE = 1
ELEMENT = 2
TEXT = 3
CDATA = 4
COMMENT = 5
SHADOW_ROOT = 6  # not an rrweb NodeType: an element's open shadow root (it has no id)

#: Each node kind's name (the patch ops and the inspector add their name for shadow roots).
KIND_NAMES = {DOCUMENT: "document", DOCTYPE: "doctype", ELEMENT: "element", TEXT: "text",
              CDATA: "cdata", COMMENT: "comment"}

Meta = dict[str, Any]


class Node:
    """One node of the replayed document (document, doctype, element, text, comment, shadow root).

    `id` is the rrweb mirror id (0 for nodes the player made itself: shadow roots and the
    text node built from a `_cssText`/textarea `value`). Live state that is a property, not an
    attribute (`value`, `checked`, scroll offsets), is kept beside the attributes.
    """

    # Optional fields are class-level defaults, so a node only stores what it uses and a
    # keyframe can restore a node by assigning its `__dict__` in one step (seek.thaw).
    parent: Node | None = None
    host: Node | None = None  # shadow root -> host element; document -> iframe
    shadow: Node | None = None  # element -> its shadow root
    content: Node | None = None  # iframe -> its content document
    is_svg: bool = False
    meta: Meta | None = None  # the serialized node it was built from
    meta_hash: int | None = None  # build.meta_hash(meta), kept when `meta` is dropped
    canvas: dict[str, Any] | None = None  # a canvas's frame state as plain data (canvas.py)
    value: str | None = None  # dirty `value` property (None: follows the markup)
    checked: bool | None = None  # dirty `checked` property (None: follows markup)
    scroll: tuple[float, float] | None = None  # (left, top) when not at 0,0
    sheet: list[Any] | None = None  # CSSOM edits (StyleSheetRule ops) since it was built
    mode: str = ""  # document: "quirks" / "limited-quirks" as rrweb opens it; "": no-quirks
    #: The node's own fields as a keyframe stores them (`seek.node_record`), cached until they
    #: change: whatever changes a field in place (attrs, text, value, scroll, sheet…) sets it
    #: back to None.
    rec: bytes | None = None

    def __init__(self, kind: int, node_id: int = 0, tag: str = "", text: str = "") -> None:
        self.kind = kind
        self.id = node_id
        self.tag = tag  # lower-case tag name; doctype name for doctypes
        self.text = text  # text/comment content
        self.attrs: dict[str, str] = {}
        self.children: list[Node] = []

    def __repr__(self) -> str:
        return f"<Node {self.kind} #{self.id} {self.tag or self.text[:20]!r}>"


def detach(node: Node) -> None:
    """Remove `node` from its parent's children (no-op when detached)."""
    parent = node.parent
    if parent is None:
        return
    kids = parent.children
    if kids and kids[-1] is node:
        kids.pop()
    else:
        for i, kid in enumerate(kids):
            if kid is node:
                del kids[i]
                break
    node.parent = None


def insert_before(parent: Node, node: Node, ref: Node | None) -> None:
    """DOM insertBefore: move `node` under `parent` before `ref` (append when ref is None)."""
    if node.parent is not None:
        detach(node)
    node.parent = parent
    kids = parent.children
    if ref is None or ref.parent is not parent:
        kids.append(node)
        return
    for i, kid in enumerate(kids):
        if kid is ref:
            kids.insert(i, node)
            return
    kids.append(node)


def contains(ancestor: Node, node: Node) -> bool:
    """DOM Node.contains (inclusive, does not cross shadow or frame boundaries)."""
    cur: Node | None = node
    while cur is not None:
        if cur is ancestor:
            return True
        cur = cur.parent
    return False


def root_of(node: Node) -> Node:
    """The top of `node`'s tree, climbing through shadow roots and iframe documents."""
    cur = node
    while True:
        if cur.parent is not None:
            cur = cur.parent
        elif cur.host is not None:
            cur = cur.host
        else:
            return cur


def iter_subtree(node: Node) -> list[Node]:
    """Every node of the subtree in document order, shadow roots and iframe documents included."""
    out: list[Node] = []
    stack = [node]
    while stack:
        cur = stack.pop()
        out.append(cur)
        if cur.content is not None:
            stack.append(cur.content)
        stack.extend(reversed(cur.children))
        if cur.shadow is not None:
            stack.append(cur.shadow)
    return out


def owner_root(node: Node) -> Node:
    """The top of the tree holding `node` (a document, a shadow root or a detached node)."""
    cur = node
    while cur.parent is not None:
        cur = cur.parent
    return cur


def text_content(node: Node, skip: frozenset[str] = frozenset()) -> str:
    """DOM `textContent`: a text-like node's own text, else its descendant text nodes' text in
    order (not through shadow roots or iframe documents); descendants whose tag is in `skip`
    are left out (e.g. script and style)."""
    if node.kind in (TEXT, COMMENT, CDATA):
        return node.text
    parts: list[str] = []
    stack = list(reversed(node.children))
    while stack:
        cur = stack.pop()
        if cur.kind == TEXT:
            parts.append(cur.text)
        elif cur.kind == ELEMENT and cur.tag not in skip:
            stack.extend(reversed(cur.children))
    return "".join(parts)

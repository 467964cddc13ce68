"""What one mirrored node is, for people: kind, short label, path, live form state, a JSON form."""

from __future__ import annotations

from typing import Any

from .. import nodes
from ..domdump import input_value, select_value, textarea_value
from ..nodes import CDATA, COMMENT, DOCTYPE, DOCUMENT, ELEMENT, SHADOW_ROOT, TEXT, Node

KIND_NAMES = {**nodes.KIND_NAMES, SHADOW_ROOT: "shadow-root"}
#: How many characters of a text node a label shows.
LABEL_TEXT = 40


def kind_name(node: Node) -> str:
    return KIND_NAMES.get(node.kind, "unknown")


def label(node: Node) -> str:
    """A short name: `button#buy.primary.large`, `#text "Pay now"`, `#shadow-root`…"""
    kind = node.kind
    if kind == ELEMENT:
        out = node.tag
        ident = node.attrs.get("id")
        if ident:
            out += "#" + ident
        classes = node.attrs.get("class", "").split()
        if classes:
            out += "".join("." + c for c in classes)
        return out
    if kind in (TEXT, COMMENT, CDATA):
        text = " ".join(node.text.split())
        if len(text) > LABEL_TEXT:
            text = text[: LABEL_TEXT - 1] + "…"
        name = {TEXT: "#text", COMMENT: "#comment", CDATA: "#cdata"}[kind]
        return f'{name} "{text}"'
    if kind == DOCTYPE:
        return f"<!DOCTYPE {node.tag}>"
    if kind == DOCUMENT:
        return "#document"
    return "#shadow-root"


def ancestry(node: Node) -> list[Node]:
    """The node and its ancestors, top first, through shadow roots and iframe documents."""
    chain: list[Node] = []
    cur: Node | None = node
    while cur is not None:
        chain.append(cur)
        cur = cur.parent if cur.parent is not None else cur.host
    chain.reverse()
    return chain


def path(node: Node) -> str:
    """`body > main > form#checkout > button.primary`: the labels from the top document down.

    Documents are left out except an iframe's (`iframe#pay > #document > body > …`), and so
    is a document's `html` element when something follows it; shadow roots show as
    `#shadow-root`, text nodes as `#text`.
    """
    return PathCache().of(node)


def _up(node: Node) -> Node | None:
    return node.parent if node.parent is not None else node.host


def _join(prefix: str, part: str) -> str:
    return f"{prefix} > {part}" if prefix else part


class PathCache:
    """`path()` for many nodes of one state, each ancestor's part of the path computed once."""

    def __init__(self) -> None:
        self._prefixes: dict[int, str] = {}  # id(node) -> the path its descendants start with

    def _prefix(self, node: Node) -> str:
        memo = self._prefixes
        climb: list[Node] = []
        cur: Node | None = node
        while cur is not None and id(cur) not in memo:
            climb.append(cur)
            cur = _up(cur)
        prefix = memo[id(cur)] if cur is not None else ""
        for n in reversed(climb):
            up = _up(n)
            if n.kind == DOCUMENT:
                prefix = _join(prefix, "#document") if up is not None else ""
            elif not (n.kind == ELEMENT and n.tag == "html" and n.parent is not None
                      and n.parent.kind == DOCUMENT):
                prefix = _join(prefix, "#text" if n.kind == TEXT else label(n))
            memo[id(n)] = prefix
        return prefix

    def of(self, node: Node) -> str:
        """The path of `node` (see `path`)."""
        up = _up(node)
        prefix = self._prefix(up) if up is not None else ""
        if node.kind == DOCUMENT:
            return _join(prefix, "#document") if up is not None else ""
        return _join(prefix, "#text" if node.kind == TEXT else label(node))


def value_of(node: Node) -> str | None:
    """The `value` property of a form control (None for other nodes)."""
    if node.kind != ELEMENT:
        return None
    if node.tag == "input":
        return input_value(node)
    if node.tag == "textarea":
        return textarea_value(node)
    if node.tag == "select":
        return select_value(node)
    return node.value


def checked_of(node: Node) -> bool | None:
    """The `checked` property of a checkbox / radio (None for other nodes)."""
    if node.kind != ELEMENT or node.tag != "input":
        return node.checked
    if node.attrs.get("type", "").lower() not in ("checkbox", "radio"):
        return node.checked
    return node.checked if node.checked is not None else "checked" in node.attrs


def checkable(node: Node) -> bool:
    """Is the node a checkbox or a radio button?"""
    return (node.kind == ELEMENT and node.tag == "input"
            and node.attrs.get("type", "").lower() in ("checkbox", "radio"))


def scroll_of(node: Node) -> list[float] | None:
    """[left, top] of a document or element (None for other nodes)."""
    if node.kind not in (DOCUMENT, ELEMENT):
        return None
    left, top = node.scroll or (0.0, 0.0)
    return [left, top]


def child_nodes(node: Node) -> list[Node]:
    """What the Elements tree shows under a node: its shadow root, children, iframe document."""
    out: list[Node] = []
    if node.shadow is not None:
        out.append(node.shadow)
    out.extend(node.children)
    if node.content is not None:
        out.append(node.content)
    return out


def describe(node: Node) -> dict[str, Any]:
    """The node as JSON: id, kind, tag, attributes (as recorded), live state, path, children."""
    out: dict[str, Any] = {"id": node.id, "kind": kind_name(node)}
    if node.kind == ELEMENT:
        out["tag"] = node.tag
        out["attributes"] = dict(node.attrs)
        value = value_of(node)
        if value is not None:
            out[":value"] = value
        checked = checked_of(node)
        if checked is not None:
            out[":checked"] = checked
    elif node.kind in (TEXT, COMMENT, CDATA):
        out["text"] = node.text
    elif node.kind == DOCTYPE:
        out["name"] = node.tag
    scroll = scroll_of(node)
    if scroll is not None:
        out[":scroll"] = scroll
    out["path"] = path(node)
    parent = node.parent if node.parent is not None else node.host
    out["parent"] = parent.id if parent is not None else None
    out["children"] = len(child_nodes(node))
    return out

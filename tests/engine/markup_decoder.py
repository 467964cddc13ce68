"""A reference reader of the markup form (what the page's markup builder does), for tests.

It parses the markup with Python's XML parser (expat, through minidom), checks that the walk
meets exactly the nodes the form announces, and turns the form back into op trees, so a test can
compare them with the trees that were encoded.
"""

from __future__ import annotations

from typing import Any
from xml.dom import Node as XmlNode
from xml.dom import minidom

from viewer.render.engine.markup import OWN_NS, SVG_NS, XHTML_NS

XMLNS_NS = "http://www.w3.org/2000/xmlns/"
_UPPER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def ascii_lower(value: Any) -> Any:
    """What the DOM's createElement does to a tag name in an HTML document."""
    return value.translate(_UPPER) if isinstance(value, str) else value


def document_order(root: Any) -> list[Any]:
    out: list[Any] = []
    stack = list(reversed(root.childNodes))
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(reversed(node.childNodes))
    return out


def decode(form: dict[str, Any]) -> list[dict[str, Any]]:
    """The op trees a markup form stands for (raises when the markup is not well-formed)."""
    assert form["kind"] == "markup"
    dom = minidom.parseString(form["markup"].encode())
    root = dom.documentElement
    assert (root.namespaceURI, root.localName) == (OWN_NS, "w")
    nodes = document_order(root)
    assert len(nodes) == len(form["ids"]), "the walk does not meet the announced nodes"
    index = {id(n): i for i, n in enumerate(nodes)}
    fix = {i: entry for i, entry in form["fix"]}
    assert [i for i, _ in form["fix"]] == sorted(fix), "fix entries are not in document order"
    post = {i: state for i, state in form["post"]}
    ids = form["ids"]

    def element_children(n: Any) -> list[Any]:
        return [c for c in n.childNodes
                if not (c.nodeType == XmlNode.ELEMENT_NODE and c.namespaceURI == OWN_NS
                        and c.localName == "s")]

    def convert(n: Any) -> dict[str, Any]:
        i = index[id(n)]
        entry = fix.get(i, {})
        if n.nodeType == XmlNode.PROCESSING_INSTRUCTION_NODE:
            assert n.target == "r"
            if "text" in entry:
                return {"id": ids[i], "kind": "text", "text": entry["text"]}
            if "comment" in entry:
                return {"id": ids[i], "kind": "comment", "text": entry["comment"]}
            if "cdata" in entry:
                return {"id": ids[i], "kind": "cdata", "text": ""}
            return {"id": ids[i], "kind": "doctype", "name": entry["doctype"]}
        if n.nodeType == XmlNode.TEXT_NODE:
            return {"id": ids[i], "kind": "text", "text": n.data}
        if n.nodeType == XmlNode.COMMENT_NODE:
            return {"id": ids[i], "kind": "comment", "text": n.data}
        assert n.nodeType == XmlNode.ELEMENT_NODE
        attrs: list[tuple[str, Any]] = []
        if n.namespaceURI == OWN_NS:
            assert n.localName == "e" and n.attributes.length == 0
            tag, svg = entry["tag"], entry["svg"]
        else:
            assert n.namespaceURI in (XHTML_NS, SVG_NS)
            tag, svg = n.localName, n.namespaceURI == SVG_NS
            for k in range(n.attributes.length):
                a = n.attributes.item(k)
                if a.namespaceURI == XMLNS_NS or a.name.startswith("xmlns"):
                    assert a.name == "xmlns" and entry.get("xmlns") == 1
                    continue
                attrs.append((a.name, a.value))
        attrs.extend((name, value) for name, value in entry.get("attrs", []))
        out: dict[str, Any] = {"id": ids[i], "kind": "element",
                               "tag": tag if svg else ascii_lower(tag), "attrs": attrs,
                               "svg": svg,
                               "children": [convert(c) for c in element_children(n)]}
        holders = [c for c in n.childNodes if c not in element_children(n)]
        if holders:
            assert len(holders) == 1 and n.firstChild is holders[0]
            h = holders[0]
            assert fix[index[id(h)]] == {"shadow": 1}
            out["shadow"] = {"id": ids[index[id(h)]], "kind": "shadow",
                             "children": [convert(c) for c in h.childNodes]}
        state = dict(post.get(i, {}))
        if isinstance(state.get("content"), dict):
            state["content"] = decode_document(state["content"])
        out.update(state)
        return out

    return [convert(n) for n in root.childNodes]


def decode_document(tree: dict[str, Any]) -> dict[str, Any]:
    """A document tree whose children may be in markup form, with plain children."""
    out = dict(tree)
    children: list[dict[str, Any]] = []
    for child in tree.get("children") or []:
        children.extend(decode(child) if child.get("kind") == "markup" else [child])
    out["children"] = children
    return out


def normalized(tree: Any) -> Any:
    """An op tree as the markup form keeps it: HTML tags lower case, unknown kinds dropped,
    attributes in order (as a list)."""
    if not isinstance(tree, dict):
        return tree
    kind = tree.get("kind")
    if kind in ("text", "comment"):
        return {"id": tree.get("id"), "kind": kind, "text": tree.get("text")}
    if kind == "cdata":
        return {"id": tree.get("id"), "kind": kind, "text": ""}
    if kind == "doctype":
        return {"id": tree.get("id"), "kind": kind, "name": tree.get("name")}
    if kind == "document":
        out = dict(tree)
        out["children"] = [normalized(c) for c in tree.get("children") or []
                           if isinstance(c, dict) and c.get("kind") in KEPT]
        return out
    assert kind == "element"
    out = dict(tree)
    svg = bool(tree.get("svg"))
    tag = tree.get("tag")
    out["tag"] = ascii_lower(tag) if not svg else tag
    out["svg"] = svg
    out["attrs"] = list((tree.get("attrs") or {}).items())
    out["children"] = [normalized(c) for c in tree.get("children") or []
                       if isinstance(c, dict) and c.get("kind") in KEPT]
    if isinstance(tree.get("shadow"), dict):
        shadow = tree["shadow"]
        out["shadow"] = {"id": shadow.get("id"), "kind": "shadow",
                         "children": [normalized(c) for c in shadow.get("children") or []
                                      if isinstance(c, dict) and c.get("kind") in KEPT]}
    if isinstance(tree.get("content"), dict):
        out["content"] = normalized(tree["content"])
    return out


KEPT = ("element", "text", "comment", "cdata", "doctype")

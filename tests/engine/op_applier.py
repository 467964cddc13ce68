"""A reference patch-op applier (what the page's JS does), on engine nodes, for tests."""

from __future__ import annotations

from typing import Any

from viewer.render.engine.nodes import (
    CDATA,
    COMMENT,
    DOCTYPE,
    DOCUMENT,
    ELEMENT,
    SHADOW_ROOT,
    TEXT,
    Node,
    detach,
    insert_before,
)

_KINDS = {
    "document": DOCUMENT,
    "doctype": DOCTYPE,
    "element": ELEMENT,
    "text": TEXT,
    "cdata": CDATA,
    "comment": COMMENT,
    "shadow": SHADOW_ROOT,
}


class OpApplier:
    """Keeps a DOM built only from patch ops; `document` can be dumped with domdump.dump."""

    def __init__(self) -> None:
        self.nodes: dict[int, Node] = {}
        self.document: Node | None = None

    def build(self, tree: dict[str, Any]) -> Node:
        kind = _KINDS[tree["kind"]]
        node = Node(
            kind,
            tree["id"],
            tag=tree.get("tag") or tree.get("name") or "",
            text=tree.get("text", ""),
        )
        node.attrs = dict(tree.get("attrs") or {})
        node.is_svg = bool(tree.get("svg"))
        node.value = tree.get("value")
        node.checked = tree.get("checked")
        scroll = tree.get("scroll")
        node.scroll = (scroll[0], scroll[1]) if scroll else None
        self.nodes[node.id] = node
        for child in tree.get("children") or []:
            sub = self.build(child)
            sub.parent = node
            node.children.append(sub)
        if tree.get("shadow") is not None:
            root = self.build(tree["shadow"])
            root.host = node
            node.shadow = root
        if tree.get("content") is not None:
            doc = self.build(tree["content"])
            doc.host = node
            node.content = doc
        return node

    def apply(self, op: dict[str, Any]) -> None:
        kind = op["op"]
        nodes = self.nodes
        if kind == "reset":
            self.nodes = {}
            self.document = self.build(op["tree"]) if op["tree"] else None
        elif kind == "insert":
            node = self.build(op["node"])
            parent = nodes[op["parent"]]
            if op.get("content"):
                node.host = parent
                parent.content = node
            else:
                ref = nodes.get(op["before"]) if op["before"] is not None else None
                insert_before(parent, node, ref)
        elif kind == "move":
            node = nodes[op["id"]]
            ref = nodes.get(op["before"]) if op["before"] is not None else None
            detach(node)
            insert_before(nodes[op["parent"]], node, ref)
        elif kind == "remove":
            detach(nodes[op["id"]])
        elif kind == "attach_shadow":
            root = Node(SHADOW_ROOT, op["id"])
            host = nodes[op["host"]]
            root.host = host
            host.shadow = root
            nodes[root.id] = root
        elif kind == "set_attr":
            nodes[op["id"]].attrs[op["name"]] = op["value"]
        elif kind == "remove_attr":
            nodes[op["id"]].attrs.pop(op["name"], None)
        elif kind == "set_text":
            nodes[op["id"]].text = op["text"]
        elif kind == "set_input":
            node = nodes[op["id"]]
            if "value" in op:
                node.value = op["value"]
            if "checked" in op:
                node.checked = op["checked"]
        elif kind == "scroll":
            left, top = op["left"], op["top"]
            nodes[op["id"]].scroll = None if (left == 0 and top == 0) else (left, top)

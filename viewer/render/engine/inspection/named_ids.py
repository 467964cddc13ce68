"""Which node ids an rrweb event names directly, and in what role (the node-history rule).

The rule, exact and purely from the recorded event (no engine state):

- FullSnapshot (type 2): every `id` in the serialized tree `data.node` (recursively through
  `childNodes`) — role `snapshot`.
- Mutation (type 3, source 0): every `id` in each `adds[].node` serialized subtree (`add` for
  the top node of an add, `add-child` for nodes nested in it: iframe documents), each
  `removes[].id` (`remove`), `texts[].id` (`text`), `attributes[].id` (`attribute`).
  `parentId` / `nextId` / `previousId` name a node's neighbours, not a change of that node.
- `data.id` of MouseInteraction (2, `mouse`), Scroll (3, `scroll`), Input (5, `input`),
  MediaInteraction (7, `media`), CanvasMutation (9, `canvas`), StyleSheetRule (8,
  `style-rule`), StyleDeclaration (13, `style-declaration`), AdoptedStyleSheet (15, `adopted`).
  Rules and declarations of a constructed sheet (addressed by `styleId` only) name no node.
- Selection (14): the `start` and `end` ids of `data.ranges[]` (`selection`).
- Not included: mouse / touch / drag positions (1, 6, 12) — they name the element under the
  pointer many times a second and would bury a node's history; viewport, font, log, custom
  element, Meta, custom and plugin events name no node.

An id is an int (not a bool) and not -1 (rrweb's "no node").
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

FULL_SNAPSHOT = 2
INCREMENTAL = 3

MUTATION = 0
MOUSE_INTERACTION = 2
SCROLL = 3
INPUT = 5
MEDIA = 7
STYLE_RULE = 8
CANVAS = 9
STYLE_DECLARATION = 13
SELECTION = 14
ADOPTED = 15

#: Incremental sources whose `data.id` names the changed node, with the role they give it.
ID_SOURCES: dict[int, str] = {
    MOUSE_INTERACTION: "mouse",
    SCROLL: "scroll",
    INPUT: "input",
    MEDIA: "media",
    STYLE_RULE: "style-rule",
    CANVAS: "canvas",
    STYLE_DECLARATION: "style-declaration",
    ADOPTED: "adopted",
}

#: One naming: (node id, role, the piece of the event that names it).
Naming = tuple[int, str, Any]


def is_node_id(value: Any) -> bool:
    """A usable rrweb node id: an int, not a bool, not -1."""
    return type(value) is int and value != -1


def serialized_ids(meta: Any) -> Iterator[tuple[int, int | None]]:
    """(id, enclosing serialized node id) for every node of a serialized tree, in order."""
    if not isinstance(meta, dict):
        return
    stack: list[tuple[dict[str, Any], int | None]] = [(meta, None)]
    while stack:
        cur, parent = stack.pop()
        node_id = cur.get("id")
        here = parent
        if type(node_id) is int and node_id != -1:
            yield node_id, parent
            here = node_id
        kids = cur.get("childNodes")
        if isinstance(kids, list):
            stack.extend((k, here) for k in reversed(kids) if isinstance(k, dict))


def named_ids(event: Any) -> list[Naming]:
    """Every (id, role, piece) an event names directly (see the module docstring)."""
    if not isinstance(event, dict):
        return []
    data = event.get("data")
    if not isinstance(data, dict):
        return []
    kind = event.get("type")
    if kind == FULL_SNAPSHOT:
        return [(i, "snapshot", parent) for i, parent in serialized_ids(data.get("node"))]
    if kind != INCREMENTAL:
        return []
    source = data.get("source")
    if source == MUTATION:
        return _mutation_ids(data)
    if source == SELECTION:
        out: list[Naming] = []
        ranges = data.get("ranges")
        for rng in ranges if isinstance(ranges, list) else []:
            if isinstance(rng, dict):
                for key in ("start", "end"):
                    if is_node_id(rng.get(key)):
                        out.append((rng[key], "selection", rng))
        return out
    role = ID_SOURCES.get(source) if type(source) is int else None
    if role is not None and is_node_id(data.get("id")):
        return [(data["id"], role, data)]
    return []


def _mutation_ids(data: dict[str, Any]) -> list[Naming]:
    """In rrweb's order of application: removes, adds, texts, attributes."""
    out = _items(data, "removes", "remove")
    adds = data.get("adds")
    for add in adds if isinstance(adds, list) else []:
        if not isinstance(add, dict):
            continue
        for node_id, parent in serialized_ids(add.get("node")):
            if parent is None:
                out.append((node_id, "add", add))
            else:
                out.append((node_id, "add-child", parent))
    out.extend(_items(data, "texts", "text"))
    out.extend(_items(data, "attributes", "attribute"))
    return out


def _items(data: dict[str, Any], key: str, role: str) -> list[Naming]:
    items = data.get(key)
    return [
        (item["id"], role, item)
        for item in (items if isinstance(items, list) else [])
        if isinstance(item, dict) and is_node_id(item.get("id"))
    ]


def ids_named_between(events: Sequence[Any], start: int, stop: int) -> set[int]:
    """Ids named by events[start:stop]: the nodes a step or a short seek touched (e.g. the
    Elements panel's `changed_ids`)."""
    return {node_id for i in range(max(start, 0), min(stop, len(events)))
            for node_id, _, _ in named_ids(events[i])}

"""The differences between the DOM at two moments A and B: nodes added, removed, moved, changed.

Nodes are matched by rrweb id, which only means the same node within one page. A FullSnapshot
between A and B starts a new page unless it is a checkout of the same page: every id it shares
with the state just before it names the same kind of node (node type and tag) — rrweb keeps its
id mirror across checkouts, while a page load starts numbering again. Across a new page the
diff is "the whole page replaced": A's document removed, B's added (`"page": true`).

Within a page each change is `{"change", "id", "exists", "node", "path", "detail"}`, `exists`
saying where the node can be selected (`A`, `B` or `both`):

- `added` (B) / `removed` (A): the top of each added / removed subtree (`parent`, `nodes` =
  how many recorded nodes the subtree adds or removes);
- `moved` (both): another parent (`from`, `to`), or the same parent in another order among the
  siblings both moments share (`order: true`; the fewest nodes that explain the new order);
- `replaced` (both): the id names another kind of node (`a`, `b`: labels);
- `attribute` (`name`, `a`, `b`; None = absent), `text` (`a`, `b`), `value`, `checked`,
  `scroll` (`a`, `b`) for nodes present at both moments.

Nodes the player made itself (shadow roots, the text a textarea `value` or an element's text
mutation becomes) have no recorded id: their text counts as the parent element's `text`.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from typing import Any

from ..engine import DomEngine
from ..nodes import CDATA, COMMENT, DOCUMENT, ELEMENT, SHADOW_ROOT, TEXT, Node, iter_subtree
from ..seek import SeekIndex, paused_gc
from .node_info import PathCache, checkable, checked_of, label, value_of
from .pages import PageBreaks

Change = dict[str, Any]
CHANGE_ORDER = ("removed", "added", "moved", "replaced", "attribute", "text", "value",
                "checked", "scroll")


@dataclass(frozen=True, slots=True)
class _Place:
    node: Node
    parent: int | None  # recorded-style parent id (a shadow root's host)
    shadow: bool  # a child of its parent's shadow root
    order: int  # document order


def _index(doc: Node | None) -> dict[int, _Place]:
    """Every recorded node reachable from the document, with its place (a shadow root's
    children count as its host's, marked `shadow`; an iframe's document as the iframe's)."""
    out: dict[int, _Place] = {}
    if doc is None:
        return out
    stack: list[tuple[Node, int | None, bool]] = [(doc, None, False)]
    order = 0
    while stack:
        node, parent, shadow = stack.pop()
        here = parent
        if node.id > 0:
            out[node.id] = _Place(node, parent, shadow, order)
            order += 1
            here = node.id
        if node.content is not None:
            stack.append((node.content, here, False))
        in_shadow = node.kind == SHADOW_ROOT
        stack.extend((kid, here, in_shadow) for kid in reversed(node.children))
        if node.shadow is not None:
            stack.append((node.shadow, here, True))
    return out


def _local_text(node: Node) -> str | None:
    """The text of an element's player-made text children (None when it has none)."""
    parts = [c.text for c in node.children if c.id <= 0 and c.kind == TEXT]
    return "".join(parts) if parts else None


def _same_kind(a: Node, b: Node) -> bool:
    return a.kind == b.kind and a.tag == b.tag


def _kept_in_order(seq: list[int]) -> set[int]:
    """Positions of a longest increasing subsequence of `seq` (patience sorting)."""
    tails: list[int] = []  # seq value at the end of each pile
    tail_at: list[int] = []  # position in seq of that tail
    back: list[int] = [-1] * len(seq)
    for i, value in enumerate(seq):
        k = bisect.bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_at.append(i)
        else:
            tails[k] = value
            tail_at[k] = i
        back[i] = tail_at[k - 1] if k > 0 else -1
    kept: set[int] = set()
    i = tail_at[-1] if tail_at else -1
    while i >= 0:
        kept.add(i)
        i = back[i]
    return kept


class _Differ:
    def __init__(self, a: DomEngine, b: DomEngine) -> None:
        self.a = _index(a.document)
        self.b = _index(b.document)
        self.changes: list[tuple[int, int, Change]] = []  # (group, order, change)
        self._paths = PathCache()

    def add(self, change: str, place: _Place, exists: str, detail: dict[str, Any],
            group: int = 1) -> None:
        node = place.node
        self.changes.append((group, place.order, {
            "change": change, "id": node.id, "exists": exists, "node": label(node),
            "path": self._paths.of(node), "detail": detail,
        }))

    def run(self) -> list[Change]:
        a, b = self.a, self.b
        for node_id, place in a.items():
            if node_id not in b and (place.parent is None or place.parent in b):
                count = sum(1 for n in iter_subtree(place.node) if n.id > 0 and n.id not in b)
                self.add("removed", place, "A", {"parent": place.parent, "nodes": count}, 0)
        for node_id, place in b.items():
            old = a.get(node_id)
            if old is None:
                if place.parent is None or place.parent in a:
                    count = sum(1 for n in iter_subtree(place.node) if n.id > 0 and n.id not in a)
                    self.add("added", place, "B", {"parent": place.parent, "nodes": count})
                continue
            if not _same_kind(old.node, place.node):
                self.add("replaced", place, "both",
                         {"a": label(old.node), "b": label(place.node)})
                continue
            if old.parent != place.parent or old.shadow != place.shadow:
                self.add("moved", place, "both", {"from": old.parent, "to": place.parent})
            self.compare(old.node, place)
        self.reorders()
        self.changes.sort(key=lambda c: (c[0], c[1], CHANGE_ORDER.index(c[2]["change"])))
        return [c for _, _, c in self.changes]

    def compare(self, old: Node, place: _Place) -> None:
        new = place.node
        if new.kind in (TEXT, COMMENT, CDATA):
            if old.text != new.text:
                self.add("text", place, "both", {"a": old.text, "b": new.text})
            return
        if new.kind == ELEMENT:
            if old.attrs != new.attrs:
                for name in sorted(old.attrs.keys() | new.attrs.keys()):
                    va, vb = old.attrs.get(name), new.attrs.get(name)
                    if va != vb:
                        self.add("attribute", place, "both", {"name": name, "a": va, "b": vb})
            ta, tb = _local_text(old), _local_text(new)
            if ta != tb:
                self.add("text", place, "both", {"a": ta, "b": tb})
            if old.value is not None or new.value is not None or new.tag == "select":
                va2, vb2 = value_of(old), value_of(new)
                if va2 != vb2:
                    self.add("value", place, "both", {"a": va2, "b": vb2})
            ca, cb = checked_of(old), checked_of(new)
            if ca != cb and checkable(new):
                self.add("checked", place, "both", {"a": ca, "b": cb})
        if new.kind in (ELEMENT, DOCUMENT) and old.scroll != new.scroll:
            sa, sb = old.scroll or (0.0, 0.0), new.scroll or (0.0, 0.0)
            self.add("scroll", place, "both", {"a": list(sa), "b": list(sb)})

    def reorders(self) -> None:
        """Siblings that kept their parent but not their order among the shared siblings."""
        a, b = self.a, self.b
        for node_id, place in b.items():
            old = a.get(node_id)
            if old is None or not _same_kind(old.node, place.node):
                continue
            for old_kids, new_kids in _child_lists(old.node, place.node):
                if len(old_kids) + len(new_kids) < 2:
                    continue
                if len(old_kids) == len(new_kids) and all(
                    x.id == y.id for x, y in zip(old_kids, new_kids, strict=True)
                ):
                    continue
                shared = [k.id for k in new_kids if k.id > 0 and _stayed(k.id, node_id, a, b)]
                if len(shared) < 2:
                    continue
                rank = {k.id: i for i, k in enumerate(old_kids)}
                seq = [rank[i] for i in shared]
                kept = _kept_in_order(seq)
                for pos, kid_id in enumerate(shared):
                    if pos not in kept:
                        self.add("moved", b[kid_id], "both",
                                 {"from": node_id, "to": node_id, "order": True})


def _child_lists(old: Node, new: Node) -> list[tuple[list[Node], list[Node]]]:
    pairs = [(old.children, new.children)]
    if old.shadow is not None and new.shadow is not None:
        pairs.append((old.shadow.children, new.shadow.children))
    return pairs


def _stayed(kid: int, parent: int, a: dict[int, _Place], b: dict[int, _Place]) -> bool:
    pa, pb = a.get(kid), b.get(kid)
    return (
        pa is not None
        and pb is not None
        and pa.parent == parent
        and pb.parent == parent
        and pa.shadow == pb.shadow
        and _same_kind(pa.node, pb.node)
    )


def diff_engines(a: DomEngine, b: DomEngine) -> list[Change]:
    """The changes from engine state A to engine state B of the same page (by node id)."""
    return _Differ(a, b).run()


def moment_of_position(seek: SeekIndex, position: int) -> float:
    """A time t whose moment applies the first `position` events (just after event
    position-1; the first timestamp for 0)."""
    stamps = seek.timeline.timestamps
    if not stamps:
        return 0.0
    if position <= 0:
        return stamps[0]
    return math.nextafter(stamps[position - 1], math.inf)


def diff_positions(seek: SeekIndex, a: int, b: int, breaks: PageBreaks | None = None
                   ) -> dict[str, Any]:
    """The diff from the moment after the first `a` events to the moment after the first `b`."""
    breaks = breaks if breaks is not None else PageBreaks(seek)
    with paused_gc():  # as for a seek: many short-lived objects, nothing to collect meanwhile
        return _diff_positions(seek, a, b, breaks)


def _diff_positions(seek: SeekIndex, a: int, b: int, breaks: PageBreaks) -> dict[str, Any]:
    ea, eb = seek.engine_at_position(a), seek.engine_at_position(b)
    new_pages = breaks.between(a, b)
    out: dict[str, Any] = {
        "from": _side(ea, a),
        "to": _side(eb, b),
        "same_page": not new_pages and ea.document is not None and eb.document is not None,
    }
    if new_pages:
        out["page_loads"] = new_pages
    changes = diff_engines(ea, eb) if out["same_page"] else _page_replaced(ea, eb)
    counts: dict[str, int] = {}
    for change in changes:
        counts[change["change"]] = counts.get(change["change"], 0) + 1
    out["counts"] = counts
    out["changes"] = changes
    return out


def _side(engine: DomEngine, position: int) -> dict[str, Any]:
    doc = engine.document
    return {"event": position, "href": engine.href,
            "document": doc.id if doc is not None else None}


def _page_replaced(a: DomEngine, b: DomEngine) -> list[Change]:
    out: list[Change] = []
    for engine, change, exists in ((a, "removed", "A"), (b, "added", "B")):
        doc = engine.document
        if doc is None:
            continue
        nodes = sum(1 for n in iter_subtree(doc) if n.id > 0)
        out.append({"change": change, "id": doc.id, "exists": exists, "node": label(doc),
                    "path": "", "detail": {"page": True, "href": engine.href, "nodes": nodes}})
    return out


def diff_moments(seek: SeekIndex, t_a: float, t_b: float, breaks: PageBreaks | None = None
                 ) -> dict[str, Any]:
    """The diff between moments t_a and t_b (each: every event with timestamp < t applied)."""
    tl = seek.timeline
    out = diff_positions(seek, tl.count_before(t_a), tl.count_before(t_b), breaks)
    out["from"]["t"] = t_a
    out["to"]["t"] = t_b
    return out

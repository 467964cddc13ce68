"""Broken recordings for the engine, built in code: each case is a name and its events."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests import builders as b

Event = dict[str, Any]
T0 = b.T0
BODY = 5
HEAD = 4


def el(node_id: int, tag: str = "div", attrs: dict[str, Any] | None = None,
       kids: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"type": 2, "id": node_id, "tagName": tag, "attributes": attrs or {},
            "childNodes": kids or []}


def text(node_id: int, value: str) -> dict[str, Any]:
    return {"type": 3, "id": node_id, "textContent": value}


def mutation(ts: int = T0 + 10, adds: list[Any] | None = None, removes: list[Any] | None = None,
             texts: list[Any] | None = None, attributes: list[Any] | None = None) -> Event:
    return {"type": 3, "timestamp": ts, "data": {"source": 0, "adds": adds or [],
            "removes": removes or [], "texts": texts or [], "attributes": attributes or []}}


def add(parent: int, node: dict[str, Any], next_id: int | None = None) -> dict[str, Any]:
    return {"parentId": parent, "nextId": next_id, "node": node}


def start(*body: dict[str, Any]) -> list[Event]:
    """Meta + a FullSnapshot whose body (id 5) holds `body` after the text node 6."""
    snap = b.full_snapshot()
    snap["data"]["node"]["childNodes"][1]["childNodes"][1]["childNodes"].extend(body)
    return [b.meta(), snap]


def tree() -> list[Event]:
    """body > div#10 > div#11 > div#12, and body > p#20."""
    return start(el(10, kids=[el(11, kids=[el(12)])]), el(20, "p"))


def unknown_ids() -> list[Event]:
    return [*tree(), mutation(
        adds=[add(999, el(30)), add(BODY, el(31), next_id=998), add(BODY, {"type": 3})],
        removes=[{"parentId": 999, "id": 10}, {"parentId": BODY, "id": 997}],
        texts=[{"id": 996, "value": "x"}], attributes=[{"id": 995, "attributes": {"a": "b"}}]),
        {"type": 3, "timestamp": T0 + 11, "data": {"source": 3, "id": 994, "x": 1, "y": 2}},
        {"type": 3, "timestamp": T0 + 12, "data": {"source": 5, "id": 993, "text": "x",
                                                   "isChecked": False}},
        {"type": 3, "timestamp": T0 + 13, "data": {"source": 14, "ranges": [
            {"start": 992, "startOffset": 0, "end": 991, "endOffset": 3}]}}]


def add_under_itself() -> list[Event]:
    return [*tree(), mutation(adds=[add(10, el(10))]),
            mutation(T0 + 11, adds=[add(12, el(10))]),
            mutation(T0 + 12, adds=[add(11, el(10), next_id=12)])]


def remove_twice() -> list[Event]:
    removes = [{"parentId": 10, "id": 11}, {"parentId": 10, "id": 11}, {"parentId": 11, "id": 12}]
    return [*tree(), mutation(removes=removes), mutation(T0 + 11, removes=removes)]


def reorder_into_cycles() -> list[Event]:
    return [*tree(), mutation(
        removes=[{"parentId": BODY, "id": 10}, {"parentId": 10, "id": 11}],
        adds=[add(11, el(10)), add(10, el(11))]),
        mutation(T0 + 11, adds=[add(BODY, el(40), next_id=41), add(BODY, el(41), next_id=40)]),
        mutation(T0 + 12, adds=[add(42, el(43)), add(43, el(42))])]


def insert_before_other_parent() -> list[Event]:
    return [*tree(), mutation(adds=[add(BODY, el(30), next_id=12), add(HEAD, el(31),
                                                                       next_id=20)])]


def unresolved_next_ids(count: int = 100_000) -> list[Event]:
    adds = [add(BODY, el(1000 + i), next_id=10**9 + i) for i in range(count)]
    return [*tree(), mutation(adds=adds)]


def huge_text(size: int = 5 * 1024 * 1024) -> list[Event]:
    return [*start(el(10, kids=[text(11, "x" * size)])),
            mutation(texts=[{"id": 11, "value": "y" * size}]),
            mutation(T0 + 11, adds=[add(10, text(12, "z" * size))])]


def deep_nesting(depth: int = 50, repeats: int = 100) -> list[Event]:
    chains = []
    next_id = 100
    for _ in range(repeats):
        node: dict[str, Any] = el(next_id)
        first = node
        next_id += 1
        for _ in range(depth - 1):
            child = el(next_id)
            next_id += 1
            node["childNodes"] = [child]
            node = child
        chains.append(first)
    adds = []
    for _ in range(repeats):  # the same shape again, added node by node
        parent = BODY
        for _ in range(depth):
            adds.append(add(parent, el(next_id)))
            parent = next_id
            next_id += 1
    return [*start(*chains), mutation(adds=adds)]


def sheet_rule(ts: int, **data: Any) -> Event:
    return {"type": 3, "timestamp": ts, "data": {"source": 8, "id": 10, **data}}


def rule_indexes_out_of_range() -> list[Event]:
    style = el(10, "style", {"_cssText": "a { color: red; }"})
    return [*start(style),
            sheet_rule(T0 + 10, adds=[{"rule": "b { color: blue; }", "index": 999}]),
            sheet_rule(T0 + 11, adds=[{"rule": "i { color: blue; }", "index": -5}]),
            sheet_rule(T0 + 12, adds=[{"rule": "u { color: blue; }", "index": [7, 9, 11]}]),
            sheet_rule(T0 + 13, removes=[{"index": 1000}, {"index": [4, 2]}, {"index": -1}]),
            sheet_rule(T0 + 14, adds=[{"rule": "s {}", "index": "2"}], removes=[{"index": None}]),
            {"type": 3, "timestamp": T0 + 15, "data": {
                "source": 13, "id": 10, "index": [99, 3],
                "set": {"property": "color", "value": "red"}}},
            {"type": 3, "timestamp": T0 + 16, "data": {"source": 13, "styleId": 77, "index": [0],
                                                       "remove": {"property": "color"}}},
            {"type": 3, "timestamp": T0 + 17, "data": {"source": 15, "id": 1, "styleIds": [5, 6],
                                                       "styles": [{"styleId": 5, "rules": [
                                                           {"rule": "p {}", "index": 40}]}]}}]


def snapshot_without_html() -> list[Event]:
    no_html = {"type": 2, "timestamp": T0 + 1, "data": {"node": {"type": 0, "id": 1,
               "childNodes": [{"type": 1, "id": 2, "name": "html", "publicId": "",
                               "systemId": ""}]}, "initialOffset": {"top": 0, "left": 0}}}
    empty = {"type": 2, "timestamp": T0 + 20, "data": {"node": {"type": 0, "id": 1}}}
    none = {"type": 2, "timestamp": T0 + 30, "data": {}}
    return [b.meta(), no_html, mutation(adds=[add(5, el(30))], texts=[{"id": 6, "value": "x"}]),
            empty, mutation(T0 + 21, adds=[add(1, el(3, "html"))]), none,
            mutation(T0 + 31, adds=[add(3, el(4, "body"))])]


def out_of_order() -> list[Event]:
    events = [*tree(), mutation(T0 + 30, texts=[{"id": 6, "value": "late"}]),
              mutation(T0 + 20, adds=[add(BODY, el(30))]),
              mutation(T0 + 10, removes=[{"parentId": BODY, "id": 30}])]
    return list(reversed(events))


def extreme_timestamps() -> list[Event]:
    events = tree()
    events[0]["timestamp"] = 0
    return [*events, mutation(2**53, texts=[{"id": 6, "value": "future"}]),
            mutation(0, adds=[add(BODY, el(30))]),
            mutation(10**15, attributes=[{"id": 10, "attributes": {"class": "x"}}])]


CASES: dict[str, Callable[[], list[Event]]] = {
    "unknown ids": unknown_ids,
    "add under itself or a descendant": add_under_itself,
    "remove twice": remove_twice,
    "reorder into cycles": reorder_into_cycles,
    "insert before a node of another parent": insert_before_other_parent,
    "100 000 adds with unresolvable nextId": unresolved_next_ids,
    "5 MB text node": huge_text,
    "50-level nesting repeated": deep_nesting,
    "stylesheet rule indexes out of range": rule_indexes_out_of_range,
    "FullSnapshot without html": snapshot_without_html,
    "events out of order": out_of_order,
    "timestamps at 0 and far in the future": extreme_timestamps,
}
#: Cases that must leave problems counted (the others are legal, if odd, recordings).
WITH_PROBLEMS = frozenset(CASES) - {"5 MB text node", "50-level nesting repeated",
                                    "events out of order", "timestamps at 0 and far in the future",
                                    "insert before a node of another parent"}

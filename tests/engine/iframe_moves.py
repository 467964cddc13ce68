"""Fixture events: a same-origin iframe whose document arrived is moved (alone, inside its
parent, or removed and added again) before the recording sends its new document."""

from __future__ import annotations

from typing import Any

from tests import builders as b

T = b.T0
FRAME, OLD_DOC, NEW_DOC = 10, 50, 60
#: Moments: the old document shown; just after the move; after the new document arrived.
BEFORE, MOVED, ARRIVED = T + 15, T + 27, T + 35


def element(node_id: int, tag: str, kids: list[Any] | None = None,
            attrs: dict[str, str] | None = None) -> dict[str, Any]:
    return {"type": 2, "id": node_id, "tagName": tag, "attributes": attrs or {},
            "childNodes": kids or []}


def document(base: int, text: str) -> dict[str, Any]:
    body = element(base + 3, "body", [{"type": 3, "id": base + 4, "textContent": text,
                                       "rootId": base}])
    html = element(base + 1, "html", [element(base + 2, "head"), body])
    for node in (html, body, *html["childNodes"]):
        node["rootId"] = base
    return {"type": 0, "id": base, "childNodes": [html]}


def mutation(ts: int, adds: list[Any] | None = None,
             removes: list[Any] | None = None) -> dict[str, Any]:
    return {"type": 3, "timestamp": ts, "data": {"source": 0, "texts": [], "attributes": [],
                                                 "adds": adds or [], "removes": removes or []}}


def frame() -> dict[str, Any]:
    return element(FRAME, "iframe", attrs={"id": "f"})


def recording(move: str) -> list[dict[str, Any]]:
    """`move`: "alone" (the iframe re-added where it is, no remove: a move), "parent" (the
    div holding it is moved), "remove+add" (removed and added again in one mutation),
    "remove, later add" (removed, added again 5 ms later)."""
    snapshot = b.full_snapshot(T + 1)
    holder = element(7, "div", [frame()], {"id": "a"})
    body = snapshot["data"]["node"]["childNodes"][1]["childNodes"][1]
    body["childNodes"] = [holder, element(8, "div", [], {"id": "b"})]
    events = [b.meta(), snapshot,
              mutation(T + 10, adds=[{"parentId": FRAME, "nextId": None,
                                      "node": document(OLD_DOC, "old")}])]
    add_frame = {"parentId": 8, "nextId": None, "node": frame()}
    remove_frame = {"parentId": 7, "id": FRAME}
    if move == "alone":
        events.append(mutation(T + 20, adds=[add_frame]))
    elif move == "parent":
        events.append(mutation(T + 20, adds=[{"parentId": 8, "nextId": None,
                                              "node": element(7, "div", [], {"id": "a"})}]))
    elif move == "remove+add":
        events.append(mutation(T + 20, adds=[add_frame], removes=[remove_frame]))
    else:
        events.append(mutation(T + 20, removes=[remove_frame]))
        events.append(mutation(T + 25, adds=[add_frame]))
    events.append(mutation(T + 30, adds=[{"parentId": FRAME, "nextId": None,
                                          "node": document(NEW_DOC, "new")}]))
    return events


MOVES = ("alone", "parent", "remove+add", "remove, later add")

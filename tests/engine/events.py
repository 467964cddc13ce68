"""Small builders of rrweb events for hand-made engine tests."""

from __future__ import annotations

from typing import Any

T0 = 1_700_000_000_000


def el(
    node_id: int,
    tag: str,
    attrs: dict[str, Any] | None = None,
    *children: dict[str, Any],
    **extra: Any,
) -> dict[str, Any]:
    """A serialized element (type 2)."""
    return {
        "type": 2,
        "id": node_id,
        "tagName": tag,
        "attributes": attrs or {},
        "childNodes": list(children),
        **extra,
    }


def text(node_id: int, content: str, **extra: Any) -> dict[str, Any]:
    return {"type": 3, "id": node_id, "textContent": content, **extra}


def page(*body: dict[str, Any], head: tuple[dict[str, Any], ...] = ()) -> dict[str, Any]:
    """A document: 1 doc, 2 doctype, 3 html, 4 head, 5 body (body children given)."""
    return {
        "type": 0,
        "id": 1,
        "childNodes": [
            {"type": 1, "id": 2, "name": "html", "publicId": "", "systemId": ""},
            el(3, "html", {}, el(4, "head", {}, *head), el(5, "body", {}, *body)),
        ],
    }


def snapshot(doc: dict[str, Any], ts: int = 1, top: int = 0) -> dict[str, Any]:
    return {
        "type": 2,
        "timestamp": T0 + ts,
        "data": {"node": doc, "initialOffset": {"top": top, "left": 0}},
    }


def meta(ts: int = 0, width: int = 1000, height: int = 800) -> dict[str, Any]:
    return {
        "type": 4,
        "timestamp": T0 + ts,
        "data": {"href": "http://x/", "width": width, "height": height},
    }


def mutation(
    ts: int,
    adds: list[Any] | None = None,
    removes: list[Any] | None = None,
    texts: list[Any] | None = None,
    attributes: list[Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "type": 3,
        "timestamp": T0 + ts,
        "data": {
            "source": 0,
            "adds": adds or [],
            "removes": removes or [],
            "texts": texts or [],
            "attributes": attributes or [],
            **extra,
        },
    }


def add(
    parent: int, node: dict[str, Any], next_id: int | None = None, **extra: Any
) -> dict[str, Any]:
    return {"parentId": parent, "nextId": next_id, "node": node, **extra}


def incremental(ts: int, source: int, **data: Any) -> dict[str, Any]:
    return {"type": 3, "timestamp": T0 + ts, "data": {"source": source, **data}}


def at(ts: float) -> float:
    """The moment just after `ts` (every event at or before it applied)."""
    return T0 + ts + 0.5


def hydration_error_events() -> list[dict[str, Any]]:
    """A page whose text the client changes after a Sentry hydration-error breadcrumb (at
    T0 + 6): DOM changes at 5 (before it), 7, 8 and 9 (after it)."""
    return [
        meta(),
        snapshot(page(el(10, "div", {"id": "root"}, text(11, "server")))),
        mutation(5, attributes=[{"id": 10, "attributes": {"class": "x"}}]),
        {"type": 5, "timestamp": T0 + 6, "data": {"tag": "breadcrumb", "payload": {
            "category": "replay.hydrate-error", "timestamp": (T0 + 6) / 1000,
            "type": "default", "data": {"url": "http://x/"}}}},
        mutation(7, texts=[{"id": 11, "value": "client"}]),
        mutation(8, adds=[add(10, el(12, "span"))]),
        mutation(9, attributes=[{"id": 10, "attributes": {"class": "late"}}]),
    ]

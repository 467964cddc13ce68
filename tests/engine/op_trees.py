"""Builders of patch-op trees (the `node` of an insert, the `tree` of a reset: see ops.py)."""

from __future__ import annotations

from typing import Any


def el(node_id: int, tag: str, attrs: dict[str, Any] | None = None,
       children: list[dict[str, Any]] | None = None, **extra: Any) -> dict[str, Any]:
    return {"id": node_id, "kind": "element", "tag": tag, "attrs": attrs or {},
            "svg": extra.pop("svg", False), "children": children or [], **extra}


def text(node_id: int, value: str) -> dict[str, Any]:
    return {"id": node_id, "kind": "text", "text": value}


def comment(node_id: int, value: str) -> dict[str, Any]:
    return {"id": node_id, "kind": "comment", "text": value}

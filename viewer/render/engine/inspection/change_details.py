"""The `detail` of history entries: from the recorded event, or from a stored compact payload."""

from __future__ import annotations

from typing import Any

MOUSE_TYPES = (
    "mouseup",
    "mousedown",
    "click",
    "contextmenu",
    "dblclick",
    "focus",
    "blur",
    "touchstart",
    "touchmove",
    "touchend",
    "touchcancel",
)
MEDIA_TYPES = ("play", "pause", "seeked", "volumechange", "ratechange")
CANVAS_CONTEXTS = ("2d", "webgl", "webgl2")
_STYLE_SOURCES = {"style-rule": "rule", "style-declaration": "declaration", "adopted": "adopted"}


def event_detail(role: str, data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Change name and detail of the events that need no engine state."""
    if role == "mouse":
        kind = data.get("type")
        name = MOUSE_TYPES[kind] if type(kind) is int and 0 <= kind < len(MOUSE_TYPES) else None
        where: dict[str, Any] = {k: data[k] for k in ("x", "y", "pointerType") if k in data}
        return name or "interaction", where
    if role == "media":
        kind = data.get("type")
        name = MEDIA_TYPES[kind] if type(kind) is int and 0 <= kind < len(MEDIA_TYPES) else kind
        media: dict[str, Any] = {"type": name}
        media.update(
            (k, data[k])
            for k in ("currentTime", "volume", "muted", "loop", "playbackRate")
            if k in data
        )
        return "media", media
    if role == "canvas":
        commands = data.get("commands")
        kind = data.get("type")
        context = (
            CANVAS_CONTEXTS[kind]
            if isinstance(kind, int) and 0 <= kind < len(CANVAS_CONTEXTS)
            else kind
        )
        return "canvas", {
            "context": context,
            "commands": len(commands) if isinstance(commands, list) else 1,
        }
    if role == "selection":
        return "selection", {"range": data}
    detail: dict[str, Any] = {"source": _STYLE_SOURCES.get(role, role)}
    if role == "style-rule":
        for key in ("adds", "removes"):
            items = data.get(key)
            if isinstance(items, list):
                detail[key] = len(items)
        if isinstance(data.get("replace"), str) or isinstance(data.get("replaceSync"), str):
            detail["replace"] = True
    elif role == "style-declaration":
        for key in ("index", "set", "remove"):
            if key in data:
                detail[key] = data[key]
    elif role == "adopted":
        detail["styleIds"] = data.get("styleIds")
    return "style", detail


def detail_of(change: str, payload: Any) -> dict[str, Any]:
    if change == "created":
        by_snapshot, parent = payload
        return {"by": "snapshot" if by_snapshot else "mutation", "parent": parent}
    if change == "moved":
        return {"from": payload[0], "to": payload[1]}
    if change == "removed":
        return {"parent": payload}
    if change == "attribute":
        name, old, new = payload
        return {"name": name, "old": old, "new": new}
    if change in ("text", "scroll"):
        return {"old": payload[0], "new": payload[1]}
    return dict(payload)

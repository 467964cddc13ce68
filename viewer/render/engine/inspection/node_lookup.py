"""A node at a moment, or at its last appearance before it (else its first after)."""

from __future__ import annotations

from dataclasses import dataclass

from ..nodes import Node
from ..seek import SeekIndex
from .history import HistoryIndex


@dataclass(frozen=True, slots=True)
class Sighting:
    """Where a node was found: the node, after how many events, and how that relates to the
    moment asked for (`at`, `before`: its last appearance before, `after`: its first after)."""

    node: Node
    position: int
    seen: str


def node_at(history: HistoryIndex, seek: SeekIndex, node_id: int, position: int
            ) -> Sighting | None:
    """The node after the first `position` events; if it is not in the engine's mirror then,
    the last state before that holds it, else the first after; None if none ever does.

    Candidates come from the node's lifetime marks: just before each event that makes it leave
    (it was there then) and just after each event that makes it appear.
    """
    engine = seek.engine_at_position(position)
    node = engine.mirror.get(node_id)
    if node is not None:
        return Sighting(node, position, "at")
    enters, leaves = history.lifetime_marks(node_id)
    earlier = sorted({e for e in leaves if e < position} | {e + 1 for e in enters
                                                            if e + 1 <= position}, reverse=True)
    later = sorted({e + 1 for e in enters if e + 1 > position})
    for candidates, seen in ((earlier, "before"), (later, "after")):
        for at in candidates:
            found = seek.engine_at_position(at).mirror.get(node_id)
            if found is not None:
                return Sighting(found, at, seen)
    return None

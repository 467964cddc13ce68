"""What a move between two positions did to the page: nodes added, changed and removed.

For the "what changed in this step" view: the events between the two positions (applied going
forward, undone going back) name nodes (`named_ids`'s rule); after the move each named node
is either in the page (`added` when the move created it — an add going forward, a remove
undone going back —, else `changed`) or gone (`removed`). Only the top of an added subtree is
listed as added (its nodes are inside its box). A move across a FullSnapshot rebuilds the
page: `page` is True and nothing is listed for flashing; `named` still holds every id named.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..nodes import Node
from .named_ids import FULL_SNAPSHOT, named_ids

#: A move over more events than this is a jump, not a step: nothing is worked out for it.
MAX_EVENTS = 300

_CREATE = ("add", "add-child", "snapshot")


@dataclass(slots=True)
class MoveChanges:
    """The nodes a move touched (ids in first-named order, each in one list)."""

    added: list[int] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    named: set[int] = field(default_factory=set)
    page: bool = False  # a FullSnapshot in between: the whole page was rebuilt

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed)


def move_changes(events: Sequence[Any], before: int, after: int,
                 mirror: Mapping[int, Node], limit: int = MAX_EVENTS) -> MoveChanges:
    """The changes of a move from `before` to `after` events applied; `mirror` is the
    engine's id map after the move. Moves over more than `limit` events give nothing."""
    out = MoveChanges()
    lo, hi = min(before, after), max(before, after)
    lo, hi = max(lo, 0), min(hi, len(events))
    if lo >= hi or hi - lo > limit:
        return out
    forward = after > before
    roles: dict[int, str] = {}
    tops: set[int] = set()
    for i in range(lo, hi):
        event = events[i]
        if isinstance(event, dict) and event.get("type") == FULL_SNAPSHOT:
            out.page = True
        for node_id, role, _ in named_ids(event):
            if role == "add":
                tops.add(node_id)
            # a creation or removal decides over plain changes; of those, the last one
            if node_id not in roles or role in _CREATE or role == "remove":
                roles[node_id] = role
    out.named = set(roles)
    if out.page:
        return out
    for node_id, role in roles.items():
        created = role in _CREATE if forward else role == "remove"
        if mirror.get(node_id) is None:
            if not (forward and created):  # (an add's nested node rrweb does not build)
                out.removed.append(node_id)
            continue
        if created:
            if node_id in tops or not forward:
                out.added.append(node_id)
        else:
            out.changed.append(node_id)
    return out


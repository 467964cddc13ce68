"""The pointer track: mouse and touch positions and interactions, each at its own real time."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from viewer.model.events import EventList

MOUSE_MOVE, MOUSE_INTERACTION, TOUCH_MOVE, DRAG = 1, 2, 6, 12
#: MouseInteraction type → pointer action name (Focus/Blur/ContextMenu/DblClick draw nothing).
INTERACTIONS = {0: "up", 1: "down", 2: "click", 7: "touchstart", 9: "touchend", 10: "touchcancel"}
_MOVES = {MOUSE_MOVE: "move", TOUCH_MOVE: "touchmove", DRAG: "move"}
#: A move that passes more pointer actions than this shows only the final position.
MAX_ANIMATED = 60

#: A call of the player page's overlay: (function path, arguments).
OverlayCall = tuple[str, tuple[object, ...]]


@dataclass(frozen=True, slots=True)
class PointerAction:
    """One cursor action at epoch ms `t`; `x`, `y` are client coordinates in node `node_id`'s
    document; `event_index` is the rrweb event it came from."""

    t: float
    kind: str
    x: float
    y: float
    node_id: int
    event_index: int


class PointerTrack:
    """All pointer actions of a replay, sorted by time, with cheap "where was it at t".

    `is_touch`: most actions are touches (rrweb switches to a touch cursor on the first touch
    event; desktop recordings with a stray TouchMove keep the mouse cursor here).
    """

    def __init__(self, actions: list[PointerAction], touch: bool) -> None:
        self.actions = sorted(actions, key=lambda a: a.t)
        self.times = [a.t for a in self.actions]
        self.is_touch = touch

    @classmethod
    def from_events(cls, events: EventList) -> PointerTrack:
        actions: list[PointerAction] = []
        for i, source in enumerate(events.sources):
            if source not in (MOUSE_MOVE, MOUSE_INTERACTION, TOUCH_MOVE, DRAG):
                continue
            event = events[i]
            data = event.get("data") or {}
            ts = events.timestamps[i]
            if source == MOUSE_INTERACTION:
                kind = INTERACTIONS.get(data.get("type"))  # type: ignore[arg-type]
                x, y = _float(data.get("x")), _float(data.get("y"))
                if kind is None or x is None or y is None:
                    continue
                actions.append(PointerAction(ts, kind, x, y, _id(data), i))
                continue
            for pos in data.get("positions") or []:
                if not isinstance(pos, dict):
                    continue
                px, py, offset = _float(pos.get("x")), _float(pos.get("y")), _float(
                    pos.get("timeOffset"))
                if px is not None and py is not None:
                    t = ts + (offset or 0.0)
                    actions.append(PointerAction(t, _MOVES[source], px, py, _id(pos), i))
        touches = sum(1 for a in actions if a.kind in ("touchmove", "touchstart"))
        return cls(actions, touches > len(actions) - touches)

    def between(self, start: float, end: float) -> list[PointerAction]:
        """Actions with start <= t < end, in time order."""
        return self.actions[bisect.bisect_left(self.times, start):
                            bisect.bisect_left(self.times, end)]

    def at(self, t: float) -> tuple[PointerAction | None, bool]:
        """The last action before t, and whether a touch is held down at t."""
        i = bisect.bisect_left(self.times, t)
        last = self.actions[i - 1] if i else None
        touching = False
        for a in reversed(self.actions[max(0, i - 500):i]):
            if a.kind in ("touchstart", "touchend", "touchcancel"):
                touching = a.kind == "touchstart"
                break
        return last, touching

    def overlay_calls(self, previous: float, t: float, animate: bool) -> list[OverlayCall]:
        """The overlay calls that show a move from moment `previous` to `t`: playing forward
        (`animate`) replays each action between them (the path, the clicks), else the pointer
        is placed where it was at `t`."""
        actions = self.between(previous, t) if animate and t >= previous else None
        if actions is not None and len(actions) <= MAX_ANIMATED:
            return [("replayOverlay.pointer", (a.kind, a.x, a.y, a.node_id, a.t))
                    for a in actions]
        last, touching = self.at(t)
        if last is None:
            return [("replayOverlay.place", (None, None, None, False))]
        return [("replayOverlay.place", (last.x, last.y, last.node_id, touching))]


def _float(value: object) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


def _id(data: dict[str, object]) -> int:
    node_id = data.get("id")
    return node_id if isinstance(node_id, int) and not isinstance(node_id, bool) else 0

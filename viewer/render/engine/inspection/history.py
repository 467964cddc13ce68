"""Node history index: every event that names a node, with what it did (old → new), by node id.

Built once per replay by one forward play of the engine over the sorted events (the same play
as `Timeline` / `SeekIndex`), so old values are the engine's state just before each event and
new values its state just after. Which events count is `named_ids`'s rule. Each entry is
`{"t": epoch ms, "event": index into the sorted events, "change": …, "detail": {…}}`:

- `created` (`by` snapshot / mutation, `parent`): a FullSnapshot or an added subtree holds it
  (a FullSnapshot after a page load re-creates it);
- `moved` (`from`, `to` parent ids): an add of an id the mirror already held, or a remove and an
  add of the same id in one mutation (one entry, not removed + created);
- `removed` (`parent`);
- `attribute` (`name`, `old`, `new`; None = absent), `text` (`old`, `new`);
- `input` (`value` / `checked` when recorded — `checked` for checkboxes and radios only: the DOM
  properties after the event, with `old_value` / `old_checked` before it; `text`: the value as
  recorded);
- `scroll` (`old`, `new`: [left, top]);
- a MouseInteraction type name: `click`, `dblclick`, `mousedown`, `mouseup`, `contextmenu`,
  `focus`, `blur`, `touchstart`, `touchmove`, `touchend`, `touchcancel` (`x`, `y`);
- `media` (`type`: play, pause, seeked, volumechange, ratechange, …), `canvas` (`commands`),
  `style` (`source`: rule, declaration or adopted), `selection` (`ranges`).

Removals that reach a node only through an ancestor (the engine drops the whole subtree from
its mirror) and pages replaced by a later FullSnapshot are kept too, as `removed` entries with
`"via": ANCESTOR_ID` (for a replaced page, the old document's id); `history(id, via=True)`
includes them. They also give each node's lifetime, used by `node_at`.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Any

from ..engine import FULL_SNAPSHOT, DomEngine
from ..incremental import _scrolling_target
from ..nodes import SHADOW_ROOT, Node, iter_subtree, text_content
from ..seek import paused_gc
from ..timeline import Timeline
from .change_details import detail_of, event_detail
from .named_ids import named_ids
from .node_info import checkable, checked_of, scroll_of, value_of
from .record_store import VIA, RecordStore


class _WatchingEngine(DomEngine):
    """A DomEngine that notes which nodes leave its mirror, and through which ancestor."""

    def __init__(self, flavor: str) -> None:
        super().__init__(flavor)
        self.gone: list[tuple[int, int]] = []  # (node id, id of the removed subtree's top)
        self.dropped: list[int] = []  # ids of the page a FullSnapshot replaced

    def forget(self, node: Node) -> None:
        mirror = self.mirror
        ids = [s.id for s in iter_subtree(node) if s.id > 0 and mirror.get(s.id) is s]
        super().forget(node)
        self.gone.extend((i, node.id) for i in ids)

    def reset_document(self, doc: Node) -> None:
        self.dropped.extend(self.mirror)
        super().reset_document(doc)


def parent_id(node: Node | None) -> int | None:
    """The id rrweb records as a node's parent (a shadow root's host; an iframe for its
    document)."""
    if node is None:
        return None
    parent = node.parent
    if parent is None:
        return node.host.id if node.host is not None else None
    if parent.kind == SHADOW_ROOT and parent.host is not None:
        return parent.host.id
    return parent.id


def attribute_value(node: Node | None, name: str) -> str | None:
    """An attribute as the engine holds it; a textarea's `value` and a style's `_cssText`
    live in a text child, so those read the element's text."""
    if node is None:
        return None
    if (name == "value" and node.tag == "textarea") or (
        name == "_cssText" and node.tag == "style"
    ):
        return text_content(node)
    return node.attrs.get(name)


class HistoryIndex:
    """Per-node history of one replay's events (see the module docstring).

    Nothing is played until the first query (or `build_some`, to build it in steps, e.g.
    from a worker thread that owns the index); the whole index is one forward play.
    """

    def __init__(self, timeline: Timeline | Sequence[Any]) -> None:
        self.timeline = timeline if isinstance(timeline, Timeline) else Timeline(timeline)
        self._store = RecordStore()
        self._engine: _WatchingEngine | None = None
        self._built = 0

    # -- building ------------------------------------------------------------------------

    @property
    def complete(self) -> bool:
        return self._built >= len(self.timeline)

    def build(self) -> HistoryIndex:
        """Index every event (no-op when done); returns self."""
        self.build_some(len(self.timeline))
        return self

    def build_some(self, events: int = 2000) -> bool:
        """Index up to `events` more events; returns `complete`."""
        tl = self.timeline
        stop = min(len(tl), self._built + events)
        if self._built >= stop:
            return self.complete
        first = tl.first_snapshot()
        if self._engine is None:
            self._engine = _WatchingEngine(tl.flavor)
            if first is not None:
                self._engine.apply(tl.events[first])  # rrweb's Replayer starts built
                self._engine.dropped.clear()
        with paused_gc():  # the pass allocates many small tuples; nothing needs collecting
            for i in range(self._built, stop):
                self._index_event(i, tl.events[i], i == first)
                self._built = i + 1
        if self.complete:
            self._engine = None
        return self.complete

    def _index_event(self, i: int, event: Any, prebuilt: bool) -> None:
        engine = self._engine
        assert engine is not None
        named = named_ids(event)
        engine.gone.clear()
        engine.dropped.clear()
        if not named:
            if not prebuilt:
                engine.apply(event)
            return
        before = _Before(engine, named)
        if not prebuilt:
            engine.apply(event)
        store = self._store
        is_snapshot = isinstance(event, dict) and event.get("type") == FULL_SNAPSHOT
        if is_snapshot:
            doc = before.document_id
            created = {node_id for node_id, _, _ in named}
            for node_id in engine.dropped:
                if node_id not in created:
                    store.removed_via(node_id, i, doc, by_snapshot=True)
        removed = before.removed
        readded: set[int] = set()
        for node_id, role, piece in named:
            if role == "snapshot":
                store.created(node_id, i, True, piece)
            elif role in ("add", "add-child"):
                if node_id in readded:
                    continue
                readded.add(node_id)
                to = piece.get("parentId") if role == "add" else piece
                if node_id in removed or node_id in before.parents:
                    store.moved(node_id, i, before.parents.get(node_id), to)
                else:
                    store.created(node_id, i, False, to)
            elif role == "remove":
                if node_id not in before.seen_removes and node_id not in before.added:
                    before.seen_removes.add(node_id)
                    store.removed(node_id, i, piece.get("parentId"))
            else:
                self._change(i, node_id, role, piece, before)
        for node_id, top in engine.gone:
            if node_id != top and node_id not in removed and node_id not in readded:
                store.removed_via(node_id, i, top, by_snapshot=False)

    def _change(self, i: int, node_id: int, role: str, piece: Any, before: _Before) -> None:
        engine = self._engine
        assert engine is not None
        node = engine.mirror.get(node_id)
        if role == "attribute":
            changes = piece.get("attributes")
            for name, value in changes.items() if isinstance(changes, dict) else ():
                key = (node_id, name)
                if key in before.done:
                    continue
                before.done.add(key)
                new = attribute_value(node, name) if node is not None else value
                self._store.other(node_id, (i, "attribute", (name, before.attrs.get(key), new)))
        elif role == "text":
            if (node_id, "#text") in before.done:
                return
            before.done.add((node_id, "#text"))
            new = text_content(node) if node is not None else piece.get("value")
            self._store.other(node_id, (i, "text", (before.texts.get(node_id), new)))
        elif role == "input":
            detail: dict[str, Any] = {}
            old_value, old_checked = before.inputs.get(node_id, (None, None))
            if "text" in piece:
                detail["value"] = value_of(node) if node is not None else piece.get("text")
                detail["old_value"] = old_value
                detail["text"] = piece.get("text")  # as recorded (the DOM may sanitize it)
            if "isChecked" in piece and (node is None or checkable(node)):
                detail["checked"] = checked_of(node) if node is not None else piece["isChecked"]
                detail["old_checked"] = old_checked
            self._store.other(node_id, (i, "input", detail))
        elif role == "scroll":
            target = _scrolling_target(node) if node is not None else None
            new = scroll_of(target) if target is not None else [piece.get("x"), piece.get("y")]
            self._store.other(node_id, (i, "scroll", (before.scrolls.get(node_id), new)))
        else:
            change, detail = event_detail(role, piece)
            if (node_id, change) not in before.done:
                before.done.add((node_id, change))
                self._store.other(node_id, (i, change, detail))

    # -- queries -----------------------------------------------------------------------

    def known(self, node_id: int) -> bool:
        """Does any event name this id directly?"""
        self.build()
        return any(r[1] != VIA for r in self._store.records(node_id))

    def history(self, node_id: int, via: bool = False) -> list[dict[str, Any]]:
        """The node's entries in time order; with `via`, also removals through an ancestor."""
        self.build()
        stamps = self.timeline.timestamps
        out: list[dict[str, Any]] = []
        for event, change, payload in self._store.records(node_id):
            if change == VIA:
                if via:
                    top, by = payload
                    out.append({"t": stamps[event], "event": event, "change": "removed",
                                "detail": {"by": by}, "via": top})
                continue
            out.append({"t": stamps[event], "event": event, "change": change,
                        "detail": detail_of(change, payload)})
        return out

    def events_of(self, node_id: int) -> list[int]:
        """Indices of the events naming the node directly (sorted, without repeats)."""
        self.build()
        return sorted({r[0] for r in self._store.records(node_id) if r[1] != VIA})

    def lifetime_marks(self, node_id: int) -> tuple[list[int], list[int]]:
        """(events that make the node appear, events that make it leave the mirror)."""
        self.build()
        enters: list[int] = []
        leaves: list[int] = []
        for event, change, _ in self._store.records(node_id):
            if change in ("created", "moved"):
                enters.append(event)
            elif change in ("removed", VIA):
                leaves.append(event)
        return enters, leaves

    def node_ids(self) -> list[int]:
        """Every id some event names directly."""
        self.build()
        return sorted(self._store.direct_ids())

    def entry_count(self) -> int:
        """How many entries the index holds (removals through an ancestor included)."""
        self.build()
        return self._store.count()

    def change_near(self, node_id: int, position: int, step: int) -> int | None:
        """Index of the node's next (step > 0: first at or after `position`) or previous
        (step < 0: last before `position`) event, for "next / previous change" keys."""
        events = self.events_of(node_id)
        if step > 0:
            k = bisect.bisect_left(events, position)
            return events[k] if k < len(events) else None
        k = bisect.bisect_left(events, position) - 1
        return events[k] if k >= 0 else None


class _Before:
    """What the named nodes were just before an event (the `old` side of its entries)."""

    def __init__(self, engine: DomEngine, named: list[tuple[int, str, Any]]) -> None:
        mirror = engine.mirror
        doc = engine.document
        self.document_id = doc.id if doc is not None else None
        self.parents: dict[int, int | None] = {}
        self.removed: set[int] = set()
        self.added: set[int] = set()
        self.seen_removes: set[int] = set()
        self.attrs: dict[tuple[int, str], str | None] = {}
        self.texts: dict[int, str | None] = {}
        self.inputs: dict[int, tuple[str | None, bool | None]] = {}
        self.scrolls: dict[int, list[float] | None] = {}
        self.done: set[tuple[int, str]] = set()
        for node_id, role, piece in named:
            if role == "snapshot":
                continue
            node = mirror.get(node_id)
            if role == "remove":
                self.removed.add(node_id)
                if node is not None:
                    self.parents[node_id] = parent_id(node)
            elif role in ("add", "add-child"):
                self.added.add(node_id)
                if node is not None:
                    self.parents[node_id] = parent_id(node)
            elif role == "attribute":
                changes = piece.get("attributes")
                for name in changes if isinstance(changes, dict) else ():
                    if (node_id, name) not in self.attrs:
                        self.attrs[(node_id, name)] = attribute_value(node, name)
            elif role == "text":
                if node_id not in self.texts:
                    self.texts[node_id] = text_content(node) if node is not None else None
            elif role == "input" and node is not None:
                self.inputs[node_id] = (value_of(node), checked_of(node))
            elif role == "scroll" and node is not None:
                self.scrolls[node_id] = scroll_of(_scrolling_target(node))

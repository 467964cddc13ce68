"""Seek index: compact keyframes of engine state, so a seek replays only the events since one.

A keyframe is the engine state after the first `position` events, frozen into one
`marshal`+`zstd` byte string (each node's own fields in tree order, with a link to its parent);
it holds no reference to the events. Each node's fields are serialized once and cached on the
node until the engine changes them, so a keyframe costs the walk of the tree, not a new
serialization of every node. Instead of the serialized node each node was built from,
it keeps a hash of what rrweb compares when deciding to reuse a node (`build.meta_hash`).
Keyframes are taken when the *cost* applied since the previous one (events plus the node
changes they carry, see `event_cost`) passes a budget, and right after every FullSnapshot.
"""

from __future__ import annotations

import bisect
import gc
import marshal
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import repeat
from typing import Any

import zstandard

from .build import meta_hash
from .engine import FULL_SNAPSHOT, INCREMENTAL, DomEngine
from .nodes import Node, root_of
from .timeline import Timeline

DEFAULT_BUDGET = 600

_CHILD, _SHADOW, _CONTENT = 0, 1, 2
#: Node fields a record leaves out: links (rebuilt from the tree), children, the cache itself,
#: and the serialized node (replaced by its hash, or kept trimmed for style elements).
_NOT_RECORDED = frozenset({"parent", "host", "shadow", "content", "children", "rec", "meta"})
_CODECS = threading.local()  # a zstd (de)compressor per thread: they are not thread-safe


def _compressor() -> zstandard.ZstdCompressor:
    codec: zstandard.ZstdCompressor | None = getattr(_CODECS, "compress", None)
    if codec is None:
        codec = _CODECS.compress = zstandard.ZstdCompressor(level=1)
    return codec


def _decompressor() -> zstandard.ZstdDecompressor:
    codec: zstandard.ZstdDecompressor | None = getattr(_CODECS, "decompress", None)
    if codec is None:
        codec = _CODECS.decompress = zstandard.ZstdDecompressor()
    return codec


#: Pauses in progress (any thread) and whether the collector was on before the first of them:
#: the collector's switch is process-wide, so threads pausing at once share one count.
_GC_LOCK = threading.Lock()
_GC_PAUSES: list[Any] = [0, True]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: a seek or a keyframe allocates thousands of nodes,
    and a full collection over a large loaded replay would add ~200 ms to an unlucky one.
    Nothing they make needs collecting before they end."""
    with _GC_LOCK:
        if _GC_PAUSES[0] == 0:
            _GC_PAUSES[1] = gc.isenabled()
            gc.disable()
        _GC_PAUSES[0] += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _GC_PAUSES[0] -= 1
            if _GC_PAUSES[0] == 0 and _GC_PAUSES[1]:
                gc.enable()


def event_cost(event: Any) -> int:
    """Rough cost of applying an event: 1, plus the node changes a mutation carries."""
    if not isinstance(event, dict):
        return 1
    data = event.get("data")
    if not isinstance(data, dict):
        return 1
    kind = event.get("type")
    if kind == INCREMENTAL and data.get("source") == 0:
        lists = (data.get(k) for k in ("adds", "removes", "texts", "attributes"))
        return 1 + sum(len(v) for v in lists if isinstance(v, list))
    if kind == FULL_SNAPSHOT:
        return 1000
    return 1


@dataclass(frozen=True)
class Keyframe:
    """Engine state after the first `position` events (see the module docstring)."""

    position: int
    blob: bytes

    @property
    def nbytes(self) -> int:
        """Memory it holds (it keeps no reference to the events or the live engine)."""
        return len(self.blob) + 100


def _all_nodes(engine: DomEngine) -> list[Node]:
    """Every node the state can reach, each tree root first and then its subtree in order."""
    return _tree_order(engine)[0]


def _tree_order(engine: DomEngine) -> tuple[list[Node], list[int], list[tuple[int, int, int]],
                                            dict[int, int]]:
    """Every node the state can reach in tree order (the document's tree first, then the trees
    of detached nodes still mapped), each node's parent (an index into that list, -1 for a
    root), for shadow roots and iframe documents (node, host, slot), and each node's place in
    the order by `id(node)`."""
    order: list[Node] = []
    parents: list[int] = []
    hosts: list[tuple[int, int, int]] = []
    seen: dict[int, int] = {}

    def walk(root: Node) -> None:
        # (node, link): link >= -1 is the parent's index (-1: a root); a shadow root or an
        # iframe document is pushed with link = -2 - (3 * host index + slot). Children go on
        # the stack in one C-level extend (most nodes have no shadow root and no document).
        # The engine keeps trees (a node is never inserted under itself), so `seen` only
        # guards the roots of detached trees.
        stack: list[tuple[Node, int]] = [(root, -1)]
        pop, push, extend = stack.pop, stack.append, stack.extend
        append, link_to = order.append, parents.append
        while stack:
            cur, link = pop()
            i = len(order)
            append(cur)
            if link >= -1:
                link_to(link)
            else:
                link_to(-1)
                host, slot = divmod(-2 - link, 3)
                hosts.append((i, host, slot))
            if cur.content is not None:
                push((cur.content, -2 - (3 * i + _CONTENT)))
            kids = cur.children
            if kids:
                extend(zip(reversed(kids), repeat(i)))
            if cur.shadow is not None:
                push((cur.shadow, -2 - (3 * i + _SHADOW)))

    if engine.document is not None:
        walk(engine.document)
    seen.update(zip(map(id, order), range(len(order)), strict=False))
    others = [n for n in engine.mirror.values() if id(n) not in seen]
    others.extend(n for n, _ in engine.legacy_missing.values())
    for node in others:  # detached nodes still mapped (rare)
        root = root_of(node)
        if id(root) not in seen:
            start = len(order)
            walk(root)
            seen.update(zip(map(id, order[start:]), range(start, len(order)), strict=False))
    return order, parents, hosts, seen


def node_record(n: Node) -> bytes:
    """A node's own fields (no links, no children) as a marshalled dict, cached on the node.

    The engine clears `n.rec` whenever it changes one of the node's fields in place (see
    `Node.rec`), so a keyframe re-serializes only the nodes changed since the previous one.
    """
    rec = n.rec
    if rec is None:
        fields = n.__dict__.copy()
        for name in _NOT_RECORDED:
            fields.pop(name, None)
        meta = n.meta
        if meta is not None:
            if n.tag in ("link", "style"):  # a late `_cssText` rebuilds from it
                fields["meta"] = {k: v for k, v in meta.items() if k != "childNodes"}
            elif n.meta_hash is None:  # computed once per node, kept on the live node
                fields["meta_hash"] = n.meta_hash = meta_hash(meta)
        rec = n.rec = marshal.dumps(fields)
    return rec


def freeze(engine: DomEngine, position: int) -> Keyframe:
    """A keyframe of `engine` (which has applied the first `position` events)."""
    nodes, parents, hosts, index = _tree_order(engine)
    records = [n.rec or node_record(n) for n in nodes]
    mirror = engine.mirror
    state = (
        records,
        parents,
        hosts,
        (list(mirror), [index[id(v)] for v in mirror.values()]),
        index[id(engine.document)] if engine.document is not None else -1,
        engine.parked_documents,
        [(k, index[id(n)], add) for k, (n, add) in engine.legacy_missing.items()],
        engine.style_sheets,
        engine.adopted,
        engine.selection,
        (
            engine.flavor,
            engine.width,
            engine.height,
            engine.href,
            engine._next_local_id,
            engine.applied,
            dict(engine.problems),
        ),
    )
    return Keyframe(position, _compressor().compress(marshal.dumps(state)))


def thaw(keyframe: Keyframe) -> DomEngine:
    """A new engine in the keyframe's state."""
    (
        records,
        parents,
        hosts,
        mirror,
        doc_index,
        parked,
        legacy,
        sheets,
        adopted,
        selection,
        misc,
    ) = marshal.loads(_decompressor().decompress(keyframe.blob))
    flavor, width, height, href, next_local, applied, problems = misc
    engine = DomEngine(flavor)
    new = Node.__new__
    loads = marshal.loads
    nodes: list[Node] = []
    append = nodes.append
    for record, parent in zip(records, parents, strict=True):
        n = new(Node)
        fields = loads(record)
        fields["children"] = []
        n.__dict__ = fields
        if parent >= 0:
            owner = nodes[parent]
            fields["parent"] = owner
            owner.children.append(n)
        append(n)
    for i, host, slot in hosts:
        n, owner = nodes[i], nodes[host]
        n.host = owner
        if slot == _SHADOW:
            owner.shadow = n
        else:
            owner.content = n
    mirror_ids, mirror_nodes = mirror
    engine.mirror = dict(zip(mirror_ids, map(nodes.__getitem__, mirror_nodes), strict=False))
    engine.document = nodes[doc_index] if doc_index >= 0 else None
    engine.parked_documents = parked
    engine.legacy_missing = {k: (nodes[i], add) for k, i, add in legacy}
    engine.style_sheets = sheets
    engine.adopted = adopted
    engine.selection = selection
    engine.width, engine.height, engine.href = width, height, href
    engine._next_local_id = next_local
    engine.applied = applied
    engine.problems = Counter(problems)
    return engine


class SeekIndex:
    """Keyframes over a timeline; `engine_at(t)`: the nearest keyframe ≤ t plus the events since.

    Building plays the recording once. `budget` is the event cost (see `event_cost`) allowed
    between keyframes: lower is faster seeking and more memory. With `lazy=True` nothing is
    built up front: keyframes are made as far as a seek needs (the first seek to a late
    moment costs a forward play to it), or in steps with `build_some()` (e.g. from an idle
    timer or a worker thread that owns the index).
    """

    def __init__(
        self,
        timeline: Timeline | Sequence[Any],
        budget: int = DEFAULT_BUDGET,
        lazy: bool = False,
    ) -> None:
        tl = timeline if isinstance(timeline, Timeline) else Timeline(timeline)
        self._start(tl, budget, tl.fresh_engine(), 0)
        if not lazy:
            self.build_until(len(self.timeline))

    def _start(self, timeline: Timeline, budget: int, builder: DomEngine, position: int) -> None:
        """Build on from `builder`, the state after the first `position` events (a keyframe of
        it is the first one)."""
        self.timeline = timeline
        self.budget = budget
        self.keyframes: list[Keyframe] = []
        self._positions: list[int] = []
        self._builder = builder
        self._built = position  # events the builder has applied
        self._cost = 0
        self.max_nodes = len(builder.mirror)  # the largest DOM seen at a keyframe
        self._add(freeze(builder, position))

    @classmethod
    def restored(cls, timeline: Timeline, keyframes: list[Keyframe], budget: int,
                 max_nodes: int) -> SeekIndex:
        """A complete index made of keyframes built earlier (e.g. read from a cache)."""
        index = cls.__new__(cls)
        index.timeline = timeline
        index.budget = budget
        index.keyframes = list(keyframes)
        index._positions = [k.position for k in keyframes]
        index._builder = DomEngine(timeline.flavor)
        index._built = len(timeline)
        index._cost = 0
        index.max_nodes = max_nodes
        return index

    @classmethod
    def starting_at(cls, timeline: Timeline, engine: DomEngine, position: int,
                    budget: int = DEFAULT_BUDGET) -> SeekIndex:
        """The keyframes from `position` on only, built from `engine` (which has the state
        after the first `position` events): one part of an index built in parts
        (`index_worker`); its `keyframes` complete the first part's (`complete_with`)."""
        index = cls.__new__(cls)
        index._start(timeline, budget, engine, position)
        return index

    def complete_with(self, keyframes: Sequence[Keyframe], max_nodes: int) -> None:
        """Complete the index with the keyframes of the rest of the recording, built elsewhere
        (`starting_at`): they replace this index's own from the first of them on, which must
        be a position this index has reached."""
        if not keyframes or not 0 < keyframes[0].position <= self._built:
            raise ValueError("those keyframes do not continue this index")
        keep = bisect.bisect_left(self._positions, keyframes[0].position)
        del self.keyframes[keep:], self._positions[keep:]
        for keyframe in keyframes:
            self._add(keyframe)
        self._built = len(self.timeline)
        self._builder = DomEngine(self.timeline.flavor)
        self.max_nodes = max(self.max_nodes, max_nodes)

    @property
    def built(self) -> int:
        """How many events have been indexed."""
        return self._built

    @property
    def builder(self) -> DomEngine:
        """The engine that builds the keyframes: the state after the first `built` events."""
        return self._builder

    @property
    def complete(self) -> bool:
        """Has the whole recording been indexed?"""
        return self._built >= len(self.timeline)

    def build_some(self, events: int = 2000) -> bool:
        """Index up to `events` more events; returns `complete`."""
        self.build_until(self._built + events)
        return self.complete

    def build_until(self, position: int) -> None:
        """Make keyframes for the first `position` events (no-op if already done)."""
        tl = self.timeline
        stop = min(position, len(tl))
        if self._built >= stop:
            return
        engine = self._builder
        first = tl.first_snapshot()
        events = tl.events
        with paused_gc():
            for i in range(self._built, stop):
                event = events[i]
                if i != first:
                    engine.apply(event)
                self._cost += event_cost(event)
                is_snapshot = isinstance(event, dict) and event.get("type") == FULL_SNAPSHOT
                if self._cost >= self.budget or is_snapshot:
                    self._add(freeze(engine, i + 1))
                    self._cost = 0
                    self.max_nodes = max(self.max_nodes, len(engine.mirror))
                self._built = i + 1
        if self.complete:
            self._builder = DomEngine(tl.flavor)  # the live builder is no longer needed

    def _add(self, keyframe: Keyframe) -> None:
        if self._positions and self._positions[-1] == keyframe.position:
            self.keyframes[-1] = keyframe
            return
        self.keyframes.append(keyframe)
        self._positions.append(keyframe.position)

    @property
    def nbytes(self) -> int:
        """Memory the keyframes hold (their compressed states)."""
        return sum(k.nbytes for k in self.keyframes)

    def keyframe_for(self, position: int) -> Keyframe:
        """The last keyframe at or before `position`."""
        i = bisect.bisect_right(self._positions, position) - 1
        return self.keyframes[max(i, 0)]

    def engine_at_position(self, position: int) -> DomEngine:
        """A new engine after the first `position` events (the garbage collector paused)."""
        self.build_until(position)
        with paused_gc():
            keyframe = self.keyframe_for(position)
            engine = thaw(keyframe)
            self.timeline.apply_range(engine, keyframe.position, position)
        return engine

    def engine_at(self, t: float) -> DomEngine:
        """A new engine at moment `t` (every event with timestamp < t applied)."""
        return self.engine_at_position(self.timeline.count_before(t))

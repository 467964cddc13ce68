"""DomEngine: applies rrweb events one by one to the mirrored document, never raising."""

from __future__ import annotations

from typing import Any

from . import incremental as inc
from . import ops as P
from .documents import build_tree
from .mutation import apply_mutation
from .nodes import DOCUMENT, Node
from .state import EngineState

FULL_SNAPSHOT = 2
INCREMENTAL = 3
META = 4
CUSTOM = 5

_INCREMENTAL_HANDLERS = {
    0: apply_mutation,
    3: inc.apply_scroll,
    4: inc.apply_viewport,
    5: inc.apply_input,
    7: inc.apply_media,
    8: inc.apply_style_sheet_rule,
    9: inc.apply_canvas,
    10: inc.apply_font,
    13: inc.apply_style_declaration,
    14: inc.apply_selection,
    15: inc.apply_adopted_style_sheet,
}
_NO_DOM_SOURCES = frozenset({1, 2, 6, 11, 12, 16})  # pointer, log, custom element: no DOM change


class DomEngine(EngineState):
    """The replayed document at one moment; `apply(event)` moves it one event forward.

    Unknown or broken events are counted in `problems` (kind -> count) and skipped.
    Set `ops` to a list to collect the patch ops (see `ops.py`) that each change produces.
    """

    def __init__(self, flavor: str = "sentry") -> None:
        super().__init__(flavor)
        self.applied = 0  # events applied since construction (including skipped ones)

    def apply(self, event: Any) -> None:
        """Apply one rrweb event (a dict); problems are counted, never raised."""
        self.applied += 1
        if not isinstance(event, dict):
            self.problem("event: not an object")
            return
        data = event.get("data")
        kind = event.get("type")
        if not isinstance(data, dict):
            if kind not in (0, 1):
                self.problem("event: no data")
            return
        try:
            if kind == INCREMENTAL:
                source = data.get("source")
                handler = _INCREMENTAL_HANDLERS.get(source)  # type: ignore[arg-type]
                if handler is not None:
                    if self.document is None:
                        self.problem("event: before any full snapshot")
                        return
                    handler(self, data)
                elif source not in _NO_DOM_SOURCES:
                    self.problem(f"incremental: unknown source {source!r}")
            elif kind == FULL_SNAPSHOT:
                self.apply_full_snapshot(data)
            elif kind == META:
                self.href = str(data.get("href") or "")
                self.set_viewport(data.get("width"), data.get("height"))
            elif kind not in (0, 1, CUSTOM, 6, 7):
                self.problem(f"event: unknown type {kind!r}")
        except (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError) as e:
            self.problem(f"event: {type(e).__name__}")

    def apply_full_snapshot(self, data: dict[str, Any]) -> None:
        """Rebuild the document from scratch (the mirror is dropped; parked iframe docs stay)."""
        meta = data.get("node")
        if not isinstance(meta, dict) or meta.get("type") != DOCUMENT:
            self.problem("snapshot: no document node")
            return
        parked = self.parked_documents
        self.reset_document(Node(DOCUMENT))
        self.parked_documents = parked
        recording = self.ops
        self.ops = None  # the snapshot is announced as one reset op, not as inserts
        try:
            doc = build_tree(self, meta)
        finally:
            self.ops = recording
        if doc is None:
            self.problem("snapshot: document could not be built")
            self.document = None
            return
        self.document = doc
        offset = data.get("initialOffset")
        if isinstance(offset, dict):
            left, top = offset.get("left", 0), offset.get("top", 0)
            if isinstance(left, (int, float)) and isinstance(top, (int, float)) and (left or top):
                doc.scroll = (float(left), float(top))
                doc.rec = None
        self.emit(self.reset_op())

    def reset_op(self) -> dict[str, Any]:
        """A `reset` op rebuilding the whole current state in an applier."""
        return {
            "op": P.RESET,
            "tree": P.tree(self.document) if self.document is not None else None,
            "width": self.width,
            "height": self.height,
            "href": self.href,
            "sheets": {-sid: list(log) for sid, log in self.style_sheets.items()},
            "adopted": {owner: [-i for i in ids] for owner, ids in self.adopted.items()},
        }

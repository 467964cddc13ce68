"""Serialize the DOM engine's state back to rrweb: a FullSnapshot plus the events it cannot hold.

`engine_snapshot(engine, t)` returns the events that rebuild the engine's state at moment `t`
in a fresh replayer: a Meta event, a FullSnapshot of the document (ids kept, attributes as they
are now, element scroll offsets as `rr_scrollLeft/Top`, the window's as `initialOffset`), then
what a serialized tree cannot carry: iframe documents (attach mutations), text an element got
from a text mutation, dirty `value`/`checked` properties (Input events), stylesheet edits
(StyleSheetRule / StyleDeclaration), constructed sheets (AdoptedStyleSheet) and the selection.
"""

from __future__ import annotations

from typing import Any

from viewer.render.engine import DomEngine
from viewer.render.engine.incremental import VALUE_IS_ATTRIBUTE
from viewer.render.engine.nodes import CDATA, COMMENT, DOCTYPE, DOCUMENT, ELEMENT, TEXT, Node

META, FULL_SNAPSHOT, INCREMENTAL = 4, 2, 3
MUTATION, SCROLL, INPUT, STYLE_SHEET_RULE, STYLE_DECLARATION = 0, 3, 5, 8, 13
SELECTION, ADOPTED_STYLE_SHEET = 14, 15
#: `rr_*` attributes of the serialized node that the engine does not keep but a browser
#: replayer uses (canvas pixels, media state, a cross-origin iframe's address).
_KEPT_RR = ("rr_dataURL", "rr_mediaState", "rr_mediaCurrentTime", "rr_mediaPlaybackRate",
            "rr_mediaMuted", "rr_mediaLoop", "rr_mediaVolume", "rr_src")

Event = dict[str, Any]


class _Writer:
    """Walks the engine's trees once, collecting the serialized nodes and follow-up events."""

    def __init__(self, t: float) -> None:
        self.t = t
        self.after: list[Event] = []  # events applied right after the snapshot, in order
        self.sheets: list[Event] = []  # stylesheet edits (after every node exists)
        self.dropped = 0  # nodes the serialized format cannot hold

    def event(self, data: dict[str, Any]) -> Event:
        return {"type": INCREMENTAL, "data": data, "timestamp": self.t}

    def tree(self, root: Node, root_id: int | None) -> dict[str, Any]:
        """The serialized subtree of `root` (iterative: deep trees are fine)."""
        out = self._node(root, root_id)
        stack: list[tuple[Node, dict[str, Any]]] = [(root, out)]
        while stack:
            node, meta = stack.pop()
            kids = self._children(node, meta, root_id)
            stack.extend(reversed(kids))
        return out

    def _children(self, node: Node, meta: dict[str, Any], root_id: int | None
                  ) -> list[tuple[Node, dict[str, Any]]]:
        if node.kind not in (DOCUMENT, ELEMENT):
            return []
        pairs: list[tuple[Node, dict[str, Any], bool]] = []
        if node.shadow is not None:
            pairs += [(kid, self._node(kid, root_id), True)
                      for kid in node.shadow.children if kid.id > 0]
        local = [kid for kid in node.children if kid.id <= 0]
        if local:
            self._local_children(node, meta, local)
        pairs += [(kid, self._node(kid, root_id), False) for kid in node.children if kid.id > 0]
        child_metas = []
        for kid, kid_meta, in_shadow in pairs:
            if in_shadow:
                kid_meta["isShadow"] = True
            if kid.kind == TEXT and node.kind == ELEMENT and node.tag == "style":
                kid_meta["isStyle"] = True
            child_metas.append(kid_meta)
        meta["childNodes"] = child_metas
        if node.kind == ELEMENT and node.tag == "iframe" and node.content is not None \
                and node.content.id > 0:
            outer, self.after = self.after, []
            document = self.tree(node.content, node.content.id)
            inner, self.after = self.after, outer
            self.after.append(self.event({
                "source": MUTATION, "texts": [], "attributes": [], "removes": [],
                "adds": [{"parentId": node.id, "nextId": None, "node": document}],
                "isAttachIframe": True,
            }))
            self.after += inner
        return [(kid, kid_meta) for kid, kid_meta, _ in pairs]

    def _local_children(self, node: Node, meta: dict[str, Any], local: list[Node]) -> None:
        """Children the replayer made itself: a `<style>`'s `_cssText`, a `<textarea>`'s
        `value`, or the text a text mutation put into an element."""
        text = "".join(kid.text for kid in local if kid.kind == TEXT)
        if node.kind == ELEMENT and node.tag == "style":
            meta["attributes"]["_cssText"] = text
        elif node.kind == ELEMENT and node.tag == "textarea":
            meta["attributes"]["value"] = text
        elif len(local) == len(node.children) and all(k.kind == TEXT for k in local):
            self.after.append(self.event({
                "source": MUTATION, "adds": [], "removes": [], "attributes": [],
                "texts": [{"id": node.id, "value": text}]}))
        else:
            self.dropped += len(local)

    def _node(self, node: Node, root_id: int | None) -> dict[str, Any]:
        meta: dict[str, Any] = {"id": node.id}
        if root_id is not None and node.id != root_id:
            meta["rootId"] = root_id
        recorded = node.meta or {}
        kind = node.kind
        if kind == DOCUMENT:
            meta["type"] = DOCUMENT
            if recorded.get("compatMode"):
                meta["compatMode"] = recorded["compatMode"]
            if node.scroll is not None and root_id is not None:  # an iframe's window
                self.after.append(self.event({"source": SCROLL, "id": node.id,
                                              "x": node.scroll[0], "y": node.scroll[1]}))
        elif kind == DOCTYPE:
            meta.update(type=DOCTYPE, name=node.tag,
                        publicId=str(recorded.get("publicId") or ""),
                        systemId=str(recorded.get("systemId") or ""))
        elif kind == ELEMENT:
            meta.update(type=ELEMENT, tagName=_tag_name(node), attributes=self._attributes(node))
            if node.is_svg:
                meta["isSVG"] = True
            if node.shadow is not None:
                meta["isShadowHost"] = True
            if recorded.get("isCustom"):
                meta["isCustom"] = True
            self._element_state(node)
        elif kind in (TEXT, COMMENT):
            meta.update(type=kind, textContent=node.text)
        elif kind == CDATA:
            meta.update(type=CDATA, textContent="")
        return meta

    def _attributes(self, node: Node) -> dict[str, Any]:
        attrs: dict[str, Any] = dict(node.attrs)
        recorded = (node.meta or {}).get("attributes")
        if isinstance(recorded, dict):
            for name in _KEPT_RR:
                if name in recorded and not (name == "rr_dataURL" and node.tag == "img"):
                    attrs[name] = recorded[name]
        if node.scroll is not None:
            attrs["rr_scrollLeft"], attrs["rr_scrollTop"] = node.scroll
        return attrs

    def _element_state(self, node: Node) -> None:
        """Dirty input properties and stylesheet edits, as the events that made them."""
        if node.value is not None or node.checked is not None:
            data: dict[str, Any] = {"source": INPUT, "id": node.id}
            if node.value is not None:
                data["text"] = node.value
            elif node.tag == "input" and "value" in node.attrs and \
                    node.attrs.get("type", "").lower() in VALUE_IS_ATTRIBUTE:
                data["text"] = node.attrs["value"]  # rrweb sets `value` from every Input
            if node.checked is not None:
                data["isChecked"] = node.checked
            self.after.append(self.event(data))
        if node.sheet:
            self.sheets += [self.event(d) for op in node.sheet
                            if (d := sheet_event(op, {"id": node.id})) is not None]


def _tag_name(node: Node) -> str:
    """The recorded tag: the engine keeps rrweb's rebuilt one (`script` became `noscript`)."""
    recorded = str((node.meta or {}).get("tagName") or "").lower()
    return "script" if node.tag == "noscript" and recorded == "script" else node.tag


def sheet_event(op: dict[str, Any], target: dict[str, Any]) -> dict[str, Any] | None:
    """The StyleSheetRule / StyleDeclaration data that makes one logged sheet op."""
    kind = op.get("op")
    if kind == "sheet_insert":
        add: dict[str, Any] = {"rule": op.get("rule")}
        if op.get("index") is not None:
            add["index"] = op["index"]
        return {"source": STYLE_SHEET_RULE, **target, "adds": [add]}
    if kind == "sheet_delete":
        return {"source": STYLE_SHEET_RULE, **target, "removes": [{"index": op.get("index")}]}
    if kind == "sheet_replace":
        return {"source": STYLE_SHEET_RULE, **target, "replace": op.get("text")}
    if kind == "style_decl":
        data: dict[str, Any] = {"source": STYLE_DECLARATION, **target, "index": op.get("index")}
        if "value" in op:
            data["set"] = {"property": op.get("property"), "value": op.get("value"),
                           "priority": op.get("priority")}
        else:
            data["remove"] = {"property": op.get("property")}
        return data
    return None


def engine_snapshot(engine: DomEngine, t: float) -> tuple[list[Event], int]:
    """Events rebuilding the engine's state at `t` (all stamped `t`), and how many nodes
    could not be written (text the replayer made itself beside recorded nodes)."""
    doc = engine.document
    if doc is None:
        return [], 0
    writer = _Writer(t)
    node = writer.tree(doc, None)
    left, top = doc.scroll or (0.0, 0.0)
    events: list[Event] = [
        {"type": META, "timestamp": t,
         "data": {"href": engine.href, "width": engine.width, "height": engine.height}},
        {"type": FULL_SNAPSHOT, "timestamp": t,
         "data": {"node": node, "initialOffset": {"left": left, "top": top}}},
        *writer.after,
        *_constructed_sheets(engine, writer, doc.id),
        *writer.sheets,
    ]
    if engine.selection:
        events.append(writer.event({"source": SELECTION, "ranges": engine.selection}))
    return events, writer.dropped


def _constructed_sheets(engine: DomEngine, writer: _Writer, document_id: int) -> list[Event]:
    """AdoptedStyleSheet events re-creating every constructed sheet and who adopts which,
    then the logged edits of each sheet."""
    sheets = dict(engine.style_sheets)
    if not sheets and not engine.adopted:
        return []
    owners = {owner: ids for owner, ids in engine.adopted.items() if owner in engine.mirror}
    if not owners or (set(sheets) - {i for ids in owners.values() for i in ids}):
        owners.setdefault(document_id, list(engine.adopted.get(document_id, [])))
    events: list[Event] = []
    pending = list(sheets)
    for owner, ids in owners.items():
        styles = [{"styleId": sid, "rules": []} for sid in pending]
        pending = []
        events.append(writer.event({"source": ADOPTED_STYLE_SHEET, "id": owner,
                                    "styleIds": list(ids), "styles": styles}))
    for sid, log in sheets.items():
        events += [writer.event(d) for op in log
                   if (d := sheet_event(op, {"styleId": sid})) is not None]
    return events

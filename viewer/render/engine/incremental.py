"""Apply the non-mutation IncrementalSnapshot sources (scroll, input, viewport, CSSOM, media...)."""

from __future__ import annotations

from typing import Any

from . import canvas
from . import ops as P
from .build import js_string
from .nodes import DOCUMENT, ELEMENT, Node, iter_subtree, owner_root
from .state import EngineState

# input types whose `value` property setter writes the `value` attribute (HTML "default" modes)
VALUE_IS_ATTRIBUTE = frozenset(
    {"checkbox", "radio", "hidden", "submit", "reset", "button", "image"}
)


def _target(state: EngineState, data: dict[str, Any], what: str) -> Node | None:
    node_id = data.get("id")
    if node_id == -1:
        return None
    node = state.mirror.get(node_id) if isinstance(node_id, int) else None
    if node is None:
        state.problem(f"{what}: target not found")
    return node


def apply_scroll(state: EngineState, data: dict[str, Any]) -> None:
    node = _target(state, data, "scroll")
    if node is None:
        return
    x, y = data.get("x"), data.get("y")
    if not isinstance(x, (int, float)) or not isinstance(y, (int, float)):
        state.problem("scroll: bad offsets")
        return
    node = _scrolling_target(node)
    if node.kind in (DOCUMENT, ELEMENT):
        state.scroll_to(node, float(x), float(y))


def _scrolling_target(node: Node) -> Node:
    """`html.scrollTo` (`body` in quirks mode) scrolls the window: the document's scroll."""
    parent = node.parent
    if node.kind != ELEMENT or parent is None:
        return node
    doc = parent if node.tag == "html" else parent.parent if node.tag == "body" else None
    if doc is None or doc.kind != DOCUMENT:
        return node
    quirks = doc.mode == "quirks"
    if (node.tag == "html") != quirks:
        return doc
    return node


def apply_input(state: EngineState, data: dict[str, Any]) -> None:
    node = _target(state, data, "input")
    if node is None:
        return
    if node.kind != ELEMENT:
        return
    checked = data.get("isChecked")
    text = data.get("text")
    value = js_string(text) if text is not None else None
    state.set_input(node, None, bool(checked) if checked is not None else None)
    if checked and node.tag == "input" and node.attrs.get("type", "").lower() == "radio":
        _uncheck_group(state, node)
    if value is None:
        return
    if node.tag == "input" and node.attrs.get("type", "").lower() in VALUE_IS_ATTRIBUTE:
        state.set_attr(node, "value", value)
    elif node.tag in ("input", "textarea", "select"):
        state.set_input(node, value, None)


def _form_of(node: Node) -> Node | None:
    cur = node.parent
    while cur is not None:
        if cur.kind == ELEMENT and cur.tag == "form":
            return cur
        cur = cur.parent
    return None


def _uncheck_group(state: EngineState, radio: Node) -> None:
    """Checking a radio unchecks the others of its group (same name, form and tree)."""
    name = radio.attrs.get("name")
    if not name:
        return
    form = _form_of(radio)
    for other in iter_subtree(owner_root(radio)):
        if (
            other is not radio
            and other.kind == ELEMENT
            and other.tag == "input"
            and other.attrs.get("type", "").lower() == "radio"
            and other.attrs.get("name") == name
            and _form_of(other) is form
        ):
            state.set_input(other, None, False)


def apply_viewport(state: EngineState, data: dict[str, Any]) -> None:
    state.set_viewport(data.get("width"), data.get("height"))


def _sheet_log(state: EngineState, data: dict[str, Any]) -> tuple[list[Any], int] | None:
    style_id = data.get("styleId")
    if isinstance(style_id, int) and style_id in state.style_sheets:
        return state.style_sheets[style_id], -style_id
    node_id = data.get("id")
    node = state.mirror.get(node_id) if isinstance(node_id, int) else None
    if node is None or node.kind != ELEMENT:
        return None
    if node.sheet is None:
        node.sheet = []
    node.rec = None  # its sheet log is about to change
    return node.sheet, node.id


def apply_style_sheet_rule(state: EngineState, data: dict[str, Any]) -> None:
    """StyleSheetRule: adds before removes, then replace/replaceSync (kept as a per-sheet log)."""
    found = _sheet_log(state, data)
    if found is None:
        state.problem("stylesheet rule: sheet not found")
        return
    log, sheet_id = found
    for add in data.get("adds") or []:
        if isinstance(add, dict) and isinstance(add.get("rule"), str):
            op = {
                "op": P.SHEET_INSERT,
                "id": sheet_id,
                "index": add.get("index"),
                "rule": add["rule"],
            }
            log.append(op)
            state.emit(op)
    for rem in data.get("removes") or []:
        if isinstance(rem, dict):
            op = {"op": P.SHEET_DELETE, "id": sheet_id, "index": rem.get("index")}
            log.append(op)
            state.emit(op)
    for key in ("replace", "replaceSync"):
        if isinstance(data.get(key), str):
            log.clear()
            op = {"op": P.SHEET_REPLACE, "id": sheet_id, "text": data[key]}
            log.append(op)
            state.emit(op)


def apply_style_declaration(state: EngineState, data: dict[str, Any]) -> None:
    found = _sheet_log(state, data)
    if found is None:
        state.problem("style declaration: sheet not found")
        return
    log, sheet_id = found
    op: dict[str, Any] = {"op": P.STYLE_DECL, "id": sheet_id, "index": data.get("index")}
    setter = data.get("set")
    remover = data.get("remove")
    if isinstance(setter, dict):
        op.update(
            property=setter.get("property"),
            value=setter.get("value"),
            priority=setter.get("priority"),
        )
    elif isinstance(remover, dict):
        op.update(property=remover.get("property"))
    else:
        state.problem("style declaration: nothing to do")
        return
    log.append(op)
    state.emit(op)


def apply_adopted_style_sheet(state: EngineState, data: dict[str, Any]) -> None:
    for sheet in data.get("styles") or []:
        if not isinstance(sheet, dict) or not isinstance(sheet.get("styleId"), int):
            continue
        sid = sheet["styleId"]
        log: list[Any] = []
        state.style_sheets[sid] = log
        for i, rule in enumerate(sheet.get("rules") or []):
            if isinstance(rule, dict) and isinstance(rule.get("rule"), str):
                idx = rule.get("index", i)
                op = {"op": P.SHEET_INSERT, "id": -sid, "index": idx, "rule": rule["rule"]}
                log.append(op)
                state.emit(op)
    owner = data.get("id")
    ids = [i for i in data.get("styleIds") or [] if isinstance(i, int)]
    if not isinstance(owner, int) or owner not in state.mirror:
        state.problem("adopted stylesheet: owner not found")
        return
    state.adopted[owner] = ids
    state.emit({"op": P.ADOPT, "id": owner, "sheets": [-i for i in ids]})


def apply_media(state: EngineState, data: dict[str, Any]) -> None:
    node = _target(state, data, "media")
    if node is None:
        return
    op = {"op": P.MEDIA, "id": node.id}
    op.update({k: v for k, v in data.items() if k not in ("source", "id")})
    state.emit(op)


def apply_canvas(state: EngineState, data: dict[str, Any]) -> None:
    node = _target(state, data, "canvas")
    if node is not None:
        canvas.apply_mutation(state, node, data)


def apply_font(state: EngineState, data: dict[str, Any]) -> None:
    state.emit(
        {
            "op": P.FONT,
            "family": data.get("family"),
            "source": data.get("fontSource"),
            "buffer": data.get("buffer"),
            "descriptors": data.get("descriptors"),
        }
    )


def apply_selection(state: EngineState, data: dict[str, Any]) -> None:
    ranges = data.get("ranges")
    if not isinstance(ranges, list):
        state.problem("selection: bad ranges")
        return
    state.selection = ranges
    state.emit({"op": P.SELECTION, "ranges": ranges})

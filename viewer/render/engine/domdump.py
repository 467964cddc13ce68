"""Write the mirrored document as a domdump v1 (see /work/shared/tools/DOMDUMP.md)."""

from __future__ import annotations

import math
import re
from typing import Any

from .input_values import input_type, shown_value
from .nodes import CDATA, COMMENT, DOCTYPE, DOCUMENT, ELEMENT, TEXT, Node, text_content
from .style import canonical_style

_DROPPED_ATTRS = frozenset({"csp-content", "autocomplete"})
_HIDDEN_CLASSES = frozenset({":hover", "rrweb-paused"})
_WS = re.compile(r"[ \t\n\f\r]+")


def _round(value: float) -> int:
    return math.floor(value + 0.5)


def _options(select: Node) -> list[Node]:
    out: list[Node] = []
    for child in select.children:
        if child.kind != ELEMENT:
            continue
        if child.tag == "option":
            out.append(child)
        elif child.tag == "optgroup":
            out.extend(c for c in child.children if c.kind == ELEMENT and c.tag == "option")
    return out


def option_value(option: Node) -> str:
    if "value" in option.attrs:
        return option.attrs["value"]
    return _WS.sub(" ", text_content(option)).strip(" \t\n\f\r")


def select_value(select: Node) -> str:
    options = _options(select)
    if select.value is not None:
        for option in options:
            if option_value(option) == select.value:
                return select.value
        return ""
    chosen = [o for o in options if "selected" in o.attrs]
    if chosen:
        return option_value(chosen[-1])
    if "multiple" in select.attrs:
        return ""
    for option in options:
        if "disabled" not in option.attrs:
            return option_value(option)
    return ""


def input_value(node: Node) -> str:
    return shown_value(node.value, node.attrs)


def textarea_value(node: Node) -> str:
    text = node.value if node.value is not None else text_content(node)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _attrs(node: Node) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in node.attrs.items():
        low = name.lower()
        if (
            low.startswith("rr_")
            or low.startswith("rrweb")
            or low.startswith("on")
            or low.startswith("_on")
            or low in _DROPPED_ATTRS
        ):
            continue
        if name == "class":
            tokens = [t for t in _WS.split(value) if t and t not in _HIDDEN_CLASSES]
            if not tokens:
                continue
            value = " ".join(tokens)
        elif name == "style":
            value = canonical_style(value)
            if not value:
                continue
        out[low] = value
    tag = node.tag
    if tag == "input":
        out[":value"] = input_value(node)
        if input_type(node.attrs) in ("checkbox", "radio"):
            checked = node.checked if node.checked is not None else "checked" in node.attrs
            out[":checked"] = "true" if checked else "false"
    elif tag == "textarea":
        out[":value"] = textarea_value(node)
    elif tag == "select":
        out[":value"] = select_value(node)
    if node.scroll is not None and tag not in ("html", "body"):
        out[":scroll"] = f"{_round(node.scroll[0])},{_round(node.scroll[1])}"
    return dict(sorted(out.items()))


def dump(node: Node) -> list[Any]:
    """The domdump array of a (document) node; iterative, so deep trees are fine."""
    root: list[Any] = []
    stack: list[tuple[Node, list[Any]]] = [(node, root)]
    while stack:
        cur, out = stack.pop()
        kind = cur.kind
        if kind == TEXT:
            out.extend(("#text", cur.text))
            continue
        if kind == COMMENT:
            out.extend(("#comment", cur.text))
            continue
        if kind == CDATA:
            out.extend(("#cdata", ""))
            continue
        if kind == DOCTYPE:
            out.extend(("#doctype", cur.tag))
            continue
        if kind == DOCUMENT:
            attrs: dict[str, str] = {}
            if cur.scroll is not None:
                attrs[":scroll"] = f"{_round(cur.scroll[0])},{_round(cur.scroll[1])}"
            out.extend(("#document", attrs))
        elif kind == ELEMENT:
            if cur.tag in ("script", "noscript"):
                out.extend(("#script", {}, []))
                continue
            out.extend((cur.tag, _attrs(cur)))
        else:
            out.extend(("#shadow", {}))
        kids: list[list[Any]] = []
        out.append(kids)
        if kind == ELEMENT and cur.tag in ("style", "textarea"):
            continue
        if kind == ELEMENT and cur.tag == "iframe":
            if cur.content is not None and cur.content.id > 0:
                child: list[Any] = []
                kids.append(child)
                stack.append((cur.content, child))
            continue
        pending: list[tuple[Node, list[Any]]] = []
        if cur.shadow is not None and any(c.id > 0 for c in cur.shadow.children):
            child = []
            kids.append(child)
            pending.append((cur.shadow, child))
        for sub in cur.children:
            if sub.id <= 0:
                continue
            child = []
            kids.append(child)
            pending.append((sub, child))
        stack.extend(reversed(pending))
    return root

"""Build mirror nodes from rrweb serialized nodes, with rrweb-snapshot's rebuild rules."""

from __future__ import annotations

import hashlib
from typing import Any

import orjson

from .nodes import CDATA, COMMENT, DOCTYPE, DOCUMENT, ELEMENT, TEXT, Meta, Node
from .style import parse_style, serialize_style

_LINK_PRELOAD = ("preload", "modulepreload")
_SPECIAL_TAGS = frozenset({"link", "meta", "img", "textarea", "option"})
_SPECIAL_PREFIXES = ("rr_", "on", "_cssText")


def js_string(value: Any) -> str:
    """The string JavaScript's `String(value)` gives for a JSON scalar."""
    if isinstance(value, str):
        return value
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value.is_integer() and abs(value) < 1e21:
            return str(int(value))
        text = repr(value)
        if "e" in text:
            mant, exp = text.split("e")
            sign = "-" if exp.startswith("-") else "+"
            text = f"{mant}e{sign}{int(exp.lstrip('+-'))}"
        return text
    return str(value)


def tag_of(meta: Meta) -> str:
    """The tag rrweb builds for a serialized element (link with `_cssText` -> style...)."""
    tag = str(meta.get("tagName") or "div").lower()
    attrs = meta.get("attributes") or {}
    if tag == "link" and attrs.get("_cssText"):
        return "style"
    if tag == "script":
        return "noscript"
    return tag


def element_attributes(meta: Meta, node: Node) -> tuple[dict[str, str], str | None]:
    """The attributes rrweb's buildNode sets, and the text child it would append, if any."""
    raw = meta.get("attributes") or {}
    if not isinstance(raw, dict):
        raw = {}
    tag = str(meta.get("tagName") or "").lower()
    out: dict[str, str] = {}
    special: dict[str, str] = {}
    text_child: str | None = None
    plain = tag not in _SPECIAL_TAGS and node.tag != "style"
    svg = node.is_svg
    for name, value in raw.items():
        if plain and type(value) is str and not name.startswith(_SPECIAL_PREFIXES):
            out[name if svg else name.lower()] = value  # the common case
            continue
        if tag == "option" and name == "selected" and value is False:
            continue
        if value is None:
            continue
        if value is True:
            value = ""
        if name.startswith("rr_"):
            special[name] = js_string(value)
            continue
        if isinstance(value, (dict, list)):
            continue
        sval = js_string(value)
        if (tag == "textarea" and name == "value") or (node.tag == "style" and name == "_cssText"):
            text_child = sval
            continue
        if name in ("onload", "onclick") or name.startswith("onmouse"):
            out["_" + name] = sval
        elif (
            tag == "meta"
            and raw.get("http-equiv") == "Content-Security-Policy"
            and name == "content"
        ):
            out["csp-content"] = sval
        elif (tag == "link" and raw.get("rel") in _LINK_PRELOAD and raw.get("as") == "script") or (
            tag == "link"
            and raw.get("rel") == "prefetch"
            and isinstance(raw.get("href"), str)
            and str(raw.get("href")).endswith(".js")
        ):
            pass
        elif tag == "img" and raw.get("srcset") and raw.get("rr_dataURL") and name == "srcset":
            out["rrweb-original-srcset"] = sval
        else:
            out[name if node.is_svg else name.lower()] = sval
    for name, sval in special.items():
        if name in ("rr_width", "rr_height"):
            decls = parse_style(out.get("style", ""))
            decls[name[3:]] = sval
            out["style"] = serialize_style(decls)
        elif name == "rr_dataURL" and tag == "img":
            if "src" in out:
                out["rrweb-original-src"] = out["src"]
            out["src"] = sval
        elif name == "rr_open_mode":
            out["rr_open_mode"] = sval
            if tag == "dialog" and "open" not in out:
                out["open"] = ""
        elif name in ("rr_scrollLeft", "rr_scrollTop"):
            left, top = node.scroll or (0.0, 0.0)
            try:
                num = float(sval)
            except ValueError:
                continue
            node.scroll = (num, top) if name == "rr_scrollLeft" else (left, num)
    return out, text_child


def build_node(meta: Meta, make_id: Any) -> Node | None:
    """One node (no children) for a serialized node; None when the type is unknown."""
    kind = meta.get("type")
    node_id = meta.get("id")
    if not isinstance(node_id, int):
        return None
    if kind == DOCUMENT:
        node = Node(DOCUMENT, node_id)
        node.mode = document_mode(meta)
    elif kind == DOCTYPE:
        node = Node(DOCTYPE, node_id, tag=str(meta.get("name") or "html"))
    elif kind == ELEMENT:
        node = Node(ELEMENT, node_id, tag=tag_of(meta))
        node.is_svg = bool(meta.get("isSVG"))
        attrs, text_child = element_attributes(meta, node)
        node.attrs = attrs
        if text_child is not None:
            child = Node(TEXT, make_id(), text=text_child)
            child.parent = node
            node.children.append(child)
        if meta.get("isShadowHost"):
            shadow = Node(6, make_id())
            shadow.host = node
            node.shadow = shadow
    elif kind == TEXT:
        node = Node(TEXT, node_id, text=js_string(meta.get("textContent") or ""))
    elif kind == CDATA:
        node = Node(CDATA, node_id, text="")
    elif kind == COMMENT:
        node = Node(COMMENT, node_id, text=js_string(meta.get("textContent") or ""))
    else:
        return None
    node.meta = meta
    return node


def document_mode(meta: Meta) -> str:
    """The rendering mode rrweb's rebuild gives a document: it re-opens the document (no-quirks)
    and, for a `BackCompat` document whose first child is no doctype, writes a legacy doctype:
    an XHTML 1.0 Transitional one (limited quirks) when the root element has the XHTML xmlns,
    else an HTML 4.0 Transitional one (quirks)."""
    if meta.get("compatMode") != "BackCompat":
        return ""
    kids = meta.get("childNodes")
    first = kids[0] if isinstance(kids, list) and kids and isinstance(kids[0], dict) else {}
    if first.get("type") == DOCTYPE:
        return ""
    attrs = first.get("attributes") if first.get("type") == ELEMENT else None
    if isinstance(attrs, dict) and attrs.get("xmlns") == "http://www.w3.org/1999/xhtml":
        return "limited-quirks"
    return "quirks"


def meta_hash(meta: Meta) -> int:
    """A hash of what rrweb's isNodeMetaEqual compares (childNodes excluded): equal for two
    metas rrweb would consider equal. It is kept in keyframes, which other processes read (the
    index cache, the index helper), so it is a digest of the fields' JSON, never Python's
    `hash()` (salted per process for strings)."""
    fields = _meta_fields(meta)
    try:
        data = orjson.dumps(fields, option=orjson.OPT_SORT_KEYS)
    except TypeError:  # a value JSON cannot carry (an integer past 64 bits)
        data = repr([sorted(f.items()) if isinstance(f, dict) else f for f in fields]).encode()
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")


def _meta_fields(meta: Meta) -> list[Any]:
    kind = meta.get("type")
    if kind == DOCUMENT:
        return [kind, meta.get("compatMode")]
    if kind == DOCTYPE:
        return [kind, meta.get("name"), meta.get("publicId"), meta.get("systemId")]
    if kind in (TEXT, COMMENT, CDATA):
        return [kind, meta.get("textContent")]
    if kind == ELEMENT:
        return [kind, meta.get("tagName"), meta.get("attributes"), meta.get("isSVG"),
                meta.get("needBlock")]
    return [kind]  # never reused (see `same_node`)


def same_node(node: Node, meta: Meta) -> bool:
    """May the existing mirror node be reused for serialized node `meta` (rrweb's rule)?"""
    if node.meta is not None:
        return nodes_meta_equal(node.meta, meta)
    if node.meta_hash is None:
        return False
    kind = meta.get("type")
    if kind not in (DOCUMENT, DOCTYPE, ELEMENT, TEXT, COMMENT, CDATA):
        return False
    return node.meta_hash == meta_hash(meta)


def nodes_meta_equal(a: Meta | None, b: Meta) -> bool:
    """rrweb's isNodeMetaEqual: may an existing mirror node be reused for `b`?"""
    if a is None or a.get("type") != b.get("type"):
        return False
    kind = a.get("type")
    if kind == DOCUMENT:
        return a.get("compatMode") == b.get("compatMode")
    if kind == DOCTYPE:
        return all(a.get(k) == b.get(k) for k in ("name", "publicId", "systemId"))
    if kind in (TEXT, COMMENT, CDATA):
        return a.get("textContent") == b.get("textContent")
    if kind == ELEMENT:
        return (
            a.get("tagName") == b.get("tagName")
            and a.get("attributes") == b.get("attributes")
            and a.get("isSVG") == b.get("isSVG")
            and a.get("needBlock") == b.get("needBlock")
        )
    return False

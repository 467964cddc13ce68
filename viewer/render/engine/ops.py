"""Patch ops: the small DOM-operation vocabulary a dumb JS applier executes in the replay page.

Every op is a JSON-able dict with an `"op"` key. Nodes are addressed by their engine id:
the rrweb mirror id (> 0), or a negative id for nodes the player made itself (shadow roots,
the text node built from a `_cssText` or a textarea `value`); a negative id is announced
by the op that creates the node before any op uses it.

Ops (fields; `?` = optional):

- `reset` (tree, width, height, href, sheets, adopted): drop everything and build `tree` as
  the document; `sheets` maps a constructed sheet id to its sheet ops, `adopted` maps a
  document / shadow host id to the sheet ids it adopts.
- `insert` (parent, before, node, content?): build the subtree `node` and insert it under
  `parent` before the child `before` (null: append). With `content: true`, `node` is a
  document that becomes the content document of the iframe `parent`.
- `move` (id, parent, before): move an existing node, with its subtree.
- `remove` (id): detach a node (its subtree goes with it).
- `attach_shadow` (host, id): attach an open shadow root `id` to element `host`.
- `set_attr` (id, name, value) / `remove_attr` (id, name): setAttribute / removeAttribute.
- `set_text` (id, text): data of a text or comment node.
- `set_input` (id, value?, checked?): the `value` / `checked` properties.
- `scroll` (id, left, top): scroll an element, or a document's window.
- `viewport` (width, height): resize the replay viewport.
- `sheet_insert` (id, index, rule) / `sheet_delete` (id, index): insertRule / deleteRule in
  the sheet of style element `id` (or constructed sheet, negative id); `index` is a number,
  an index path into nested group rules, or null (append).
- `sheet_replace` (id, text): replace a constructed sheet's text.
- `style_decl` (id, index, property, value?, priority?): set (remove, without value) one
  declaration of the style rule at index path `index`.
- `adopt` (id, sheets): adoptedStyleSheets of a document / shadow host.
- `canvas` (id, type, commands): draw checked canvas commands (`type` 0: 2D, 1: WebGL,
  2: WebGL2) on top of what the canvas shows.
- `canvas_state` (id, canvas): redraw a canvas from scratch from its `canvas` state (or blank
  when null); see the tree's `canvas` below.
- `media` (id, type, currentTime?, volume?, muted?, loop?, playbackRate?): media state.
- `font` (family, source, buffer, descriptors): add a FontFace.
- `selection` (ranges): replace the selection.

A tree (`node`, `tree`) is `{"id", "kind", ...}` with `kind` one of `document` (`children`,
`scroll`, `mode`: "quirks" / "limited-quirks" when the document must render so),
`doctype` (`name`), `element` (`tag`, `attrs`, `svg`, `children`, optional `shadow` tree,
`content` document for iframes, `value`, `checked`, `scroll`, `sheet`: the sheet ops to replay on
a style element after its text, `canvas`: a canvas's `{type, init?, commands}` (draw the
`init` data URL, then replay the commands, as `canvas.drawable` says)), `text`, `comment`, `cdata`
(`text`), `shadow` (`children`). `attrs` are the attributes to set verbatim (rrweb's rebuild
renames already applied); a `style` element's CSS is its text child.

On the way to the page (`markup.encode_ops`), a `reset` document's children, an iframe
document's children and a large `insert` subtree become one tree of kind `markup`: the same
sibling trees written as XHTML plus side tables (`ids`, `fix`, `post`, `win`, `json`; see
`markup.py`), which the page builds with one XML parse. The engine and every other reader of ops
(the reference applier in the tests) only ever see the plain trees above.
"""

from __future__ import annotations

from typing import Any

from .nodes import CDATA, COMMENT, DOCTYPE, DOCUMENT, ELEMENT, KIND_NAMES, SHADOW_ROOT, TEXT, Node

RESET = "reset"
INSERT = "insert"
MOVE = "move"
REMOVE = "remove"
ATTACH_SHADOW = "attach_shadow"
SET_ATTR = "set_attr"
REMOVE_ATTR = "remove_attr"
SET_TEXT = "set_text"
SET_INPUT = "set_input"
SCROLL = "scroll"
VIEWPORT = "viewport"
SHEET_INSERT = "sheet_insert"
SHEET_DELETE = "sheet_delete"
SHEET_REPLACE = "sheet_replace"
STYLE_DECL = "style_decl"
ADOPT = "adopt"
CANVAS = "canvas"
CANVAS_STATE = "canvas_state"
MEDIA = "media"
FONT = "font"
SELECTION = "selection"

_CANVAS_FIELDS = ("type", "init", "commands")  # what an applier needs (canvas.drawable)
_KIND_NAMES = {**KIND_NAMES, SHADOW_ROOT: "shadow"}


def tree(node: Node) -> dict[str, Any]:
    """The op form of a subtree (recursive, fast; a tree deeper than Python recurses is made
    again without recursion)."""
    try:
        return _tree(node)
    except RecursionError:
        return _tree_deep(node)


def _tree(cur: Node) -> dict[str, Any]:
    kind = cur.kind
    if kind == ELEMENT:
        out: dict[str, Any] = {"id": cur.id, "kind": "element", "tag": cur.tag,
                               "attrs": dict(cur.attrs), "svg": cur.is_svg}
        _element_state(cur, out)
        if cur.shadow is not None:
            out["shadow"] = _tree(cur.shadow)
        if cur.content is not None:
            out["content"] = _tree(cur.content)
        out["children"] = [_tree(c) for c in cur.children]
        return out
    if kind in (TEXT, COMMENT, CDATA):
        return {"id": cur.id, "kind": _KIND_NAMES[kind], "text": cur.text}
    if kind == DOCTYPE:
        return {"id": cur.id, "kind": "doctype", "name": cur.tag}
    out = {"id": cur.id, "kind": _KIND_NAMES.get(kind, "unknown")}
    if kind == DOCUMENT:
        _document_state(cur, out)
    out["children"] = [_tree(c) for c in cur.children]
    return out


def _element_state(cur: Node, out: dict[str, Any]) -> None:
    """An element's state beyond its markup (both tree writers use this one)."""
    if cur.value is not None:
        out["value"] = cur.value
    if cur.checked is not None:
        out["checked"] = cur.checked
    if cur.scroll is not None:
        out["scroll"] = list(cur.scroll)
    if cur.sheet:
        out["sheet"] = list(cur.sheet)
    if cur.tag == "canvas" and not cur.is_svg:  # every canvas: its box is drawn by the player
        state = cur.canvas
        out["canvas"] = ({k: list(v) if k == "commands" else v
                          for k, v in state.items() if k in _CANVAS_FIELDS}
                         if state is not None and (state.get("commands") or state.get("init"))
                         else None)


def _document_state(cur: Node, out: dict[str, Any]) -> None:
    if cur.scroll is not None:
        out["scroll"] = list(cur.scroll)
    if cur.mode:
        out["mode"] = cur.mode


def _tree_deep(node: Node) -> dict[str, Any]:
    """`_tree` without recursion (the same dicts, keys in the same order)."""
    root: dict[str, Any] = {}
    stack: list[tuple[Node, dict[str, Any]]] = [(node, root)]
    while stack:
        cur, out = stack.pop()
        out["id"] = cur.id
        out["kind"] = _KIND_NAMES.get(cur.kind, "unknown")
        if cur.kind in (TEXT, COMMENT, CDATA):
            out["text"] = cur.text
            continue
        if cur.kind == DOCTYPE:
            out["name"] = cur.tag
            continue
        if cur.kind == ELEMENT:
            out["tag"] = cur.tag
            out["attrs"] = dict(cur.attrs)
            out["svg"] = cur.is_svg
            _element_state(cur, out)
            if cur.shadow is not None:
                shadow: dict[str, Any] = {}
                out["shadow"] = shadow
                stack.append((cur.shadow, shadow))
            if cur.content is not None:
                content: dict[str, Any] = {}
                out["content"] = content
                stack.append((cur.content, content))
        elif cur.kind == DOCUMENT:
            _document_state(cur, out)
        kids: list[dict[str, Any]] = [{} for _ in cur.children]
        out["children"] = kids
        stack.extend(zip(cur.children, kids, strict=True))
    return root

"""The markup form of op trees: sibling subtrees as one XHTML string the page parses in one go.

The page can build a tree from one XML parse and one adoption into the replay document instead
of node by node (about as fast here: bench/RESULTS.md), and markup is flat, so trees nested
deeper than JSON can be written still travel. `markup_form(trees)` turns a list of sibling op
trees (`ops.tree`) into a tree of kind `markup` that stands for all of them:

- `markup`: `<r:w …>` + the trees as XHTML + `</r:w>` (`r:` is this module's own namespace,
  `OWN_NS`; the default namespace is XHTML, SVG elements declare theirs where it changes);
- `ids`: the engine id of every node the XML parser makes, in document order (what the page's
  TreeWalker sees), placeholders included;
- `fix`: `[index, entry]` pairs, ascending, for the nodes XML cannot carry as they are:
  a `<?r?>` placeholder becomes a text (`text`), comment (`comment`), CDATA (`cdata`) or doctype
  (`doctype`) node; an `<r:e>` placeholder becomes an element made with the DOM API (`tag`,
  `svg`: tag names that are not XML names, `template`, whose parsed children would go to its
  content); an `<r:s>` placeholder (first child of its host) holds the children of the host's
  shadow root; `attrs` lists attributes set with the DOM API after the parse (names or values
  XML cannot hold; `xml:…` and `xmlns…` names, which XML would put in a namespace and
  `setAttribute` does not; capitals in an HTML element's names, which `setAttribute` lower-cases;
  non-string values; and every attribute after the first such one, so the order stays);
  `xmlns: 1` drops the namespace declaration this module added;
- `post`: `[index, state]` for elements with per-element state to apply once the whole tree is
  in place (`value`, `checked`, `scroll`, `sheet`, `content` — in markup form too — and any
  other key an element tree carries), in the order the per-node builder runs them;
- `win`: `[id, index]` for ids used by several nodes (the node the per-node builder registers
  last keeps the id);
- `json`: the trees as JSON text, for the per-node builder when the parse fails (null when
  they nest deeper than JSON can be written: they travel only as markup).

`encode_ops` rewrites a list of ops for the page: `reset` trees and large `insert` subtrees go in
markup form; every other op, and what the reference applier reads, stays a plain JSON tree.
"""

from __future__ import annotations

import re
from typing import Any

import orjson

XHTML_NS = "http://www.w3.org/1999/xhtml"
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
OWN_NS = "urn:x-replay-viewer:markup"

#: An `insert` whose subtree has fewer nodes stays a JSON tree (a parse has a fixed cost; a
#: subtree too deep for JSON has more nodes than this).
MIN_INSERT_NODES = 24

_OPEN = f'<r:w xmlns:r="{OWN_NS}" xmlns="{XHTML_NS}" xmlns:xlink="{XLINK_NS}">'
_CLOSE = "</r:w>"
_PI = "<?r?>"

#: Names the markup carries: ASCII XML names without a colon, not starting with "xml".
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9._-]*\Z")
#: Characters XML 1.0 cannot hold, not even as character references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: Characters that make a text (attribute value) need a closer look.
_TEXT_SPECIAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f&<>\r\ud800-\udfff\ufffe\uffff]")
_ATTR_SPECIAL = re.compile('[\x00-\x1f&<>"\ud800-\udfff\ufffe\uffff]')
#: Keys of an element tree that the markup itself carries; any other key is per-element state.
_STRUCTURE = frozenset({"id", "kind", "tag", "attrs", "svg", "children", "shadow"})
_LEAVES = frozenset({"text", "comment", "cdata", "doctype"})

#: Name checks, memoised (a page uses few distinct names); bounded against hostile input.
_names: dict[str, bool] = {}
_html_attr_names: dict[str, bool] = {}
_MEMO_LIMIT = 20_000


def _name_ok(name: str) -> bool:
    ok = _names.get(name)
    if ok is None:
        ok = _NAME.match(name) is not None and name[:3].lower() != "xml"
        if len(_names) < _MEMO_LIMIT:
            _names[name] = ok
    return ok


def _attr_name_ok(name: str, html: bool) -> bool:
    """May attribute `name` be written in the markup (as the DOM API would set it)?"""
    if not html:
        return _name_ok(name[6:]) if name.startswith("xlink:") else _name_ok(name)
    ok = _html_attr_names.get(name)
    if ok is None:
        if name.startswith("xlink:"):
            ok = _name_ok(name[6:])
        else:  # setAttribute lower-cases names on HTML elements: leave those to the page
            ok = _name_ok(name) and name == name.lower()
        if len(_html_attr_names) < _MEMO_LIMIT:
            _html_attr_names[name] = ok
    return ok


def _text(value: str) -> str:
    """Escape character data (`>` too, so `]]>` never appears; CR as a reference so the
    parser does not turn it into LF)."""
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#13;"))


def _attr(value: str) -> str:
    """Escape an attribute value (whitespace controls as references: the parser would
    normalise them to spaces)."""
    return (_text(value).replace('"', "&quot;").replace("\n", "&#10;")
            .replace("\t", "&#9;"))


def _text_markup(text: Any) -> str | None:
    """The markup of a text node's data, or None when it needs a placeholder."""
    if type(text) is not str or not text:
        return None
    if _TEXT_SPECIAL.search(text) is None:
        return text
    if _NOT_XML.search(text) is not None:
        return None
    return _text(text)


def _comment_markup(text: Any) -> str | None:
    if (type(text) is not str or "--" in text or text.endswith("-") or "\r" in text
            or _NOT_XML.search(text) is not None):
        return None
    return f"<!--{text}-->"


#: Start and end tag per tag name, memoised; None: the page makes that element itself.
_html_tags: dict[Any, tuple[str, str] | None] = {}
_svg_tags: dict[Any, tuple[str, str] | None] = {}


def _tags(tag: Any, svg: bool) -> tuple[str, str] | None:
    memo = _svg_tags if svg else _html_tags
    try:
        return memo[tag]
    except (KeyError, TypeError):  # TypeError: a tag that is not even hashable
        pass
    name = tag if svg or type(tag) is not str else tag.lower()
    tags = None
    if type(name) is str and _name_ok(name) and (svg or name != "template"):
        tags = ("<" + name, f"</{name}>")
    if type(tag) is str and len(memo) < _MEMO_LIMIT:
        memo[tag] = tags
    return tags


def _write_attrs(attrs: Any, html: bool, out: list[str] | None) -> list[list[Any]]:
    """Write the attributes the markup can carry to `out`; return the rest, in order (after
    the first one that cannot be written, all are returned, so the order stays)."""
    late: list[list[Any]] = []
    if not attrs or type(attrs) is not dict:
        return late
    for name, value in attrs.items():
        if out is None or late or type(value) is not str or not _attr_name_ok(name, html):
            late.append([name, value])
        elif _ATTR_SPECIAL.search(value) is None:
            out.append(f' {name}="{value}"')
        elif _NOT_XML.search(value) is None:
            out.append(f' {name}="{_attr(value)}"')
        else:
            late.append([name, value])
    return late


def _attr_out(tag: Any, svg: Any, out: list[str]) -> list[str] | None:
    """Where an element's attributes are written: its start tag, or nowhere for an `input`,
    whose attributes the page sets one by one in recorded order (the browser sanitizes its
    value as each of `type`, `min`, `max`, `multiple` arrives, as in a node-by-node build)."""
    return None if tag == "input" and not svg else out


def _open(tree: dict[str, Any], scope: str, out: list[str], fix: list[list[Any]],
          index: int) -> tuple[str, str]:
    """Write an element's start tag (and its fix entry); return its end tag and the default
    namespace in scope for its children."""
    svg = bool(tree.get("svg"))
    tags = _tags(tree.get("tag"), svg)
    if tags is None:  # an <r:e> the page replaces by an element made with the DOM API
        entry: dict[str, Any] = {"tag": tree.get("tag"), "svg": svg}
        late = _write_attrs(tree.get("attrs"), not svg, None)
        if late:
            entry["attrs"] = late
        fix.append([index, entry])
        out.append("<r:e>")
        return "</r:e>", scope
    ns = SVG_NS if svg else XHTML_NS
    out.append(tags[0])
    attrs_out = _attr_out(tree.get("tag"), svg, out)
    if ns != scope:
        out.append(f' xmlns="{ns}"')
        late = _write_attrs(tree.get("attrs"), not svg, attrs_out)
        fix.append([index, {"xmlns": 1, "attrs": late} if late else {"xmlns": 1}])
    else:
        late = _write_attrs(tree.get("attrs"), not svg, attrs_out)
        if late:
            fix.append([index, {"attrs": late}])
    out.append(">")
    return tags[1], ns


def _leaf(tree: dict[str, Any], kind: Any, after_text: bool, out: list[str],
          fix: list[list[Any]], index: int) -> bool:
    """Write a text, comment, CDATA or doctype node (or its placeholder and fix entry);
    returns whether it was written as literal text."""
    if kind == "text":
        text = tree.get("text")
        markup = None if after_text else _text_markup(text)
        if markup is not None:
            out.append(markup)
            return True
        fix.append([index, {"text": text}])
    elif kind == "comment":
        text = tree.get("text")
        markup = _comment_markup(text)
        if markup is not None:
            out.append(markup)
            return False
        fix.append([index, {"comment": text}])
    elif kind == "cdata":
        fix.append([index, {"cdata": 1}])
    else:
        fix.append([index, {"doctype": tree.get("name")}])
    out.append(_PI)
    return False


def _element_state(tree: dict[str, Any]) -> dict[str, Any] | None:
    """What an element tree carries beyond its markup (its per-element post-build state)."""
    if tree.keys() <= _STRUCTURE:
        return None
    state = {k: v for k, v in tree.items() if k not in _STRUCTURE}
    content = state.get("content")
    if isinstance(content, dict):
        state["content"] = encode_document(content)
    return state


def _write(trees: list[Any], out: list[str], ids: list[Any], fix: list[list[Any]],
           post: list[list[Any]]) -> None:
    """Write `trees` in document order, recursing (fast); RecursionError when too deep. The
    common cases are written inline; the rest goes through `_open` and `_leaf`."""
    out_append, ids_append = out.append, ids.append
    html_tags, svg_tags, plain = _html_tags, _svg_tags, _TEXT_SPECIAL.search
    structure = _STRUCTURE

    def siblings(kids: list[Any], scope: str) -> None:
        after_text = False
        for tree in kids:
            if type(tree) is not dict:
                continue
            kind = tree.get("kind")
            if kind == "element":
                after_text = False
                index = len(ids)
                ids_append(tree.get("id"))
                svg = tree.get("svg")
                tag = tree.get("tag")
                tags = (svg_tags if svg else html_tags).get(tag) if type(tag) is str else None
                if tags is not None and scope is (SVG_NS if svg else XHTML_NS):
                    out_append(tags[0])
                    attrs = tree.get("attrs")
                    if attrs:
                        late = _write_attrs(attrs, not svg, _attr_out(tag, svg, out))
                        if late:
                            fix.append([index, {"attrs": late}])
                    out_append(">")
                    close, inner = tags[1], scope
                else:
                    close, inner = _open(tree, scope, out, fix, index)
                shadow = tree.get("shadow")
                if type(shadow) is dict:  # first child of the host
                    fix.append([len(ids), {"shadow": 1}])
                    ids_append(shadow.get("id"))
                    out_append("<r:s>")
                    shadow_kids = shadow.get("children")
                    if shadow_kids and type(shadow_kids) is list:
                        siblings(shadow_kids, inner)
                    out_append("</r:s>")
                children = tree.get("children")
                if children and type(children) is list:
                    siblings(children, inner)
                out_append(close)
                if not tree.keys() <= structure:
                    post.append([index, _element_state(tree)])
            elif kind == "text":
                index = len(ids)
                ids_append(tree.get("id"))
                text = tree.get("text")
                if not after_text and type(text) is str and text and plain(text) is None:
                    out_append(text)
                    after_text = True
                else:
                    after_text = _leaf(tree, kind, after_text, out, fix, index)
            elif kind in _LEAVES:
                index = len(ids)
                ids_append(tree.get("id"))
                after_text = _leaf(tree, kind, after_text, out, fix, index)

    siblings(trees, XHTML_NS)


def _write_deep(trees: list[Any], out: list[str], ids: list[Any], fix: list[list[Any]],
                post: list[list[Any]]) -> None:
    """`_write` without recursion, for trees nested deeper than Python recurses."""
    # stack items: (tree, default namespace in scope) or (end tag, index, state)
    stack: list[tuple[Any, ...]] = [(t, XHTML_NS) for t in reversed(trees)]
    after_text = [False]  # per open parent: was the previous sibling written as literal text
    while stack:
        item = stack.pop()
        if len(item) == 3:
            out.append(item[0])
            after_text.pop()
            if item[2]:
                post.append([item[1], item[2]])
            continue
        tree, scope = item
        if type(tree) is not dict:
            continue
        kind = tree.get("kind")
        if kind == "element":
            after_text[-1] = False
            index = len(ids)
            ids.append(tree.get("id"))
            close, inner = _open(tree, scope, out, fix, index)
            stack.append((close, index, _element_state(tree)))
            after_text.append(False)
            children = tree.get("children")
            if children and type(children) is list:
                stack.extend([(c, inner) for c in reversed(children)])
            shadow = tree.get("shadow")
            if type(shadow) is dict:
                fix.append([len(ids), {"shadow": 1}])
                ids.append(shadow.get("id"))
                out.append("<r:s>")
                stack.append(("</r:s>", -1, None))
                after_text.append(False)
                kids = shadow.get("children")
                if kids and type(kids) is list:
                    stack.extend([(c, inner) for c in reversed(kids)])
        elif kind in _LEAVES:
            index = len(ids)
            ids.append(tree.get("id"))
            after_text[-1] = _leaf(tree, kind, after_text[-1], out, fix, index)


def _registration_ranks(trees: list[Any]) -> list[int]:
    """For every walk index, when the per-node builder registers that node: leaves and shadow
    roots when they are reached, elements after their subtree."""
    ranks: list[int] = []
    order = 0
    stack: list[tuple[Any, int]] = [(t, -1) for t in reversed(trees)]
    while stack:
        tree, closing = stack.pop()
        if closing >= 0:
            order += 1
            ranks[closing] = order
            continue
        if type(tree) is not dict:
            continue
        kind = tree.get("kind")
        if kind == "element":
            index = len(ranks)
            ranks.append(0)
            stack.append((None, index))
            children = tree.get("children")
            if children and type(children) is list:
                stack.extend([(c, -1) for c in reversed(children)])
            shadow = tree.get("shadow")
            if type(shadow) is dict:
                order += 1
                ranks.append(order)
                kids = shadow.get("children")
                if kids and type(kids) is list:
                    stack.extend([(c, -1) for c in reversed(kids)])
        elif kind in _LEAVES:
            order += 1
            ranks.append(order)
    return ranks


def _winners(trees: list[Any], ids: list[Any]) -> list[list[Any]]:
    """`[id, index]` for every id several nodes use: the node registered last keeps it."""
    if len(set(ids)) == len(ids):
        return []
    ranks = _registration_ranks(trees)
    best: dict[Any, int] = {}
    count: dict[Any, int] = {}
    for index, node_id in enumerate(ids):
        count[node_id] = count.get(node_id, 0) + 1
        held = best.get(node_id)
        if held is None or ranks[index] > ranks[held]:
            best[node_id] = index
    return [[node_id, index] for node_id, index in best.items() if count[node_id] > 1]


def _json(trees: list[Any]) -> str | None:
    """The trees as JSON text, or None when they nest deeper than orjson writes (the markup
    itself is flat: such trees can only travel as markup)."""
    try:
        return orjson.dumps(trees).decode()
    except TypeError:
        pass
    try:  # a key that is not a string (orjson is much slower with this option)
        return orjson.dumps(trees, option=orjson.OPT_NON_STR_KEYS).decode()
    except TypeError:
        return None


def markup_form(trees: list[Any]) -> dict[str, Any]:
    """The `markup` tree standing for the sibling op trees `trees` (see the module doc)."""
    out = [_OPEN]
    ids: list[Any] = []
    fix: list[list[Any]] = []
    post: list[list[Any]] = []
    try:
        _write(trees, out, ids, fix, post)
    except RecursionError:
        out, ids, fix, post = [_OPEN], [], [], []
        _write_deep(trees, out, ids, fix, post)
    out.append(_CLOSE)
    markup = "".join(out)
    form: dict[str, Any] = {"kind": "markup", "markup": markup, "ids": ids, "fix": fix,
                            "post": post, "json": _json(trees)}
    if "<parsererror" in markup:  # recorded ones (an overcount only means a node-by-node build)
        form["parsererrors"] = markup.count("<parsererror>") + markup.count("<parsererror ")
    winners = _winners(trees, ids)
    if winners:
        form["win"] = winners
    return form


def encode_document(tree: dict[str, Any]) -> dict[str, Any]:
    """A `document` tree whose children are one `markup` tree."""
    children = tree.get("children")
    if not children or not isinstance(children, list):
        return tree
    out = {k: v for k, v in tree.items() if k != "children"}
    out["children"] = [markup_form(children)]
    return out


def count_nodes(tree: Any, limit: int) -> int:
    """How many nodes the subtree has, counting up to `limit` at most."""
    count = 0
    stack = [tree]
    while stack and count < limit:
        cur = stack.pop()
        if not isinstance(cur, dict):
            continue
        count += 1
        kids = cur.get("children")
        if kids:
            stack.extend(kids)
        shadow = cur.get("shadow")
        if shadow:
            stack.append(shadow)
        content = cur.get("content")
        if content:
            stack.append(content)
    return count


def encode_ops(ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`ops` with `reset` trees and large `insert` subtrees in markup form (a new list; the
    ops themselves are not changed)."""
    out = ops
    for i, op in enumerate(ops):
        kind = op.get("op")
        new: dict[str, Any] | None = None
        if kind == "reset" and isinstance(op.get("tree"), dict):
            new = {**op, "tree": encode_document(op["tree"])}
        elif kind == "insert" and isinstance(op.get("node"), dict):
            node = op["node"]
            if node.get("kind") == "document":
                new = {**op, "node": encode_document(node)}
            elif node.get("children") and count_nodes(node, MIN_INSERT_NODES) >= MIN_INSERT_NODES:
                new = {**op, "node": markup_form([node])}
        if new is not None:
            if out is ops:
                out = list(ops)
            out[i] = new
    return out

"""The Elements tree without Qt: which rows a node has, how a row reads, and search.

Rows under a node are its shadow root (`#shadow-root`), its children and, for an iframe, its
document (`#document`); text nodes holding only whitespace are left out, as in DevTools.

Search (`find`) takes one query and matches nodes in document order:

- a number (`1234`) is a node id;
- a CSS-ish selector: compound selectors of a tag (or `*`), `#id`, `.class`, `[attr]`,
  `[attr=value]`, `[attr^=value]`, `[attr$=value]`, `[attr*=value]`, `[attr~=value]` (values
  bare or quoted), joined by spaces (descendant) or `>` (child); shadow roots and iframe
  documents are crossed like any parent. No pseudo-classes, `+`, `~` or `,`.
- any query also matches, case-insensitively, as text in a tag name, an attribute name or
  value, or a text / comment node's text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..nodes import CDATA, COMMENT, DOCTYPE, DOCUMENT, ELEMENT, TEXT, Node
from .node_info import child_nodes

#: How many characters of an attribute value or a text a row shows.
ROW_VALUE = 80


def rows_of(node: Node) -> list[Node]:
    """The nodes shown as rows under `node`."""
    return [n for n in child_nodes(node) if n.kind != TEXT or n.text.strip()]


def _short(text: str) -> str:
    text = " ".join(text.split()) if "\n" in text else text
    return text if len(text) <= ROW_VALUE else text[: ROW_VALUE - 1] + "…"


def row_text(node: Node) -> str:
    """How a row reads: `<div id="a" class="b">`, `"text"`, `<!-- c -->`, `#shadow-root`…"""
    kind = node.kind
    if kind == ELEMENT:
        attrs = "".join(f' {k}="{_short(v)}"' if v != "" else f" {k}"
                        for k, v in node.attrs.items())
        return f"<{node.tag}{attrs}>"
    if kind == TEXT:
        return f'"{_short(node.text)}"'
    if kind == COMMENT:
        return f"<!--{_short(node.text)}-->"
    if kind == CDATA:
        return "<![CDATA[]]>"
    if kind == DOCTYPE:
        return f"<!DOCTYPE {node.tag}>"
    if kind == DOCUMENT:
        return "#document"
    return "#shadow-root (open)"


def tree_parent(node: Node) -> Node | None:
    """The row above a node's row (a shadow root's host, an iframe document's iframe)."""
    return node.parent if node.parent is not None else node.host


def walk(root: Node) -> Iterator[Node]:
    """Every row node under `root` (not `root` itself), in document order."""
    stack = list(reversed(rows_of(root)))
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(rows_of(node)))


# -- selectors -------------------------------------------------------------------------------

_NAME = r"[A-Za-z_][-\w]*|\*"
_PART = re.compile(
    r"(?P<tag>" + _NAME + r")|#(?P<id>[-\w]+)|\.(?P<cls>[-\w]+)"
    r"|\[\s*(?P<attr>[-\w:]+)\s*(?:(?P<op>[\^$*~]?=)\s*(?P<val>\"[^\"]*\"|'[^']*'|[^\]\s]+)\s*)?\]"
)


@dataclass
class Compound:
    """One compound selector: tag, ids, classes and attribute tests of one element."""

    tag: str | None = None
    ids: list[str] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    attrs: list[tuple[str, str | None, str]] = field(default_factory=list)  # name, op, value

    def matches(self, node: Node) -> bool:
        if node.kind != ELEMENT:
            return False
        if self.tag not in (None, "*") and node.tag != self.tag.lower():
            return False
        if any(node.attrs.get("id") != i for i in self.ids):
            return False
        classes = node.attrs.get("class", "").split()
        if any(c not in classes for c in self.classes):
            return False
        return all(_attr_matches(node, name, op, value) for name, op, value in self.attrs)


def _attr_matches(node: Node, name: str, op: str | None, value: str) -> bool:
    found = node.attrs.get(name.lower(), node.attrs.get(name))
    if found is None:
        return False
    if op is None:
        return True
    if op == "=":
        return found == value
    if op == "^=":
        return bool(value) and found.startswith(value)
    if op == "$=":
        return bool(value) and found.endswith(value)
    if op == "*=":
        return bool(value) and value in found
    return value in found.split()  # ~=


def parse_selector(text: str) -> list[tuple[str, Compound]] | None:
    """[(combinator, compound)…] for the supported subset (first combinator is ""), or None."""
    tokens = _tokens(text)
    if tokens is None:
        return None
    out: list[tuple[str, Compound]] = []
    combinator = ""
    for token in tokens:
        if token == ">":
            if not out or combinator == ">":
                return None
            combinator = ">"
            continue
        compound = _parse_compound(token)
        if compound is None:
            return None
        out.append((combinator if out else "", compound))
        combinator = " "
    if not out or combinator == ">":
        return None
    return out


def _tokens(text: str) -> list[str] | None:
    """Compound selectors and `>`s; spaces inside `[...]` and quotes do not split."""
    tokens: list[str] = []
    cur: list[str] = []
    quote = ""
    depth = 0
    for ch in text.strip():
        if quote:
            cur.append(ch)
            quote = "" if ch == quote else quote
        elif ch in "'\"" and depth:
            quote = ch
            cur.append(ch)
        elif ch == "[":
            depth += 1
            cur.append(ch)
        elif ch == "]":
            depth -= 1
            cur.append(ch)
        elif depth == 0 and (ch.isspace() or ch == ">"):
            if cur:
                tokens.append("".join(cur))
                cur = []
            if ch == ">":
                tokens.append(">")
        else:
            cur.append(ch)
    if quote or depth:
        return None
    if cur:
        tokens.append("".join(cur))
    return tokens


def _parse_compound(token: str) -> Compound | None:
    compound = Compound()
    pos = 0
    while pos < len(token):
        m = _PART.match(token, pos)
        if m is None:
            return None
        if m.group("tag") is not None:
            if pos != 0:
                return None
            compound.tag = m.group("tag")
        elif m.group("id") is not None:
            compound.ids.append(m.group("id"))
        elif m.group("cls") is not None:
            compound.classes.append(m.group("cls"))
        else:
            value = m.group("val") or ""
            if value[:1] in ("'", '"'):
                value = value[1:-1]
            compound.attrs.append((m.group("attr"), m.group("op"), value))
        pos = m.end()
    return compound


def selector_matches(selector: list[tuple[str, Compound]], node: Node) -> bool:
    """Does the node match the parsed selector (right to left, crossing shadow/frames)?"""
    return _match_from(selector, len(selector) - 1, node)


def _match_from(selector: list[tuple[str, Compound]], i: int, node: Node) -> bool:
    combinator, compound = selector[i]
    if not compound.matches(node):
        return False
    if i == 0:
        return True
    up = _element_above(node)
    if combinator == ">":
        return up is not None and _match_from(selector, i - 1, up)
    while up is not None:
        if _match_from(selector, i - 1, up):
            return True
        up = _element_above(up)
    return False


def _element_above(node: Node) -> Node | None:
    cur = tree_parent(node)
    while cur is not None and cur.kind != ELEMENT:
        cur = tree_parent(cur)
    return cur


# -- search ----------------------------------------------------------------------------------


def text_matches(node: Node, needle: str) -> bool:
    """Case-insensitive text match on a tag, an attribute name or value, or a node's text."""
    if node.kind == ELEMENT:
        if needle in node.tag:
            return True
        return any(needle in k.lower() or needle in v.lower() for k, v in node.attrs.items())
    if node.kind in (TEXT, COMMENT):
        return needle in node.text.lower()
    return False


def find(root: Node | None, query: str) -> list[Node]:
    """Row nodes under `root` matching the query (see the module docstring), in order."""
    text = query.strip()
    if root is None or not text:
        return []
    if text.isdigit():
        wanted = int(text)
        return [n for n in walk(root) if n.id == wanted]
    selector = parse_selector(text)
    needle = text.lower()
    return [
        n
        for n in walk(root)
        if text_matches(n, needle) or (selector is not None and selector_matches(selector, n))
    ]

"""Describe a recorded element for people and for Playwright: role, name, id, CSS path.

The element comes from the DOM engine's state at the moment of the action (its rrweb id is in
the click breadcrumb or the Input event); when the engine does not have it, the node Sentry
kept in the breadcrumb (tag, a few attributes, text) is used instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from viewer.model.frames import NodeRef
from viewer.render.engine.nodes import DOCUMENT, ELEMENT, SHADOW_ROOT, Node, text_content

_WS = re.compile(r"\s+")
_CSS_IDENT = re.compile(r"^-?[A-Za-z_][A-Za-z0-9_-]*$")
_NAME_MAX = 80
#: Elements whose content is not part of their ancestors' text (a label's name leaves out the
#: options of the select inside it).
_NO_TEXT = frozenset({"script", "noscript", "style", "select", "textarea", "datalist"})
_TEXTBOX_TYPES = frozenset({"", "text", "email", "tel", "url", "search"})
_BUTTON_TYPES = frozenset({"button", "submit", "reset", "image"})
_IMPLICIT_ROLES = {"button": "button", "textarea": "textbox", "h1": "heading", "h2": "heading",
                   "h3": "heading", "h4": "heading", "h5": "heading", "h6": "heading",
                   "option": "option", "li": "listitem", "summary": "button",
                   "nav": "navigation", "dialog": "dialog"}
#: Roles whose accessible name comes from the element's text.
_NAME_FROM_TEXT = frozenset({"button", "link", "heading", "option", "listitem", "tab",
                             "menuitem", "checkbox", "radio", "switch", "cell"})


@dataclass(frozen=True)
class Element:
    """What is known of one element at the moment it was used."""

    tag: str
    id: str = ""
    role: str = ""
    name: str = ""  # accessible name (aria-label, text, label...); "" when unknown or masked
    text: str = ""  # its text, white space folded (may be masked: `****`)
    css_path: str = ""
    input_type: str = ""
    test_id: str = ""
    attributes: dict[str, str] = field(default_factory=dict)
    name_is_unique: bool = False  # no other element of the page has this role and name

    @property
    def short(self) -> str:
        """`#email`, `button "Pay now"`, or the CSS path: how a person would name it."""
        if self.id:
            return f"#{self.id}"
        label = self.name or self.text
        if label and not is_masked(label):
            return f'{self.tag} "{label}"'
        return self.css_path or self.tag


def is_masked(text: str) -> bool:
    """Text masked by Sentry (or by our redaction): only `*` and white space."""
    stripped = _WS.sub("", text)
    return bool(stripped) and set(stripped) == {"*"}


def fold(text: str) -> str:
    return _WS.sub(" ", text).strip()


def text_of(node: Node) -> str:
    """textContent without scripts and styles, white space folded."""
    return fold(text_content(node, _NO_TEXT))


def role_of(node: Node) -> str:
    explicit = node.attrs.get("role", "").split()
    if explicit:
        return explicit[0]
    tag = node.tag
    kind = node.attrs.get("type", "").lower()
    if tag == "a":
        return "link" if "href" in node.attrs else ""
    if tag == "input":
        if kind in _BUTTON_TYPES:
            return "button"
        if kind in ("checkbox", "radio"):
            return kind
        if kind == "number":
            return "spinbutton"
        if kind == "range":
            return "slider"
        return "textbox" if kind in _TEXTBOX_TYPES else ""
    if tag == "select":
        multiple = "multiple" in node.attrs or node.attrs.get("size", "1") not in ("", "0", "1")
        return "listbox" if multiple else "combobox"
    if tag == "img":
        return "img" if node.attrs.get("alt") else ""
    return _IMPLICIT_ROLES.get(tag, "")


def _labels(doc: Node | None) -> dict[str, str]:
    """`<label for=…>` texts by the id they point at."""
    out: dict[str, str] = {}
    if doc is None:
        return out
    stack = [doc]
    while stack:
        cur = stack.pop()
        if cur.kind == ELEMENT and cur.tag == "label" and cur.attrs.get("for"):
            out.setdefault(cur.attrs["for"], text_of(cur))
        stack.extend(cur.children)
    return out


def name_of(node: Node, labels: dict[str, str]) -> str:
    """A best-effort accessible name (aria-label, label, text, alt, title, value)."""
    attrs = node.attrs
    for candidate in (attrs.get("aria-label", ""),):
        if fold(candidate):
            return fold(candidate)
    role = role_of(node)
    if node.tag in ("input", "select", "textarea"):
        if attrs.get("type", "").lower() in _BUTTON_TYPES:
            return fold(attrs.get("value", "") or attrs.get("alt", ""))
        label = labels.get(attrs.get("id", ""), "")
        if not label:
            parent = node.parent
            while parent is not None and parent.kind == ELEMENT:
                if parent.tag == "label":
                    label = text_of(parent)
                    break
                parent = parent.parent
        return fold(label or attrs.get("title", ""))
    if node.tag == "img":
        return fold(attrs.get("alt", ""))
    if role in _NAME_FROM_TEXT:
        return text_of(node) or fold(attrs.get("title", ""))
    return fold(attrs.get("title", ""))


def css_path(node: Node) -> str:
    """`#id` or `tag:nth-of-type(n)` steps from the nearest ancestor with an id (or `html`);
    a shadow root boundary becomes a descendant step (Playwright's CSS pierces open roots)."""
    trees: list[list[str]] = []
    steps: list[str] = []
    cur: Node | None = node
    while cur is not None and cur.kind == ELEMENT:
        ident = cur.attrs.get("id", "")
        if ident and _CSS_IDENT.match(ident):
            steps.append(f"#{ident}")
            break
        parent = cur.parent
        step = cur.tag
        if parent is not None:
            same = [c for c in parent.children if c.kind == ELEMENT and c.tag == cur.tag]
            if len(same) > 1:
                step += f":nth-of-type({next(i for i, c in enumerate(same, 1) if c is cur)})"
        steps.append(step)
        if parent is None or parent.kind == DOCUMENT:
            break
        if parent.kind == SHADOW_ROOT:
            trees.append(steps)
            steps = []
            cur = parent.host
            continue
        cur = parent
    trees.append(steps)
    return " ".join(" > ".join(reversed(tree)) for tree in reversed(trees) if tree)


def describe(node: Node, doc: Node | None, labels: dict[str, str] | None = None) -> Element:
    """Everything known of an engine node."""
    labels = _labels(doc) if labels is None else labels
    role = role_of(node)
    name = name_of(node, labels)
    name = "" if len(name) > _NAME_MAX or is_masked(name) else name
    unique = bool(role and name) and _count_named(doc, role, name, labels) == 1
    attrs = {k: v for k, v in node.attrs.items() if not k.startswith(("rr", "_"))}
    return Element(
        tag=node.tag, id=node.attrs.get("id", ""), role=role, name=name,
        text=text_of(node)[:_NAME_MAX], css_path=css_path(node),
        input_type=node.attrs.get("type", "").lower() if node.tag == "input" else "",
        test_id=node.attrs.get("data-testid", "") or node.attrs.get("data-test-id", ""),
        attributes=attrs, name_is_unique=unique)


def _count_named(doc: Node | None, role: str, name: str, labels: dict[str, str]) -> int:
    """How many elements Playwright's `getByRole(role, {name})` (substring, any case) finds."""
    if doc is None:
        return 0
    wanted = name.lower()
    count = 0
    stack = [doc]
    while stack:
        cur = stack.pop()
        if cur.kind == ELEMENT and role_of(cur) == role and wanted in name_of(cur, labels).lower():
            count += 1
        stack.extend(cur.children)
        if cur.shadow is not None:
            stack.append(cur.shadow)
    return count


def from_breadcrumb(node: NodeRef, path: str) -> Element:
    """What Sentry kept of the element (the engine no longer had it)."""
    attrs = dict(node.attributes)
    tag = node.tag.lower() or "element"
    text = fold(node.text)[:_NAME_MAX]
    role = attrs.get("role", "") or {"button": "button", "a": "link"}.get(tag, "")
    name = fold(attrs.get("aria-label", "")) or (text if role else "")
    name = "" if is_masked(name) else name
    return Element(tag=tag, id=attrs.get("id", ""), role=role, name=name, text=text,
                   css_path=path, test_id=attrs.get("testId", "") or attrs.get("data-testid", ""),
                   attributes=attrs)

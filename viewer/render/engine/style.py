"""Inline `style` handling: rrdom-like declaration edits and a best-effort cssText canonicaliser.

The domdump compares an element's `style.cssText` as the browser serialises it. A browser
parses every declaration, drops invalid ones and re-serialises values (`#fff` becomes
`rgb(255, 255, 255)`, `0` becomes `0px`, shorthands are re-ordered or collapsed). We cannot
run Blink's CSS engine, so `canonical_style` only does: split declarations (outside
parentheses and quotes), lower-case the property, fold white space, turn hex colours into
`rgb()`/`rgba()`, write `!important` as ` !important`, drop empty values, sort, and join
with `; `. What it does not reproduce is listed in docs/engine-fidelity.md.
"""

from __future__ import annotations

import re

from .css_all import ALL_LONGHANDS

_WS = re.compile(r"\s+")
_HEX = re.compile(r"#([0-9a-fA-F]{3,8})\b")
_IMPORTANT = re.compile(r"\s*!\s*important\s*$", re.IGNORECASE)


def split_declarations(text: str) -> list[tuple[str, str]]:
    """Split `a: b; c: d` into (property, value) pairs, respecting () and quotes."""
    out: list[tuple[str, str]] = []
    depth = 0
    quote = ""
    start = 0
    parts: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == ";" and depth == 0:
            parts.append(text[start:i])
            start = i + 1
        i += 1
    parts.append(text[start:])
    for part in parts:
        if ":" not in part:
            continue
        prop, _, value = part.partition(":")
        prop = prop.strip()
        value = value.strip()
        if prop:
            out.append((prop, value))
    return out


def parse_style(text: str) -> dict[str, str]:
    """Ordered property -> value (with any `!important` kept in the value)."""
    decls: dict[str, str] = {}
    for prop, value in split_declarations(text):
        key = prop if prop.startswith("--") else prop.lower()
        decls.pop(key, None)
        decls[key] = value
    return decls


def serialize_style(decls: dict[str, str]) -> str:
    """Write declarations back as a style attribute (`a: b; c: d;`)."""
    return " ".join(f"{prop}: {value};" for prop, value in decls.items())


def set_style_property(text: str, prop: str, value: str, priority: str = "") -> str:
    """style.setProperty on a style attribute string; an empty value removes the property."""
    decls = parse_style(text)
    key = prop if prop.startswith("--") else prop.lower()
    if not value:
        decls.pop(key, None)
    else:
        decls.pop(key, None)
        decls[key] = value + (" !important" if priority == "important" else "")
    return serialize_style(decls)


def remove_style_property(text: str, prop: str) -> str:
    """style.removeProperty on a style attribute string."""
    decls = parse_style(text)
    decls.pop(prop if prop.startswith("--") else prop.lower(), None)
    return serialize_style(decls)


def _hex_to_rgb(match: re.Match[str]) -> str:
    digits = match.group(1)
    if len(digits) in (3, 4):
        digits = "".join(c * 2 for c in digits)
    if len(digits) not in (6, 8):
        return match.group(0)
    r, g, b = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
    if len(digits) == 8:
        alpha = int(digits[6:8], 16) / 255
        a = f"{alpha:.2f}".rstrip("0").rstrip(".")
        return f"rgba({r}, {g}, {b}, {a})"
    return f"rgb({r}, {g}, {b})"


_ZERO_LENGTH_PROPS = re.compile(
    r"^(margin|padding|top|left|right|bottom|width|height|min-width|min-height|max-width|"
    r"max-height|border(-\w+)*-width|gap|row-gap|column-gap|inset|font-size|line-height-x|"
    r"margin-\w+|padding-\w+|letter-spacing|word-spacing|outline-offset|outline-width)$"
)


def _canonical_value(prop: str, value: str) -> str:
    value = _WS.sub(" ", value).strip()
    if not prop.startswith("--"):
        value = _HEX.sub(_hex_to_rgb, value)
        if _ZERO_LENGTH_PROPS.match(prop):
            value = " ".join("0px" if tok == "0" else tok for tok in value.split(" "))
        value = re.sub(r",(?=\S)", ", ", value) if "(" in value else value
    return value


_BAD_UNIT = re.compile(r"(?<![\w.-])[A-Za-z_]\w*?(px|em|rem|vh|vw|%)(?![\w(])")


def canonical_style(text: str) -> str:
    """The domdump form of a style attribute (see the module docstring)."""
    decls: dict[str, str] = {}
    for prop, raw in split_declarations(text):
        if _BAD_UNIT.search(raw) and "var(" not in raw:
            continue  # e.g. `left: Npx`: the browser rejects the declaration
        key = prop if prop.startswith("--") else prop.lower()
        important = bool(_IMPORTANT.search(raw))
        value = _IMPORTANT.sub("", raw) if important else raw
        value = _canonical_value(key, value)
        if not value:
            continue
        full = value + (" !important" if important else "")
        if key == "all":
            for longhand in ALL_LONGHANDS:
                decls[longhand] = full
            continue
        if decls and key + "-top" in decls:
            for side in ("-top", "-right", "-bottom", "-left"):
                decls.pop(key + side, None)
        decls.pop(key, None)
        decls[key] = full
    return "; ".join(sorted(f"{p}: {v}" for p, v in decls.items()))

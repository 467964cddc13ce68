"""Redaction: a copy of a Replay without page text, input values, URL queries or network data.

`redact_replay(replay, Redaction(...))` returns a new Replay; every export (and the screenshots
of the bug report) is made from it, so nothing asked to be redacted can reach an output.

- `text`: DOM text (not stylesheets), comments, the text attributes (title, placeholder, alt,
  aria-label, button labels) and the element text Sentry keeps in click breadcrumbs are masked
  as Sentry does: each character becomes `*`, white space is kept.
- `inputs`: input/textarea/select values (Input events, `value` attributes, textarea text).
- `urls`: query strings and fragments are dropped from every URL: page and request URLs,
  URL attributes (href, src, srcset, action…), breadcrumb data, stack frames, and absolute
  URLs inside console messages, logs, error texts and trace spans.
- `network-bodies`: request and response headers and bodies are removed (sizes stay).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from viewer.export.redact_events import (
    TEXT_ATTRIBUTES,
    EventRedactor,
    mask,
    mask_path_text,
    strip_url,
    strip_urls_in_text,
)
from viewer.model import Replay
from viewer.model.events import EventList
from viewer.model.frames import (
    BreadcrumbFrame,
    ClickFrame,
    ConsoleFrame,
    ErrorFrame,
    HttpPart,
    LogFrame,
    NavigationFrame,
    NetworkFrame,
    NodeRef,
    StackFrame,
    TraceSpan,
)
from viewer.model.segments import segment_from_list

KINDS = ("text", "inputs", "urls", "network-bodies")


@dataclass(frozen=True)
class Redaction:
    """What to redact; `Redaction.parse("text,inputs,urls,network-bodies")`."""

    text: bool = False
    inputs: bool = False
    urls: bool = False
    network_bodies: bool = False

    @classmethod
    def parse(cls, spec: str) -> Redaction:
        """Comma-separated kinds (`all` for every one); ValueError names an unknown kind."""
        names = [n.strip().lower() for n in spec.split(",") if n.strip()]
        if "all" in names:
            names = list(KINDS)
        unknown = [n for n in names if n not in KINDS]
        if unknown:
            raise ValueError(f"unknown redaction {unknown[0]!r}; use {','.join(KINDS)} or all")
        return cls("text" in names, "inputs" in names, "urls" in names,
                   "network-bodies" in names)

    @property
    def names(self) -> list[str]:
        flags = (self.text, self.inputs, self.urls, self.network_bodies)
        return [name for name, on in zip(KINDS, flags, strict=True) if on]

    def __bool__(self) -> bool:
        return bool(self.names)

    def describe(self) -> str:
        """One sentence saying what was redacted (empty when nothing was)."""
        parts = []
        if self.text:
            parts.append("page text masked (each character replaced by *)")
        if self.inputs:
            parts.append("input values masked")
        if self.urls:
            parts.append("query strings and fragments removed from URLs")
        if self.network_bodies:
            parts.append("network request and response headers and bodies removed")
        if not parts:
            return ""
        return "Redacted: " + "; ".join(parts) + "."


def redact_replay(replay: Replay, redaction: Redaction) -> Replay:
    """A copy of `replay` with what `redaction` asks removed (the replay itself is unchanged)."""
    if not redaction:
        return replay
    events = EventRedactor(redaction.text, redaction.inputs, redaction.urls,
                           redaction.network_bodies)
    rrweb = [events.event(replay.events[i]) for i in range(len(replay.events))]
    customs = [events.custom({**event, "timestamp": ts})
               for ts, event in replay.events.custom_events()]
    ordered = sorted([*rrweb, *customs], key=lambda e: float(e.get("timestamp") or 0))
    segment = segment_from_list(ordered, None, "redacted", size=replay.events.json_bytes)
    frames = _FrameRedactor(redaction)
    url = strip_url if redaction.urls else _same
    return dataclasses.replace(
        replay,
        events=EventList([segment]),
        frames=[frames.frame(f) for f in replay.frames],
        traces=[frames.frame(s) for s in replay.traces],
        logs=[frames.frame(f) for f in replay.logs],
        urls=[url(u) for u in replay.urls],
        metadata=frames.deep(replay.metadata) if redaction.urls else replay.metadata,
    )


def _same(value: str) -> str:
    return value


class _FrameRedactor:
    """Redacts typed frames (they are frozen: each becomes a changed copy)."""

    def __init__(self, redaction: Redaction) -> None:
        self.r = redaction

    def deep(self, value: Any) -> Any:
        """Absolute URLs inside any JSON-like value lose query and fragment."""
        if isinstance(value, str):
            return strip_urls_in_text(value)
        if isinstance(value, list):
            return [self.deep(v) for v in value]
        if isinstance(value, dict):
            return {k: self.deep(v) for k, v in value.items()}
        return value

    def text(self, value: str) -> str:
        return strip_urls_in_text(value) if self.r.urls else value

    def node(self, node: NodeRef | None) -> NodeRef | None:
        if node is None or not self.r.text:
            return node
        attrs = {k: mask(v) if k in TEXT_ATTRIBUTES else v for k, v in node.attributes.items()}
        return dataclasses.replace(node, text=mask(node.text), attributes=attrs)

    def path(self, selector: str) -> str:
        return mask_path_text(selector) if self.r.text else selector

    def frame(self, f: Any) -> Any:
        r = self.r
        change: dict[str, Any] = {}
        if isinstance(f, ClickFrame):
            change = {"node": self.node(f.node), "selector": self.path(f.selector)}
        elif isinstance(f, BreadcrumbFrame):
            data = EventRedactor(r.text, r.inputs, r.urls, r.network_bodies).crumb_data(f.data)
            change = {"node": self.node(f.node), "message": self.text(self.path(f.message)),
                      "data": data}
        elif isinstance(f, NavigationFrame) and r.urls:
            change = {"url": strip_url(f.url), "previous_url": strip_url(f.previous_url)}
        elif isinstance(f, NetworkFrame):
            change = {"url": strip_url(f.url) if r.urls else f.url}
            if r.network_bodies:
                change |= {"request": _no_body(f.request), "response": _no_body(f.response)}
        elif isinstance(f, ConsoleFrame) and r.urls:
            change = {"message": self.text(f.message), "arguments": self.deep(f.arguments)}
        elif isinstance(f, ErrorFrame) and r.urls:
            change = {"error_title": self.text(f.error_title), "message": self.text(f.message),
                      "stack": [_stack(s, strip_url) for s in f.stack]}
        elif isinstance(f, TraceSpan) and r.urls:
            change = {"name": self.text(f.name), "attributes": self.deep(f.attributes)}
        elif isinstance(f, LogFrame) and r.urls:
            change = {"body": self.text(f.body), "attributes": self.deep(f.attributes)}
        return dataclasses.replace(f, **change) if change else f


def _no_body(part: HttpPart | None) -> HttpPart | None:
    if part is None:
        return None
    return HttpPart({}, part.size, None, [])


def _stack(frame: StackFrame, url: Callable[[str], str]) -> StackFrame:
    return dataclasses.replace(frame, filename=url(frame.filename))

"""Typed frames: everything on the timeline besides the DOM events, in epoch ms and replay offset.

Hydration (`viewer.model.hydrate`) turns Sentry custom events, rrweb plugin/log events, linked
error events and trace spans into these. Every frame has `ts_ms` (absolute epoch milliseconds),
`offset_ms` (from the replay start, may be negative) and a `kind`; `viewer.model.kinds` gives
each kind's title, lane, colour and description.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from viewer.model.kinds import kind_of


@dataclass(frozen=True, slots=True)
class Frame:
    """Base of every frame."""

    kind: str
    ts_ms: float
    offset_ms: float

    @property
    def title(self) -> str:
        """The kind's title ("Click", "Error"…)."""
        return kind_of(self.kind).title


@dataclass(frozen=True, slots=True)
class NodeRef:
    """The DOM node a breadcrumb points at (rrweb id, may be absent from the mirror)."""

    node_id: int | None
    tag: str = ""
    text: str = ""
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class BreadcrumbFrame(Frame):
    """A Sentry breadcrumb (clicks, inputs, keys, focus, custom categories)."""

    category: str
    message: str = ""
    level: str = ""
    node: NodeRef | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ClickFrame(Frame):
    """A click or tap; `rage`/`dead` follow Sentry's rules (FORMATS.md §5.1)."""

    selector: str
    node: NodeRef | None = None
    click_count: int = 1
    time_after_click_ms: float | None = None
    end_reason: str = ""
    x: float | None = None
    y: float | None = None


@dataclass(frozen=True, slots=True)
class NavigationFrame(Frame):
    """A page load or an SPA navigation."""

    url: str
    previous_url: str = ""
    how: str = ""  # navigate, reload, back_forward, push, breadcrumb
    end_ms: float | None = None


@dataclass(frozen=True, slots=True)
class ConsoleFrame(Frame):
    level: str
    message: str
    arguments: list[Any] = field(default_factory=list)
    truncated: bool = False


@dataclass(frozen=True, slots=True)
class HttpPart:
    """Request or response details captured by the SDK."""

    headers: dict[str, str] = field(default_factory=dict)
    size: int | None = None
    body: Any = None
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class NetworkFrame(Frame):
    """A fetch/XHR request (`kind` network) or another resource load (`kind` resource)."""

    op: str
    url: str
    end_ms: float
    method: str = ""
    status: int | None = None
    request: HttpPart | None = None
    response: HttpPart | None = None
    transfer_size: int | None = None

    @property
    def duration_ms(self) -> float:
        return self.end_ms - self.ts_ms

    @property
    def status_class(self) -> str:
        """`2xx`…`5xx`, or `failed` when the SDK saw no status (0) or none was recorded."""
        if not self.status:
            return "failed" if self.kind == "network" else "unknown"
        return f"{self.status // 100}xx"


@dataclass(frozen=True, slots=True)
class WebVitalFrame(Frame):
    name: str
    value: float
    rating: str = ""
    node_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class MemoryFrame(Frame):
    used_bytes: int
    total_bytes: int
    limit_bytes: int


@dataclass(frozen=True, slots=True)
class PaintFrame(Frame):
    name: str


@dataclass(frozen=True, slots=True)
class StackFrame:
    function: str
    filename: str
    lineno: int | None = None
    colno: int | None = None
    in_app: bool = False


@dataclass(frozen=True, slots=True)
class ErrorFrame(Frame):
    """A linked error event (or just an id from `error_ids`, `has_event` False)."""

    event_id: str
    error_title: str = ""  # the error event's own title ("TypeError: x is undefined")
    message: str = ""
    level: str = "error"
    trace_id: str = ""
    stack: list[StackFrame] = field(default_factory=list)
    has_event: bool = True
    in_recording: bool = True


@dataclass(frozen=True, slots=True)
class TraceSpan(Frame):
    """A span of a linked trace (span items, or transactions and their spans)."""

    trace_id: str
    span_id: str
    parent_span_id: str
    name: str
    op: str
    end_ms: float
    status: str = ""
    is_segment: bool = False
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class LogFrame(Frame):
    """A Sentry structured log (`log` envelope item) linked to the replay."""

    level: str
    body: str
    trace_id: str = ""
    attributes: dict[str, Any] = field(default_factory=dict)

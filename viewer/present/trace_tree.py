"""Pure grouping of trace spans: one tree per trace, children under parents, by start time."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from viewer.model.frames import TraceSpan


@dataclass
class SpanNode:
    span: TraceSpan
    children: list[SpanNode] = field(default_factory=list)


@dataclass
class TraceGroup:
    """One trace: its root spans (with their subtrees), time range and span count."""

    trace_id: str
    roots: list[SpanNode]
    start_ms: float
    end_ms: float
    count: int

    @property
    def title(self) -> str:
        main = self.roots[0].span if self.roots else None
        name = f"{main.op}: {main.name}" if main else "trace"
        return f"{name}  ·  {self.count} span{'s' if self.count != 1 else ''}"

    @property
    def failed(self) -> bool:
        return any(n.span.status not in ("", "ok", "unset") for n in walk(self.roots))


def walk(nodes: Iterable[SpanNode]) -> Iterable[SpanNode]:
    for node in nodes:
        yield node
        yield from walk(node.children)


def group_traces(spans: Iterable[TraceSpan]) -> list[TraceGroup]:
    """Traces ordered by start; a span whose parent is unknown becomes a root."""
    by_trace: dict[str, list[TraceSpan]] = {}
    for span in spans:
        by_trace.setdefault(span.trace_id, []).append(span)
    groups = []
    for trace_id, members in by_trace.items():
        members.sort(key=lambda s: (s.ts_ms, not s.is_segment))
        nodes = {s.span_id: SpanNode(s) for s in members}
        roots: list[SpanNode] = []
        for s in members:
            parent = nodes.get(s.parent_span_id) if s.parent_span_id != s.span_id else None
            (parent.children if parent is not None else roots).append(nodes[s.span_id])
        groups.append(TraceGroup(trace_id, roots, members[0].ts_ms,
                                 max(s.end_ms for s in members), len(members)))
    groups.sort(key=lambda g: g.start_ms)
    return groups

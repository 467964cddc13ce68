"""Turn raw custom events, plugin events and linked Sentry events into typed frames (ms epoch).

All of Sentry's timestamp units are undone here (FORMATS.md §5.4): breadcrumb and span payloads
carry seconds, outer custom-event timestamps carry either. Malformed items become problems.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from viewer.model.frames import (
    BreadcrumbFrame,
    ClickFrame,
    ConsoleFrame,
    ErrorFrame,
    Frame,
    HttpPart,
    LogFrame,
    MemoryFrame,
    NavigationFrame,
    NetworkFrame,
    NodeRef,
    PaintFrame,
    StackFrame,
    TraceSpan,
    WebVitalFrame,
)
from viewer.model.segments import ms_timestamp

NETWORK_OPS = frozenset({"resource.fetch", "resource.xhr", "resource.http"})
PAGELOAD_OPS = frozenset(
    {"navigation.navigate", "navigation.reload", "navigation.back_forward", "navigation.prerender"}
)
LEGACY_VITAL_OPS = {
    "largest-contentful-paint": "largest-contentful-paint",
    "cumulative-layout-shift": "cumulative-layout-shift",
    "first-input-delay": "first-input-delay",
    "interaction-to-next-paint": "interaction-to-next-paint",
}
DEAD_CLICK_TAGS = frozenset({"a", "button", "input"})
RAGE_CLICK_COUNT = 5
BREADCRUMB_KINDS = {
    "ui.input": "input",
    "ui.keyDown": "keydown",
    "ui.blur": "blur",
    "ui.focus": "focus",
    "replay.mutations": "mutations",
    "replay.hydrate-error": "hydrate-error",
    "sentry.feedback": "feedback",
}


class Hydrator:
    """Collects frames for one replay; `start_ms` is the replay origin for offsets."""

    def __init__(self, start_ms: float) -> None:
        self.start_ms = start_ms
        self.frames: list[Frame] = []
        self.traces: list[TraceSpan] = []
        self.options: dict[str, Any] = {}
        self.problems: list[str] = []
        self.other_tags: dict[str, int] = {}

    def has_kind(self, kind: str) -> bool:
        return any(f.kind == kind for f in self.frames)

    def _off(self, ts: float) -> float:
        return ts - self.start_ms

    # -- Sentry custom events (type 5) ---------------------------------------------------------
    def add_custom(self, event: dict[str, Any], where: str) -> None:
        data = event.get("data")
        if not isinstance(data, dict):
            self.problems.append(f"{where}: custom event without data skipped")
            return
        tag = data.get("tag")
        payload = data.get("payload")
        outer = ms_timestamp(float(event["timestamp"]))
        try:
            if tag == "breadcrumb" and isinstance(payload, dict):
                self._breadcrumb(payload, outer)
            elif tag == "performanceSpan" and isinstance(payload, dict):
                self._span(payload, outer)
            elif tag == "options" and isinstance(payload, dict):
                self.options.update(payload)
            else:
                key = str(tag)
                self.other_tags[key] = self.other_tags.get(key, 0) + 1
        except (TypeError, ValueError, KeyError, AttributeError) as e:
            self.problems.append(f"{where}: malformed {tag} skipped ({type(e).__name__}: {e})")

    def _breadcrumb(self, crumb: dict[str, Any], outer: float) -> None:
        ts = _seconds_or_ms(crumb.get("timestamp"), outer)
        category = str(crumb.get("category") or "")
        data = crumb.get("data") if isinstance(crumb.get("data"), dict) else {}
        assert isinstance(data, dict)
        message = str(crumb.get("message") or "")
        off = self._off(ts)
        if category == "ui.click":
            self.frames.append(ClickFrame("click", ts, off, message, _node(data)))
        elif category == "ui.slowClickDetected":
            node = _node(data)
            count = int(data.get("clickCount") or 1)
            reason = str(data.get("endReason") or "")
            tag = node.tag.lower() if node else ""
            if count >= RAGE_CLICK_COUNT:
                kind = "rage-click"
            elif tag in DEAD_CLICK_TAGS and reason == "timeout":
                kind = "dead-click"
            else:
                kind = "slow-click"
            after = data.get("timeAfterClickMs")
            self.frames.append(ClickFrame(
                kind, ts, off, message, node, count,
                float(after) if isinstance(after, (int, float)) else None, reason))
        elif category == "ui.multiClick":
            count = int(data.get("clickCount") or 2)
            self.frames.append(ClickFrame("multi-click", ts, off, message, _node(data), count))
        elif category == "navigation":
            self.frames.append(NavigationFrame(
                "navigation", ts, off, str(data.get("to") or ""), str(data.get("from") or ""),
                "breadcrumb"))
        elif category == "console":
            args = data.get("arguments")
            meta = crumb.get("_meta") or data.get("_meta") or {}
            warnings = meta.get("warnings", []) if isinstance(meta, dict) else []
            level = str(crumb.get("level") or "log")
            self.frames.append(ConsoleFrame(
                "console", ts, off, level, message, args if isinstance(args, list) else [],
                "CONSOLE_ARG_TRUNCATED" in warnings))
        else:
            kind = BREADCRUMB_KINDS.get(category, "custom")
            self.frames.append(BreadcrumbFrame(
                kind, ts, off, category, message, str(crumb.get("level") or ""), _node(data),
                data))

    def _span(self, span: dict[str, Any], outer: float) -> None:
        op = str(span.get("op") or "")
        start = _seconds_or_ms(span.get("startTimestamp"), outer)
        end = _seconds_or_ms(span.get("endTimestamp"), start)
        data = span.get("data") if isinstance(span.get("data"), dict) else {}
        assert isinstance(data, dict)
        desc = str(span.get("description") or "")
        off = self._off(start)
        if op in NETWORK_OPS or op.startswith("resource."):
            status = data.get("statusCode")
            self.frames.append(NetworkFrame(
                "network" if op in NETWORK_OPS else "resource", start, off, op, desc, end,
                str(data.get("method") or ("GET" if op not in NETWORK_OPS else "")),
                int(status) if isinstance(status, (int, float)) else None,
                _http_part(data.get("request"), data.get("requestBodySize")),
                _http_part(data.get("response"), data.get("responseBodySize")),
                _int_or_none(data.get("size"))))
        elif op in PAGELOAD_OPS:
            self.frames.append(NavigationFrame(
                "navigation", start, off, desc, "", op.split(".", 1)[1], end))
        elif op == "navigation.push":
            self.frames.append(NavigationFrame(
                "navigation", start, off, desc, str(data.get("previous") or ""), "push", end))
        elif op == "web-vital" or op in LEGACY_VITAL_OPS:
            name = desc if op == "web-vital" else LEGACY_VITAL_OPS[op]
            ids = data.get("nodeIds")
            if ids is None and isinstance(data.get("nodeId"), int):
                ids = [data["nodeId"]]
            value = data.get("value", data.get("size", 0))
            self.frames.append(WebVitalFrame(
                "web-vital", start, off, name, float(value or 0), str(data.get("rating") or ""),
                [i for i in ids or [] if isinstance(i, int)]))
        elif op == "memory":
            mem = data.get("memory") or {}
            self.frames.append(MemoryFrame(
                "memory", start, off, int(mem.get("usedJSHeapSize") or 0),
                int(mem.get("totalJSHeapSize") or 0), int(mem.get("jsHeapSizeLimit") or 0)))
        elif op == "paint":
            self.frames.append(PaintFrame("paint", start, off, desc))
        else:
            self.frames.append(BreadcrumbFrame("custom", start, off, op, desc, "", None, data))

    # -- rrweb plugin / legacy events ----------------------------------------------------------
    def add_rrweb_console(self, ts: float, payload: dict[str, Any]) -> None:
        """rrweb/console@1 plugin payloads and legacy source 11 Log events."""
        level = str(payload.get("level") or "log")
        args = payload.get("payload")
        args = args if isinstance(args, list) else []
        message = " ".join(str(a) for a in args)
        self.frames.append(ConsoleFrame("console", ts, self._off(ts), level, message, args))

    def add_rrweb_click(self, ts: float, data: dict[str, Any]) -> None:
        node_id = data.get("id")
        self.frames.append(ClickFrame(
            "click", ts, self._off(ts), "", NodeRef(node_id if isinstance(node_id, int) else None),
            x=_float_or_none(data.get("x")), y=_float_or_none(data.get("y"))))

    # -- linked Sentry events -----------------------------------------------------------------
    def add_error(self, event: dict[str, Any], first_ms: float, last_ms: float) -> None:
        ts = _event_time(event.get("timestamp"))
        if ts is None:
            self.problems.append(f"error {event.get('event_id')}: no usable timestamp")
            return
        exception = _last_exception(event)
        title = ""
        message = ""
        stack: list[StackFrame] = []
        if exception:
            title = ": ".join(str(p) for p in (exception.get("type"), exception.get("value")) if p)
            message = str(exception.get("value") or "")
            frames = obj(exception.get("stacktrace")).get("frames") or []
            stack = [_stack_frame(f) for f in reversed(frames) if isinstance(f, dict)]
        msg = event.get("message")
        if isinstance(msg, dict):
            msg = msg.get("formatted") or msg.get("message")
        if msg and not message:
            message = str(msg)
        title = title or str(event.get("title") or message or "Error")
        trace = obj(obj(event.get("contexts")).get("trace")).get("trace_id") or ""
        self.frames.append(ErrorFrame(
            "error", ts, self._off(ts), str(event.get("event_id") or event.get("id") or ""),
            title, message, str(event.get("level") or "error"), str(trace), stack, True,
            first_ms <= ts <= last_ms))

    def add_error_id(self, event_id: str, ts: float) -> None:
        self.frames.append(ErrorFrame(
            "error", ts, self._off(ts), event_id, "Error (event not available)", "", "error", "",
            [], False, True))

    def add_span_item(self, item: dict[str, Any]) -> None:
        """A span v2 item (browser SDK 11)."""
        attrs = {
            k: (v.get("value") if isinstance(v, dict) else v)
            for k, v in obj(item.get("attributes")).items()
        }
        start = _event_time(item.get("start_timestamp"))
        end = _event_time(item.get("end_timestamp"))
        if start is None:
            self.problems.append(f"span {item.get('span_id')}: no usable start_timestamp")
            return
        self.traces.append(TraceSpan(
            "trace", start, self._off(start), str(item.get("trace_id") or ""),
            str(item.get("span_id") or ""), str(item.get("parent_span_id") or ""),
            str(item.get("name") or ""), str(attrs.get("sentry.op") or ""),
            end if end is not None else start, str(item.get("status") or ""),
            bool(item.get("is_segment")), attrs))

    def add_log(self, item: dict[str, Any]) -> LogFrame | None:
        """A structured log item (`{timestamp (s), level, body, trace_id, attributes}`)."""
        ts = _event_time(item.get("timestamp"))
        if ts is None:
            self.problems.append("log item: no usable timestamp")
            return None
        raw = item.get("attributes")
        attrs = {str(k): (v.get("value") if isinstance(v, dict) else v)
                 for k, v in (raw.items() if isinstance(raw, dict) else ())}
        return LogFrame("log", ts, self._off(ts), str(item.get("level") or "info"),
                        str(item.get("body") or ""), str(item.get("trace_id") or ""), attrs)

    def add_transaction(self, event: dict[str, Any]) -> None:
        trace = obj(obj(event.get("contexts")).get("trace"))
        root = {
            "trace_id": trace.get("trace_id"), "span_id": trace.get("span_id"),
            "parent_span_id": trace.get("parent_span_id"), "name": event.get("transaction"),
            "start_timestamp": event.get("start_timestamp"),
            "end_timestamp": event.get("timestamp"),
            "status": trace.get("status"), "is_segment": True,
            "attributes": {"sentry.op": trace.get("op")},
        }
        self.add_span_item(root)
        for span in event.get("spans") or []:
            if isinstance(span, dict):
                self.add_span_item({
                    **span, "end_timestamp": span.get("timestamp"), "name": span.get("description"),
                    "attributes": {"sentry.op": span.get("op"), **obj(span.get("data"))},
                })

    def finish(self) -> tuple[list[Frame], list[TraceSpan]]:
        """Frames sorted by time, with navigation crumbs that duplicate a span dropped."""
        span_navs = [f.ts_ms for f in self.frames
                     if isinstance(f, NavigationFrame) and f.how != "breadcrumb"]
        frames = [
            f for f in self.frames
            if not (isinstance(f, NavigationFrame) and f.how == "breadcrumb"
                    and any(abs(f.ts_ms - t) <= 2 for t in span_navs))
        ]
        frames.sort(key=lambda f: f.ts_ms)
        self.traces.sort(key=lambda s: s.ts_ms)
        return frames, self.traces


def obj(value: Any) -> dict[str, Any]:
    """`value` when it is a JSON object, else an empty one (linked events are untrusted)."""
    return value if isinstance(value, dict) else {}


def _seconds_or_ms(value: Any, fallback: float) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
        return ms_timestamp(float(value))
    return fallback


def _event_time(value: Any) -> float | None:
    """Sentry event timestamps: float seconds, or an ISO-8601 string."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return ms_timestamp(float(value))
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp() * 1000.0
        except ValueError:
            return None
    return None


def _int_or_none(value: Any) -> int | None:
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _float_or_none(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _node(data: dict[str, Any]) -> NodeRef | None:
    node = data.get("node")
    node_id = data.get("nodeId")
    if not isinstance(node, dict):
        return NodeRef(node_id) if isinstance(node_id, int) else None
    attrs = node.get("attributes")
    return NodeRef(
        node_id if isinstance(node_id, int) else _int_or_none(node.get("id")),
        str(node.get("tagName") or ""), str(node.get("textContent") or ""),
        {str(k): str(v) for k, v in attrs.items()} if isinstance(attrs, dict) else {})


def _http_part(part: Any, legacy_size: Any) -> HttpPart | None:
    if not isinstance(part, dict):
        size = _int_or_none(legacy_size)
        return HttpPart(size=size) if size is not None else None
    headers = part.get("headers")
    meta = part.get("_meta")
    warnings = meta.get("warnings") if isinstance(meta, dict) else None
    return HttpPart(
        {str(k): str(v) for k, v in headers.items()} if isinstance(headers, dict) else {},
        _int_or_none(part.get("size")), part.get("body"),
        [str(w) for w in warnings] if isinstance(warnings, list) else [])


def _last_exception(event: dict[str, Any]) -> dict[str, Any] | None:
    exc = event.get("exception")
    values = exc.get("values") if isinstance(exc, dict) else exc
    if isinstance(values, list) and values and isinstance(values[-1], dict):
        return values[-1]
    return None


def _stack_frame(frame: dict[str, Any]) -> StackFrame:
    return StackFrame(
        str(frame.get("function") or "?"),
        str(frame.get("filename") or frame.get("abs_path") or ""),
        _int_or_none(frame.get("lineno")), _int_or_none(frame.get("colno")),
        bool(frame.get("in_app")))


def tags_of(event: dict[str, Any]) -> dict[str, Any]:
    """Sentry event tags as a dict (they arrive as a dict or a list of pairs)."""
    tags = event.get("tags")
    if isinstance(tags, dict):
        return tags
    if isinstance(tags, list):
        return {str(t[0]): t[1] for t in tags if isinstance(t, (list, tuple)) and len(t) == 2}
    return {}


def unique(values: Iterable[str]) -> list[str]:
    """Values in first-seen order without duplicates or empties."""
    seen: dict[str, None] = {}
    for v in values:
        if v:
            seen.setdefault(v, None)
    return list(seen)

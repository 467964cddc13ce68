"""Small builders for hand-made recordings: events, envelopes, recording payloads."""

from __future__ import annotations

import json
import zlib
from typing import Any

REPLAY_ID = "0123456789abcdef0123456789abcdef"
T0 = 1_700_000_000_000


def meta(ts: int = T0, href: str = "https://example.com/", w: int = 800, h: int = 600) -> dict:
    return {"type": 4, "timestamp": ts, "data": {"href": href, "width": w, "height": h}}


def full_snapshot(ts: int = T0 + 1, text: str = "hello") -> dict:
    return {"type": 2, "timestamp": ts, "data": {"initialOffset": {"top": 0, "left": 0}, "node": {
        "type": 0, "id": 1, "childNodes": [
            {"type": 1, "id": 2, "name": "html", "publicId": "", "systemId": ""},
            {"type": 2, "id": 3, "tagName": "html", "attributes": {}, "childNodes": [
                {"type": 2, "id": 4, "tagName": "head", "attributes": {}, "childNodes": []},
                {"type": 2, "id": 5, "tagName": "body", "attributes": {}, "childNodes": [
                    {"type": 3, "id": 6, "textContent": text}]}]}]}}}


def click_crumb(ts_ms: int, node_id: int = 5) -> dict:
    return {"type": 5, "timestamp": ts_ms, "data": {"tag": "breadcrumb", "payload": {
        "timestamp": ts_ms / 1000, "type": "default", "category": "ui.click",
        "message": "body", "data": {"nodeId": node_id, "node": {
            "id": node_id, "tagName": "body", "textContent": "", "attributes": {}}}}}}


def fetch_span(start_ms: int, status: int = 200) -> dict:
    return {"type": 5, "timestamp": start_ms / 1000, "data": {"tag": "performanceSpan", "payload": {
        "op": "resource.fetch", "description": "https://api.example.com/x",
        "startTimestamp": start_ms / 1000, "endTimestamp": (start_ms + 120) / 1000,
        "data": {"method": "GET", "statusCode": status}}}}


def segment_events(segment_id: int) -> list[dict]:
    base = T0 + segment_id * 5000
    events = [meta(base), full_snapshot(base + 1)] if segment_id == 0 else []
    events += [
        {"type": 3, "timestamp": base + 100, "data": {"source": 1, "positions": [
            {"x": 10, "y": 10, "id": 5, "timeOffset": 0}]}},
        click_crumb(base + 200),
        fetch_span(base + 300, 200 if segment_id % 2 == 0 else 500),
    ]
    return events


def recording_payload(segment_id: int, events: list[dict] | None = None,
                      compression: str = "zlib") -> bytes:
    body = json.dumps(events if events is not None else segment_events(segment_id)).encode()
    if compression == "zlib":
        body = zlib.compress(body)
    elif compression == "gzip":
        import gzip

        body = gzip.compress(body)
    return json.dumps({"segment_id": segment_id}).encode() + b"\n" + body


def replay_event(segment_id: int, **extra: Any) -> dict:
    return {"type": "replay_event", "replay_id": REPLAY_ID, "event_id": REPLAY_ID,
            "segment_id": segment_id, "replay_type": "session",
            "replay_start_timestamp": T0 / 1000,
            "timestamp": (T0 + segment_id * 5000 + 4000) / 1000,
            "urls": ["https://example.com/"] if segment_id == 0 else [], "error_ids": [],
            "trace_ids": [], **extra}


def envelope(segment_id: int, payload: bytes | None = None, length: int | None = None,
             **replay_extra: Any) -> bytes:
    payload = recording_payload(segment_id) if payload is None else payload
    header = {"event_id": REPLAY_ID, "sent_at": "2023-11-14T22:13:20.000Z",
              "sdk": {"name": "sentry.javascript.browser", "version": "8.0.0"}}
    item = {"type": "replay_recording", "length": len(payload) if length is None else length}
    return b"\n".join([
        json.dumps(header).encode(), b'{"type":"replay_event"}',
        json.dumps(replay_event(segment_id, **replay_extra)).encode(),
        json.dumps(item).encode(), payload,
    ])


def error_envelope(event_id: str, ts_ms: int, replay_id: str = REPLAY_ID) -> bytes:
    event = {"event_id": event_id, "timestamp": ts_ms / 1000, "level": "error", "platform":
             "javascript", "exception": {"values": [{"type": "TypeError", "value": "x is undefined",
             "stacktrace": {"frames": [{"function": "main", "filename": "app.js", "lineno": 3}]}}]},
             "tags": {"replayId": replay_id}, "contexts": {"trace": {"trace_id": "f" * 32}}}
    header = {"event_id": event_id, "sent_at": "2023-11-14T22:13:20.000Z",
              "trace": {"trace_id": "f" * 32, "replay_id": replay_id}}
    return b"\n".join([json.dumps(header).encode(), b'{"type":"event"}',
                       json.dumps(event).encode()]) + b"\n"


def log_envelope(items: list[dict], replay_id: str = REPLAY_ID) -> bytes:
    """A `log` envelope item (SDK structured logs) whose trace context names `replay_id`."""
    header = {"sent_at": "2023-11-14T22:13:20.000Z",
              "trace": {"trace_id": "e" * 32, "replay_id": replay_id}}
    item = {"type": "log", "item_count": len(items),
            "content_type": "application/vnd.sentry.items.log+json"}
    return b"\n".join([json.dumps(header).encode(), json.dumps(item).encode(),
                       json.dumps({"items": items}).encode()]) + b"\n"


def log_item(ts_ms: int, level: str, body: str, **attrs: str) -> dict:
    return {"timestamp": ts_ms / 1000, "level": level, "body": body, "trace_id": "e" * 32,
            "attributes": {k: {"value": v, "type": "string"} for k, v in attrs.items()}}

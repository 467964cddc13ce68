"""A local HTTP server answering like Sentry's REST API, built from a corpus recording's envelopes.

The shapes follow Sentry's documented responses: replay details (`{"data": {...}}`), the
`recording-segments/?download` pages (an array of segment arrays, `Link` header cursors
`0:OFFSET:0`), the event JSON endpoint (the ingested event), `eventids` lookups, issue events
(serialized: `eventID`, `entries`, tags as `{key, value}`) and the trace endpoint (span trees).
Knobs make it misbehave the way a real server can: rate limits, dropped connections, 403/404,
a broken segment, redirects and Link URLs that point at another host.
"""

from __future__ import annotations

import re
import socket
import threading
import time
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import orjson

from viewer.model.codec import decompress
from viewer.model.envelope import parse_envelopes

TOKEN = "sntrys_local_test_token"
ORG = "acme"
PROJECT_ID = "4500000000000001"
PROJECT_SLUG = "shop"
ISSUE_ID = "4242"


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat().replace("+00:00", "Z")


@dataclass
class Recording:
    """What Sentry would hold for one replay, read from the envelopes the SDK sent."""

    replay_id: str
    segments: dict[int, bytes]  # segment id -> rrweb JSON array
    replay_events: list[dict[str, Any]]
    errors: dict[str, dict[str, Any]]  # event id -> ingested event
    spans: dict[str, list[dict[str, Any]]]  # trace id -> span items

    @classmethod
    def from_envelopes(cls, folder: Path) -> Recording:
        segments: dict[int, bytes] = {}
        replay_events: list[dict[str, Any]] = []
        errors: dict[str, dict[str, Any]] = {}
        spans: dict[str, list[dict[str, Any]]] = {}
        for path in sorted(folder.iterdir()):
            for envelope in parse_envelopes(path.read_bytes()):
                dsc = envelope.headers.get("trace") or {}
                for item in envelope.items:
                    if item.type == "replay_recording":
                        header, _, body = item.payload.partition(b"\n")
                        segment_id = orjson.loads(header)["segment_id"]
                        segments[segment_id] = decompress(body)[0]
                    elif item.type == "replay_event":
                        replay_events.append(orjson.loads(item.payload))
                    elif item.type == "event":
                        event = orjson.loads(item.payload)
                        if dsc.get("replay_id"):  # Relay copies the DSC's replay id in
                            contexts = event.setdefault("contexts", {})
                            contexts["replay"] = {"replay_id": dsc["replay_id"]}
                        errors[event["event_id"]] = event
                    elif item.type == "span":
                        for span in orjson.loads(item.payload)["items"]:
                            spans.setdefault(span["trace_id"], []).append(span)
        replay_events.sort(key=lambda r: r["segment_id"])
        return cls(replay_events[0]["replay_id"], segments, replay_events, errors, spans)

    def details(self) -> dict[str, Any]:
        first, last = self.replay_events[0], self.replay_events[-1]
        error_ids = [i for r in self.replay_events for i in r.get("error_ids") or []]
        trace_ids = list(dict.fromkeys(i for r in self.replay_events
                                       for i in r.get("trace_ids") or []))
        urls = [u for r in self.replay_events for u in r.get("urls") or []]
        started = first.get("replay_start_timestamp") or first["timestamp"]
        return {
            "id": self.replay_id, "project_id": PROJECT_ID, "started_at": _iso(started),
            "finished_at": _iso(last["timestamp"]), "duration": int(last["timestamp"] - started),
            "count_segments": len(self.segments), "count_errors": len(error_ids),
            "count_urls": len(urls), "error_ids": error_ids, "trace_ids": trace_ids,
            "urls": urls, "is_archived": False, "platform": "javascript",
            "environment": first.get("environment"), "releases": [first.get("release")],
            "sdk": first.get("sdk"), "replay_type": first.get("replay_type"),
            "browser": (first.get("contexts") or {}).get("browser"), "tags": {},
        }


def api_event(event: dict[str, Any]) -> dict[str, Any]:
    """An ingested event the way Sentry's API serializes it (issue events, eventids)."""
    values = (event.get("exception") or {}).get("values") or []
    entries = [{"type": "exception", "data": {"values": [{
        "type": v.get("type"), "value": v.get("value"), "mechanism": v.get("mechanism"),
        "stacktrace": {"frames": [{
            "filename": f.get("filename"), "function": f.get("function"),
            "absPath": f.get("abs_path"), "lineNo": f.get("lineno"), "colNo": f.get("colno"),
            "inApp": f.get("in_app")} for f in (v.get("stacktrace") or {}).get("frames", [])]},
    } for v in values]}}] if values else []
    tags = event.get("tags") or {}
    pairs = tags.items() if isinstance(tags, dict) else [tuple(t) for t in tags]
    return {
        "id": event["event_id"], "eventID": event["event_id"], "groupID": ISSUE_ID,
        "projectID": PROJECT_ID, "title": values[-1].get("type") if values else "Error",
        "message": "", "platform": event.get("platform"), "type": "error",
        "dateCreated": _iso(event["timestamp"]), "contexts": event.get("contexts") or {},
        "tags": [{"key": k, "value": v} for k, v in [*pairs, ("level", event.get("level"))]],
        "entries": entries, "user": event.get("user"),
    }


def trace_tree(spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Span items as the trace endpoint's nested `children` tree."""
    nodes = {s["span_id"]: {
        "event_id": s["span_id"], "event_type": "span", "project_id": int(PROJECT_ID),
        "project_slug": PROJECT_SLUG, "transaction": s.get("name"),
        "description": s.get("name"), "op": (s.get("attributes") or {}).get(
            "sentry.op", {}).get("value"), "parent_span_id": s.get("parent_span_id"),
        "start_timestamp": s["start_timestamp"], "end_timestamp": s["end_timestamp"],
        "duration": (s["end_timestamp"] - s["start_timestamp"]) * 1000,
        "is_transaction": bool(s.get("is_segment")), "children": [], "errors": [],
        "occurrences": []} for s in spans}
    roots = []
    for node in nodes.values():
        parent = nodes.get(node["parent_span_id"] or "")
        (parent["children"] if parent else roots).append(node)
    return roots


@dataclass
class Seen:
    path: str
    query: dict[str, list[str]]
    authorization: str | None


@dataclass
class Knobs:
    """Ways to misbehave. Counters go down as they are used."""

    require_token: bool = True
    page_cap: int = 100  # the most segments one page holds, whatever per_page asks
    rate_limit: dict[str, int] = field(default_factory=dict)  # route -> 429s to send first
    retry_after: str = "0"
    drop: dict[str, int] = field(default_factory=dict)  # route -> connections to cut mid-body
    status: dict[str, int] = field(default_factory=dict)  # route -> fixed status (403, 404…)
    broken_segments: set[int] = field(default_factory=set)  # undecodable blobs
    failing_pages: set[int] = field(default_factory=set)  # page offsets answered with 503
    link_host: str | None = None  # absolute URL base used in Link headers
    redirect: dict[str, str] = field(default_factory=dict)  # route -> other base URL
    details: dict[str, Any] = field(default_factory=dict)  # overrides in the replay details
    latency: float = 0.0  # seconds before each answer (a far-away server, for benchmarks)


ROUTES = [
    ("details", re.compile(r"^/api/0/organizations/([^/]+)/replays/([0-9a-f-]+)/$")),
    ("segments", re.compile(r"^/api/0/projects/([^/]+)/([^/]+)/replays/([0-9a-f-]+)"
                            r"/recording-segments/$")),
    ("segment", re.compile(r"^/api/0/projects/([^/]+)/([^/]+)/replays/([0-9a-f-]+)"
                           r"/recording-segments/(\d+)/$")),
    ("event_json", re.compile(r"^/api/0/projects/([^/]+)/([^/]+)/events/([0-9a-f]{32})/json/$")),
    ("eventids", re.compile(r"^/api/0/organizations/([^/]+)/eventids/([0-9a-f]{32})/$")),
    ("issue_event", re.compile(r"^/api/0/organizations/([^/]+)/issues/(\d+)/events/([^/]+)/$")),
    ("trace", re.compile(r"^/api/0/organizations/([^/]+)/trace/([0-9a-f]{32})/$")),
]


class LocalSentry:
    """`with LocalSentry(recording) as sentry:` serves on 127.0.0.1 at `sentry.url`."""

    def __init__(self, recording: Recording, knobs: Knobs | None = None) -> None:
        self.recording = recording
        self.knobs = knobs or Knobs()
        self.seen: list[Seen] = []
        self.lock = threading.Lock()
        handler = type("Handler", (_Handler,), {"sentry": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LocalSentry:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()

    def count(self, route: str) -> int:
        with self.lock:
            return sum(1 for s in self.seen if _route(s.path)[0] == route)

    def take(self, table: dict[str, int], route: str) -> bool:
        """Use one of a knob's counters for `route`."""
        with self.lock:
            if table.get(route, 0) > 0:
                table[route] -= 1
                return True
        return False


def _route(path: str) -> tuple[str | None, tuple[str, ...]]:
    for name, pattern in ROUTES:
        match = pattern.match(path)
        if match:
            return name, match.groups()
    return None, ()


class _Handler(BaseHTTPRequestHandler):
    sentry: LocalSentry

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet

    def do_GET(self) -> None:
        sentry = self.sentry
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        with sentry.lock:
            sentry.seen.append(Seen(parts.path, query, self.headers.get("Authorization")))
        route, groups = _route(parts.path)
        knobs = sentry.knobs
        if knobs.latency:
            time.sleep(knobs.latency)
        if route is None:
            return self._json(404, {"detail": "Not found"})
        if knobs.require_token and self.headers.get("Authorization") != f"Bearer {TOKEN}":
            return self._json(401, {"detail": "Invalid token"})
        if route in knobs.redirect:
            self.send_response(302)
            self.send_header("Location", knobs.redirect[route] + self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if route in knobs.status:
            return self._json(knobs.status[route], {"detail": f"status {knobs.status[route]}"})
        if sentry.take(knobs.rate_limit, route):
            return self._json(429, {"detail": "Too many requests"},
                              {"Retry-After": knobs.retry_after})
        recording = sentry.recording
        if route == "details":
            if groups[0] != ORG or groups[1].replace("-", "") != recording.replay_id:
                return self._json(404, {"detail": "Replay not found"})
            return self._json(200, {"data": {**recording.details(), **knobs.details}})
        if route == "segments":
            return self._segments(query, route)
        if route == "segment":
            segment_id = int(groups[3])
            if segment_id not in recording.segments:
                return self._json(404, {"detail": "Segment not found"})
            return self._send(200, zlib.compress(self._segment_body(segment_id)),
                              "application/octet-stream")
        if route == "event_json":
            event = recording.errors.get(groups[2])
            if event is None or groups[1] not in (PROJECT_ID, PROJECT_SLUG):
                return self._json(404, {"detail": "Event not found"})
            return self._json(200, event)
        if route == "eventids":
            event = recording.errors.get(groups[1])
            if event is None:
                return self._json(404, {"detail": "Event not found"})
            return self._json(200, {"organizationSlug": ORG, "projectSlug": PROJECT_SLUG,
                                    "groupId": ISSUE_ID, "eventId": groups[1],
                                    "event": api_event(event)})
        if route == "issue_event":
            ids = list(recording.errors)
            event_id = ids[-1] if groups[2] in ("latest", "recommended") else groups[2]
            if groups[1] != ISSUE_ID or event_id not in recording.errors:
                return self._json(404, {"detail": "Event not found"})
            return self._json(200, api_event(recording.errors[event_id]))
        spans = recording.spans.get(groups[1])
        if spans is None:
            return self._json(404, {"detail": "Trace not found"})
        return self._json(200, trace_tree(spans))

    def _segment_body(self, segment_id: int) -> bytes:
        if segment_id in self.sentry.knobs.broken_segments:
            return b'[{"type": 3, "timestamp": 17, "data": {"source": 0, "adds": [{"par'
        return self.sentry.recording.segments[segment_id]

    def _segments(self, query: dict[str, list[str]], route: str) -> None:
        ids = sorted(self.sentry.recording.segments)
        per_page = min(int((query.get("per_page") or ["100"])[0]), 100,
                       self.sentry.knobs.page_cap)
        cursor = (query.get("cursor") or ["0:0:0"])[0].split(":")
        offset = int(cursor[1])
        if offset in self.sentry.knobs.failing_pages:
            return self._json(503, {"detail": "Service unavailable"}, {"Retry-After": "0"})
        page = ids[offset : offset + per_page]
        body = b"[" + b",".join(self._segment_body(i) for i in page) + b"]"
        base = (self.sentry.knobs.link_host or self.sentry.url) + urlsplit(self.path).path
        more = offset + per_page < len(ids)
        link = (f'<{base}?download=true&per_page={per_page}&cursor=0:{max(0, offset - per_page)}'
                f':1>; rel="previous"; results="{str(offset > 0).lower()}"; '
                f'cursor="0:{max(0, offset - per_page)}:1", '
                f'<{base}?download=true&per_page={per_page}&cursor=0:{offset + per_page}:0>; '
                f'rel="next"; results="{str(more).lower()}"; cursor="0:{offset + per_page}:0"')
        if self.sentry.take(self.sentry.knobs.drop, route):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        self._send(200, body, "application/json", {"Link": link})

    def _json(self, status: int, value: Any, headers: dict[str, str] | None = None) -> None:
        self._send(status, orjson.dumps(value), "application/json", headers)

    def _send(self, status: int, body: bytes, kind: str,
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

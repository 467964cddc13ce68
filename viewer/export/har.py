"""HAR 1.2 of a replay's network frames (fetch/XHR with what Sentry captured, other resources).

Sentry records, per request: method, URL (often relative), status, start and end, sizes and —
when the SDK was configured for it — allow-listed headers and bodies (JSON objects, strings,
or strings it truncated, with `_meta` warnings saying so). What it does not record is written
as HAR's "unknown": `-1` sizes and timings, empty HTTP versions; the wait time holds the whole
duration. Pages are the page loads; every entry points at the page it happened on.
"""

from __future__ import annotations

import http
import json
import math
from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit

from viewer import __version__
from viewer.model import Replay
from viewer.model.frames import HttpPart, NavigationFrame, NetworkFrame
from viewer.model.summary import iso

PAGE_LOADS = frozenset({"navigate", "reload", "back_forward", "prerender", "breadcrumb"})
_RESOURCE_TYPES = {"fetch": "fetch", "xhr": "xhr", "http": "fetch", "script": "script",
                   "img": "image", "image": "image", "css": "stylesheet", "link": "stylesheet",
                   "font": "font", "iframe": "document", "navigation": "document",
                   "beacon": "ping", "other": "other"}
_WARNINGS = {
    "URL_SKIPPED": "headers and body were not captured for this URL",
    "MAYBE_JSON_TRUNCATED": "body truncated by the Sentry SDK (it may be partial JSON)",
    "TEXT_TRUNCATED": "body truncated by the Sentry SDK",
    "BODY_PARSE_ERROR": "the Sentry SDK could not read the body",
    "BODY_PARSE_TIMEOUT": "the Sentry SDK timed out reading the body",
    "UNPARSEABLE_BODY_TYPE": "the body's type could not be captured",
}


def build_har(replay: Replay, start_ms: float, end_ms: float, comment: str = "") -> dict[str, Any]:
    """The HAR document (`{"log": …}`) of the requests started in [start_ms, end_ms]."""
    requests = [f for f in replay.frames_of(NetworkFrame) if start_ms <= f.ts_ms <= end_ms]
    first = min([replay.start_ms, *(f.ts_ms for f in requests)])
    pages = _pages(replay, max(start_ms, first), end_ms)
    navs = [f for f in replay.frames_of(NavigationFrame) if f.url]
    entries = [_entry(f, _page_url(replay, navs, f.ts_ms), _page_ref(pages, f.ts_ms))
               for f in requests]
    entries.sort(key=lambda e: e["_startedMs"])
    for entry in entries:
        del entry["_startedMs"]
    log: dict[str, Any] = {
        "version": "1.2",
        "creator": {"name": "replay-viewer", "version": __version__},
        "pages": [page for _, page in pages],
        "entries": entries,
        "comment": " ".join(p for p in (
            f"Network requests recorded by Sentry Session Replay {replay.replay_id or ''}"
            .strip() + _span_text(start_ms, end_ms) + ".", comment) if p),
    }
    browser = replay.metadata.get("browser")
    if isinstance(browser, dict) and browser.get("name"):
        log["browser"] = {"name": str(browser["name"]), "version": str(browser.get("version", ""))}
    return {"log": log}


def _span_text(start_ms: float, end_ms: float) -> str:
    if math.isinf(start_ms) and math.isinf(end_ms):
        return ""
    return f", {iso(max(start_ms, 0))} to {iso(end_ms) if not math.isinf(end_ms) else 'the end'}"


def _pages(replay: Replay, start_ms: float, end_ms: float) -> list[tuple[float, dict[str, Any]]]:
    loads = [f for f in replay.frames_of(NavigationFrame)
             if f.url and f.how in PAGE_LOADS and f.ts_ms <= end_ms]
    before = [f for f in loads if f.ts_ms < start_ms]
    inside = [f for f in loads if f.ts_ms >= start_ms]
    out: list[tuple[float, dict[str, Any]]] = []
    first_url = before[-1].url if before else (replay.urls[0] if replay.urls else "")
    if first_url and (not inside or inside[0].ts_ms > start_ms):
        out.append((start_ms, _page(len(out), start_ms, first_url, None)))
    for nav in inside:
        out.append((nav.ts_ms, _page(len(out), nav.ts_ms, nav.url, nav.end_ms)))
    return out


def _page(index: int, ts: float, url: str, end_ms: float | None) -> dict[str, Any]:
    onload = round(end_ms - ts, 3) if end_ms is not None and end_ms >= ts else -1
    return {"startedDateTime": iso(ts), "id": f"page_{index + 1}", "title": url,
            "pageTimings": {"onContentLoad": -1, "onLoad": onload}}


def _page_ref(pages: Sequence[tuple[float, dict[str, Any]]], ts: float) -> str | None:
    ref = None
    for start, page in pages:
        if start <= ts:
            ref = str(page["id"])
    return ref if ref is not None else (str(pages[0][1]["id"]) if pages else None)


def _page_url(replay: Replay, navs: Sequence[NavigationFrame], ts: float) -> str:
    url = replay.urls[0] if replay.urls else ""
    for nav in navs:
        if nav.ts_ms <= ts:
            url = nav.url
    return url


def _entry(f: NetworkFrame, page_url: str, page_ref: str | None) -> dict[str, Any]:
    url = urljoin(page_url, f.url) if page_url else f.url
    duration = max(0.0, round(f.duration_ms, 3))
    request_text = body_text(f.request.body) if f.request else None
    response_text = body_text(f.response.body) if f.response else None
    request: dict[str, Any] = {
        "method": f.method or "GET", "url": url.split("#", 1)[0], "httpVersion": "",
        "cookies": [], "headers": _headers(f.request), "queryString": _query(url),
        "headersSize": -1, "bodySize": _size(f.request, request_text, none_is_zero=True),
    }
    if request_text is not None:
        request["postData"] = {"mimeType": _mime(f.request, f.request.body if f.request else None),
                               "text": request_text}
    content: dict[str, Any] = {
        "size": _content_size(f.response, response_text),
        "mimeType": _mime(f.response, f.response.body if f.response else None),
    }
    if response_text is not None:
        content["text"] = response_text
    notes = _notes(f)
    status = f.status or 0
    entry: dict[str, Any] = {
        "startedDateTime": iso(f.ts_ms),
        "time": duration,
        "request": request,
        "response": {
            "status": status, "statusText": _status_text(status), "httpVersion": "",
            "cookies": [], "headers": _headers(f.response), "content": content,
            "redirectURL": "", "headersSize": -1,
            "bodySize": _size(f.response, response_text, none_is_zero=False),
        },
        "cache": {},
        "timings": {"blocked": -1, "dns": -1, "connect": -1, "ssl": -1,
                    "send": 0, "wait": duration, "receive": 0},
        "_resourceType": _RESOURCE_TYPES.get(f.op.split(".", 1)[-1], "other"),
        "_startedMs": f.ts_ms,
    }
    if f.transfer_size is not None:
        entry["response"]["_transferSize"] = f.transfer_size
    if page_ref is not None:
        entry["pageref"] = page_ref
    if notes:
        entry["comment"] = notes
    if not f.status and f.kind == "network":
        entry["response"]["_error"] = "failed (no response status recorded)"
    return entry


def body_text(body: Any) -> str | None:
    """A captured body as text: strings as they are, JSON values serialized."""
    if body is None:
        return None
    if isinstance(body, str):
        return body
    return json.dumps(body, ensure_ascii=False, indent=2)


def _headers(part: HttpPart | None) -> list[dict[str, str]]:
    return [{"name": k, "value": v} for k, v in (part.headers.items() if part else ())]


def _query(url: str) -> list[dict[str, str]]:
    return [{"name": k, "value": v} for k, v in parse_qsl(urlsplit(url).query,
                                                          keep_blank_values=True)]


def _size(part: HttpPart | None, text: str | None, none_is_zero: bool) -> int:
    if part is not None and part.size is not None:
        return part.size
    if text is not None:
        return len(text.encode())
    return 0 if none_is_zero else -1


def _content_size(part: HttpPart | None, text: str | None) -> int:
    if text is not None:
        return len(text.encode())
    return part.size if part is not None and part.size is not None else 0


def _mime(part: HttpPart | None, body: Any) -> str:
    if part is not None:
        for name, value in part.headers.items():
            if name.lower() == "content-type":
                return value
    if isinstance(body, (dict, list)):
        return "application/json"
    return "text/plain" if isinstance(body, str) else "x-unknown"


def _status_text(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return ""


def _notes(f: NetworkFrame) -> str:
    notes: list[str] = []
    for side, part in (("request", f.request), ("response", f.response)):
        for warning in part.warnings if part else []:
            notes.append(f"{side}: {_WARNINGS.get(warning, warning)}")
    if f.kind == "network" and not f.status:
        notes.append("no response status was recorded (the request failed or was aborted)")
    return "; ".join(dict.fromkeys(notes))

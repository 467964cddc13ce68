"""Pure text of a request's details: general info, query parameters, bodies, copy as cURL."""

from __future__ import annotations

import json
import shlex
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit

from viewer.model.frames import Frame, HttpPart, NavigationFrame, NetworkFrame
from viewer.model.summary import clock
from viewer.present.queries import format_size, request_type, response_size

#: What the Sentry SDK's body warnings mean, for the details pane.
WARNING_TEXT = {
    "MAYBE_JSON_TRUNCATED": "the body was truncated by the SDK (it is larger than captured)",
    "TEXT_TRUNCATED": "the body was truncated by the SDK (it is larger than captured)",
    "JSON_TRUNCATED": "the JSON body was truncated by the SDK and repaired to parse",
    "INVALID_JSON": "the body is not valid JSON",
    "URL_SKIPPED": "bodies and headers were not captured for this URL "
                   "(not in networkDetailAllowUrls)",
    "BODY_PARSE_ERROR": "the SDK could not read the body",
    "BODY_PARSE_TIMEOUT": "the SDK gave up reading the body (timeout)",
    "UNPARSEABLE_BODY_TYPE": "the body type cannot be captured (e.g. a stream or blob)",
}


def page_url_at(frames: Iterable[Frame], t_ms: float) -> str:
    """URL of the page at a moment (the last navigation at or before it; else the first)."""
    url = ""
    for f in frames:
        if isinstance(f, NavigationFrame):
            if f.ts_ms <= t_ms or not url:
                url = f.url
            if f.ts_ms > t_ms:
                break
    return url


def absolute_url(url: str, page_url: str) -> str:
    """A request URL made absolute against the page it was sent from."""
    return urljoin(page_url, url) if page_url and "://" not in url else url


def query_params(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query, keep_blank_values=True)


def general_info(frame: NetworkFrame, start_ms: float, page_url: str = "") -> list[tuple[str, str]]:
    rows = [
        ("URL", absolute_url(frame.url, page_url)),
        ("Method", frame.method or "GET"),
        ("Status", str(frame.status) if frame.status else "failed (no response)"),
        ("Type", request_type(frame)),
        ("Start", f"{clock(frame.ts_ms - start_ms)} into the replay"),
        ("Duration", f"{frame.duration_ms:.0f} ms"),
    ]
    if frame.request is not None and frame.request.size is not None:
        rows.append(("Request size", format_size(frame.request.size)))
    size = response_size(frame)
    if size is not None:
        rows.append(("Response size", format_size(size)))
    return rows


def pretty_body(body: Any) -> str:
    """A body as text: JSON (also JSON held in a string) pretty-printed, other text as is."""
    if body is None:
        return ""
    if isinstance(body, str):
        stripped = body.strip()
        if stripped[:1] not in ("{", "["):
            return body
        try:
            body = json.loads(stripped)
        except ValueError:
            return str(body)
    return json.dumps(body, indent=2, ensure_ascii=False, default=str)


def body_warnings(part: HttpPart | None) -> list[str]:
    if part is None:
        return []
    return [WARNING_TEXT.get(w, w) for w in part.warnings]


def curl_command(frame: NetworkFrame, page_url: str = "") -> str:
    """The request as a `curl` command line (headers and body as captured)."""
    parts = ["curl", shlex.quote(absolute_url(frame.url, page_url))]
    method = (frame.method or "GET").upper()
    body = frame.request.body if frame.request is not None else None
    if method != "GET" or body is not None:
        parts += ["-X", method]
    headers = frame.request.headers if frame.request is not None else {}
    for name, value in headers.items():
        parts += ["-H", shlex.quote(f"{name}: {value}")]
    if body is not None:
        data = body if isinstance(body, str) else json.dumps(body, separators=(",", ":"))
        parts += ["--data-raw", shlex.quote(data)]
    return " ".join(parts)


def headers_text(part: HttpPart | None) -> str:
    if part is None or not part.headers:
        return "(not captured)"
    return "\n".join(f"{k}: {v}" for k, v in part.headers.items())

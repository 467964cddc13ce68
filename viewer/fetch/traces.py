"""The spans of a replay's traces (`organizations/ORG/trace/ID/`), kept as span envelopes the
viewer links by trace id; a token that may not read them is a note, never a failure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson

from viewer.fetch.client import SentryClient, api_path
from viewer.fetch.errors import FetchError
from viewer.fetch.store import TRACES, FetchFolder
from viewer.fetch.target import is_event_id

#: At most this many traces are fetched per replay.
MAX_TRACES = 50
#: Traces are looked up from this long before the replay starts to this long after it ends.
MARGIN = timedelta(hours=1)


@dataclass(slots=True)
class TracesReport:
    fetched: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    spans: int = 0
    notes: list[str] = field(default_factory=list)


def flatten(nodes: Any, trace_id: str) -> list[dict[str, Any]]:
    """The trace endpoint's span tree as span items (`span_id`, `parent_span_id`, `name`,
    `start_timestamp`, `end_timestamp`, `is_segment`, `attributes`)."""
    spans: list[dict[str, Any]] = []
    stack = list(reversed(nodes)) if isinstance(nodes, list) else []
    while stack:
        node = stack.pop()
        if not isinstance(node, dict):
            continue
        children = node.get("children")
        if isinstance(children, list):
            stack.extend(reversed(children))
        start = node.get("start_timestamp")
        if start is None or node.get("event_type") not in (None, "span", "transaction"):
            continue  # errors and uptime checks are not spans
        attributes = {"sentry.op": node.get("op"), "sentry.project": node.get("project_slug"),
                      "sentry.transaction": node.get("transaction")}
        spans.append({
            "trace_id": trace_id, "span_id": node.get("event_id"),
            "parent_span_id": node.get("parent_span_id"),
            "name": node.get("description") or node.get("name") or node.get("transaction"),
            "start_timestamp": start, "end_timestamp": node.get("end_timestamp", start),
            "status": node.get("status"), "is_segment": bool(node.get("is_transaction")),
            "attributes": {k: v for k, v in attributes.items() if v is not None},
        })
    return spans


def _utc(when: datetime) -> str:
    """ISO 8601 in UTC without an offset, as Sentry's `start`/`end` parameters take it."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def span_envelope(trace_id: str, replay_id: str, spans: list[dict[str, Any]]) -> bytes:
    """A Sentry envelope with one `span` item (the form browser SDK 11 sends spans in)."""
    header = {"trace": {"trace_id": trace_id, "replay_id": replay_id}}
    payload = orjson.dumps({"items": spans})
    item = {"type": "span", "item_count": len(spans), "length": len(payload),
            "content_type": "application/vnd.sentry.items.span.v2+json"}
    return b"\n".join([orjson.dumps(header), orjson.dumps(item), payload]) + b"\n"


def fetch_traces(client: SentryClient, folder: FetchFolder, org: str, replay_id: str,
                 trace_ids: list[str], started: datetime | None, finished: datetime | None,
                 progress: Callable[[int, int], None] | None = None) -> TracesReport:
    report = TracesReport()
    wanted = list(dict.fromkeys(t for t in trace_ids if is_event_id(t)))
    if len(wanted) > MAX_TRACES:
        report.notes.append(f"{len(wanted)} traces listed; the first {MAX_TRACES} were fetched")
        wanted = wanted[:MAX_TRACES]
    have = folder.trace_ids()
    report.present = [t for t in wanted if t in have]
    todo = [t for t in wanted if t not in have]
    now = datetime.now(UTC)
    start = (started or now - timedelta(days=89)) - MARGIN
    end = min((finished or now) + MARGIN, now)
    window = [("start", _utc(start)), ("end", _utc(end))]
    for number, trace_id in enumerate(todo, 1):
        try:
            response = client.get(api_path("organizations", org, "trace", trace_id), window,
                                  what=f"trace {trace_id}", scope="org:read",
                                  allow=(400, 403, 404))
            if response.status == 403:
                report.notes.append("traces: the token may not read them (403; needs "
                                    "`org:read` and access to the projects); skipped")
                break
            if response.status >= 400:
                report.notes.append(f"trace {trace_id}: not available ({response.status} "
                                    f"{response.reason})")
                continue
            spans = flatten(response.json(f"trace {trace_id}"), trace_id)
        except FetchError as e:
            report.notes.append(f"traces: {e}; skipped the rest")
            break
        folder.write(f"{TRACES}/{trace_id}.envelope", span_envelope(trace_id, replay_id, spans))
        report.fetched.append(trace_id)
        report.present.append(trace_id)
        report.spans += len(spans)
        if progress is not None:
            progress(number, len(todo))
    return report

"""Error events linked to a replay, and the issue event a link names: fetched in the SDK's own
shape (the event's JSON), or rebuilt from the API's serialized form when that is all there is."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from viewer.fetch.client import SentryClient, api_path
from viewer.fetch.errors import FetchError
from viewer.fetch.store import ERRORS, FetchFolder
from viewer.fetch.target import is_event_id

#: At most this many linked error events are fetched (a replay lists every error it saw).
MAX_ERROR_EVENTS = 100
EVENT_GONE = "deleted, or past Sentry's retention"


def replay_id_of(event: dict[str, Any]) -> str | None:
    """The replay an event belongs to: `contexts.replay.replay_id`, else its `replayId` tag."""
    contexts = event.get("contexts")
    replay = contexts.get("replay") if isinstance(contexts, dict) else None
    value = replay.get("replay_id") if isinstance(replay, dict) else None
    if isinstance(value, str) and value:
        return value
    tags = event.get("tags")
    if isinstance(tags, dict):
        value = tags.get("replayId")
    elif isinstance(tags, list):
        pairs = (_tag_pair(t) for t in tags)
        value = next((v for k, v in pairs if k == "replayId"), None)
    return value if isinstance(value, str) and value else None


def _tag_pair(tag: Any) -> tuple[Any, Any]:
    if isinstance(tag, dict):
        return tag.get("key"), tag.get("value")
    if isinstance(tag, (list, tuple)) and len(tag) == 2:
        return tag[0], tag[1]
    return None, None


def sdk_event(api_event: dict[str, Any]) -> dict[str, Any]:
    """An event as the API serializes it (`eventID`, `dateCreated`, `entries`, tags as
    `{key, value}`) in the SDK's shape (`event_id`, `timestamp`, `exception.values`, …)."""
    tags = [[k, v] for k, v in (_tag_pair(t) for t in api_event.get("tags") or []) if k]
    level = next((v for k, v in tags if k == "level"), None)
    out: dict[str, Any] = {
        "event_id": str(api_event.get("eventID") or api_event.get("id") or ""),
        "timestamp": api_event.get("dateCreated"),
        "level": level or "error",
        "platform": api_event.get("platform"),
        "title": api_event.get("title"),
        "contexts": api_event.get("contexts") or {},
        "tags": tags,
    }
    if api_event.get("message"):
        out["message"] = api_event["message"]
    if api_event.get("user"):
        out["user"] = api_event["user"]
    for entry in api_event.get("entries") or []:
        data = entry.get("data") if isinstance(entry, dict) else None
        if not isinstance(data, dict):
            continue
        if entry.get("type") == "exception" and isinstance(data.get("values"), list):
            out["exception"] = {"values": [_exception(v) for v in data["values"]
                                           if isinstance(v, dict)]}
        elif entry.get("type") == "message" and (data.get("formatted") or data.get("message")):
            out["message"] = data.get("formatted") or data.get("message")
        elif entry.get("type") == "request":
            out["request"] = data
    return out


def _exception(value: dict[str, Any]) -> dict[str, Any]:
    stacktrace = value.get("stacktrace")
    frames = stacktrace.get("frames") if isinstance(stacktrace, dict) else None
    return {
        "type": value.get("type"), "value": value.get("value"),
        "mechanism": value.get("mechanism"),
        "stacktrace": {"frames": [_frame(f) for f in frames or [] if isinstance(f, dict)]},
    }


def _frame(frame: dict[str, Any]) -> dict[str, Any]:
    return {"function": frame.get("function"), "filename": frame.get("filename"),
            "abs_path": frame.get("absPath"), "lineno": frame.get("lineNo"),
            "colno": frame.get("colNo"), "in_app": frame.get("inApp")}


def fetch_issue_event(client: SentryClient, org: str, issue_id: str, event_id: str
                      ) -> dict[str, Any]:
    """The event an issue link names (API form), `latest`/`oldest`/`recommended` allowed."""
    what = f"event {event_id} of issue {issue_id}"
    paths = [api_path("organizations", org, "issues", issue_id, "events", event_id),
             api_path("issues", issue_id, "events", event_id)]  # older self-hosted Sentry
    for number, path in enumerate(paths):
        last = number == len(paths) - 1
        response = client.get(path, what=what, scope="event:read",
                              not_found=f"the issue or event was merged, {EVENT_GONE}",
                              allow=() if last else (404,))
        if response.status != 404:
            break
    value = response.json(what)
    if not isinstance(value, dict) or not (value.get("eventID") or value.get("id")):
        raise FetchError(f"{what}: Sentry's answer is not an event")
    return value


@dataclass(slots=True)
class EventsReport:
    fetched: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)  # failed for a reason a retry may fix


class ErrorEvents:
    """Fetch error events by id into `errors/<id>.json`, a few at a time."""

    def __init__(self, client: SentryClient, folder: FetchFolder, org: str, project: str,
                 workers: int = 4, progress: Callable[[int, int], None] | None = None) -> None:
        self.client = client
        self.folder = folder
        self.org = org
        self.project = project
        self.workers = max(1, workers)
        self.progress = progress

    def run(self, event_ids: list[str], known: dict[str, dict[str, Any]]) -> EventsReport:
        report = EventsReport()
        wanted = list(dict.fromkeys(i.replace("-", "").lower() for i in event_ids if i))
        bad = [i for i in wanted if not is_event_id(i)]
        if bad:
            report.notes.append(f"{len(bad)} listed error id(s) are not event ids (skipped)")
            wanted = [i for i in wanted if is_event_id(i)]
        if len(wanted) > MAX_ERROR_EVENTS:
            report.notes.append(f"{len(wanted)} error events listed; the first "
                                f"{MAX_ERROR_EVENTS} were fetched")
            wanted = wanted[:MAX_ERROR_EVENTS]
        have = self.folder.error_ids()
        report.present = [i for i in wanted if i in have]
        todo = [i for i in wanted if i not in have]
        if not todo:
            return report
        done = 0
        with ThreadPoolExecutor(self.workers, thread_name_prefix="fetch-errors") as pool:
            for event_id, outcome in zip(todo, pool.map(lambda i: self._one(i, known), todo),
                                         strict=True):
                done += 1
                if outcome is None:
                    report.fetched.append(event_id)
                    report.present.append(event_id)
                else:
                    note, retry = outcome
                    report.notes.append(f"error event {event_id}: {note}")
                    if retry:
                        report.pending.append(event_id)
                if self.progress is not None:
                    self.progress(done, len(todo))
        return report

    def _one(self, event_id: str, known: dict[str, dict[str, Any]]) -> tuple[str, bool] | None:
        """None when stored; else (why not, whether a later run may succeed)."""
        try:
            return self._fetch(event_id, known.get(event_id))
        except FetchError as e:
            return str(e), e.status not in (401, 403, 404)

    def _fetch(self, event_id: str, api_event: dict[str, Any] | None) -> tuple[str, bool] | None:
        project = str((api_event or {}).get("projectID") or self.project)
        if self._store_json(project, event_id):
            return None
        if api_event is None:
            response = self.client.get(
                api_path("organizations", self.org, "eventids", event_id),
                what=f"error event {event_id}", scope="org:read", allow=(403, 404))
            if response.status == 404:
                return f"not found ({EVENT_GONE})", False
            if response.status == 403:
                return "the token may not read it (403; needs `event:read`)", False
            value = response.json(f"error event {event_id}")
            slug = value.get("projectSlug") if isinstance(value, dict) else None
            if isinstance(slug, str) and slug != project and self._store_json(slug, event_id):
                return None
            api_event = value.get("event") if isinstance(value, dict) else None
            if not isinstance(api_event, dict):
                return "Sentry's answer holds no event", False
        self.folder.write_json(f"{ERRORS}/{event_id}.json", sdk_event(api_event))
        return None

    def _store_json(self, project: str, event_id: str) -> bool:
        """The event's own JSON (`…/events/ID/json/`): the shape the SDK sent, after ingestion."""
        response = self.client.get(
            api_path("projects", self.org, project, "events", event_id, "json"),
            what=f"error event {event_id}", scope="event:read", allow=(400, 403, 404))
        if response.status >= 400:
            return False
        value = response.json(f"error event {event_id}")
        if not isinstance(value, dict) or not value.get("event_id"):
            return False
        self.folder.write_json(f"{ERRORS}/{event_id}.json", value)
        return True

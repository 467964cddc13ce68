"""One fetch: resolve the link, read the replay details, then segments, error events and traces
into a folder, and write the manifest last (complete only when every segment is there)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from viewer.fetch.client import SentryClient, api_path
from viewer.fetch.config import SCOPES_NEEDED, cache_dir
from viewer.fetch.errors import FetchError
from viewer.fetch.events import ErrorEvents, fetch_issue_event, replay_id_of
from viewer.fetch.progress import Progress
from viewer.fetch.segments import PER_PAGE, RETENTION_HINT, SegmentDownload
from viewer.fetch.store import DETAILS, FetchFolder
from viewer.fetch.target import Target, is_event_id, normalize_replay_id
from viewer.fetch.traces import fetch_traces
from viewer.model.replay import id_ranges

#: A replay whose last segment is older than this is finished: a complete fetch of it is final.
SETTLED_AFTER = timedelta(hours=1)


@dataclass(slots=True)
class FetchOptions:
    token: str | None
    output: Path | None = None
    workers: int = 4
    per_page: int = PER_PAGE
    traces: bool = True
    refresh: bool = False  # ask Sentry again even when a finished replay is fully on disk
    backoff: float = 0.5  # first pause (s) before asking again after a dropped connection
    env: Mapping[str, str] | None = None  # for the cache folder (XDG_CACHE_HOME)


@dataclass(slots=True)
class FetchResult:
    folder: Path
    replay_id: str
    error_id: str | None  # the issue link's event: open a second before it
    complete: bool
    from_cache: bool
    manifest: dict[str, Any] = field(default_factory=dict)


def fetch(target: Target, options: FetchOptions, progress: Progress) -> FetchResult:
    """Fetch what `target` names; raises FetchError (one line) when it cannot."""
    replay_id = target.replay_id
    error_id = target.event_id if target.kind == "issue" and target.event_id else None
    cached = _cached(options, replay_id, error_id, progress)
    if cached is not None:
        return cached
    client = _client(target, options, progress)
    org = _org(target)
    known: dict[str, dict[str, Any]] = {}
    if target.kind == "issue":
        event = fetch_issue_event(client, org, str(target.issue_id), str(target.event_id))
        error_id = str(event.get("eventID") or event.get("id")).replace("-", "").lower()
        if not is_event_id(error_id):
            raise FetchError(f"issue {target.issue_id}: Sentry's answer names no event id")
        known[error_id] = event
        replay_id = normalize_replay_id(replay_id_of(event) or "")
        if replay_id is None:
            raise FetchError(f"event {error_id} of issue {target.issue_id} has no replay (no "
                             "contexts.replay.replay_id, no replayId tag)")
        progress.say(f"event {error_id} of issue {target.issue_id} → replay {replay_id}")
        cached = _cached(options, replay_id, error_id, progress)
        if cached is not None:
            return cached
    assert replay_id is not None
    details = _details(client, org, replay_id)
    folder = FetchFolder.claim(options.output or cache_dir(replay_id, options.env), replay_id)
    return _fetch_into(client, folder, target, options, progress, org, details, error_id, known)


def _fetch_into(client: SentryClient, folder: FetchFolder, target: Target,
                options: FetchOptions, progress: Progress, org: str, details: dict[str, Any],
                error_id: str | None, known: dict[str, dict[str, Any]]) -> FetchResult:
    replay_id = str(details["id"])
    project = str(details["project_id"])
    expected = details.get("count_segments")
    expected = expected if isinstance(expected, int) and expected >= 0 else 0
    manifest: dict[str, Any] = {
        "replay_id": replay_id, "org": org, "project_id": project,
        "base_url": target.base_url, "source": target.source, "issue_id": target.issue_id,
        "event_id": error_id, "fetched_at": _now(), "complete": False,
        "settled": _settled(details),
    }
    folder.write_manifest(manifest)  # marks the folder incomplete until the end
    folder.write_json(DETAILS, {"data": details})
    progress.say(f"replay {replay_id}: {expected} segments → {folder.path}")
    segments = SegmentDownload(client, folder, org, project, replay_id, expected,
                               per_page=options.per_page, workers=options.workers,
                               progress=lambda d, t: progress.count("segments", d, t)).run()
    if segments.error is None and not segments.present:
        segments.error = FetchError(f"Sentry holds no recording segments for replay "
                                    f"{replay_id} ({RETENTION_HINT}, or a mobile replay "
                                    "recorded as video)", 404)
    problems = list(segments.problems)
    notes = list(segments.notes)
    manifest["segments"] = {"expected": expected, "present": len(segments.present),
                            "missing": id_ranges(segments.missing) if segments.missing else "",
                            "per_page": options.per_page}
    if segments.error is None:
        error_ids = [*_strs(details.get("error_ids")), *([error_id] if error_id else [])]
        events = ErrorEvents(client, folder, org, project, options.workers,
                             lambda d, t: progress.count("error events", d, t)
                             ).run(error_ids, known)
        notes += events.notes
        manifest["error_events"] = {"listed": len(set(error_ids)), "present": events.present,
                                    "pending": events.pending}
        if options.traces:
            traces = fetch_traces(client, folder, org, replay_id, _strs(details.get("trace_ids")),
                                  _time(details.get("started_at")),
                                  _time(details.get("finished_at")),
                                  lambda d, t: progress.count("traces", d, t))
            notes += traces.notes
            manifest["traces"] = {"listed": len(_strs(details.get("trace_ids"))),
                                  "present": traces.present, "spans_fetched": traces.spans}
    if client.rate_limited:
        notes.append(f"Sentry rate-limited {client.rate_limited} request(s) (429); waited "
                     "and retried")
    complete = segments.error is None and not segments.missing
    manifest.update(problems=problems, notes=notes, complete=complete, fetched_at=_now())
    folder.write_manifest(manifest)
    for line in [*problems, *notes]:
        progress.say(line)
    if segments.error is not None and not segments.present:
        raise segments.error
    if segments.error is not None:
        raise FetchError(f"{segments.error} ({len(segments.present)} of {segments.total} "
                         f"segments are in {folder.path}; run the same command again to "
                         "fetch the rest)", segments.error.status)
    return FetchResult(folder.path, replay_id, error_id, complete, False, manifest)


def moment_to_open(target: Target, result: FetchResult) -> tuple[str | None, str | None]:
    """(`--at`, `--error`) for opening what was fetched: the link's `?t=` / `?event_t=`, else
    the issue's error (a second before it), else neither (the start)."""
    if target.t is not None or target.event_t is not None:
        return target.source, None  # parse_time reads a Sentry URL's t= / event_t=
    return None, result.error_id


def _cached(options: FetchOptions, replay_id: str | None,
            error_id: str | None, progress: Progress) -> FetchResult | None:
    """A finished replay already fetched whole (and the issue's event with it): no request."""
    if options.refresh or replay_id is None:
        return None
    folder = FetchFolder(options.output or cache_dir(replay_id, options.env))
    manifest = folder.read_manifest()
    if (manifest is None or manifest.get("replay_id") != replay_id
            or not manifest.get("complete") or not manifest.get("settled")
            or (manifest.get("error_events") or {}).get("pending")
            or (error_id is not None and error_id not in folder.error_ids())):
        return None
    progress.say(f"replay {replay_id} is already fetched (use --refresh to ask Sentry again)")
    return FetchResult(folder.path, replay_id, error_id, True, True, manifest)


def _client(target: Target, options: FetchOptions, progress: Progress) -> SentryClient:
    if not options.token:
        raise FetchError("no Sentry auth token: pass --token, set SENTRY_AUTH_TOKEN, or put "
                         "`token=` under `[auth]` in ~/.sentryclirc (make one in Sentry under "
                         f"Settings → Auth Tokens, with the scopes {SCOPES_NEEDED})")
    return SentryClient(target.base_url, options.token, backoff=options.backoff,
                        warn=progress.say)


def _org(target: Target) -> str:
    if not target.org:
        raise FetchError(f"{target.source or 'the link'} names no organization: pass --org ORG "
                         "(or set SENTRY_ORG)")
    return target.org


def _details(client: SentryClient, org: str, replay_id: str) -> dict[str, Any]:
    what = f"replay {replay_id} in organization {org}"
    response = client.get(api_path("organizations", org, "replays", replay_id),
                          [("statsPeriod", "90d")], what=what, scope="org:read",
                          not_found=RETENTION_HINT)
    value = response.json(what)
    data = value.get("data") if isinstance(value, dict) else None
    if not isinstance(data, dict) or not data.get("project_id"):
        raise FetchError(f"{what}: Sentry's answer holds no replay details")
    if data.get("is_archived"):
        raise FetchError(f"{what} was deleted (Sentry keeps it archived, without its "
                         "recording)", 404)
    data["id"] = normalize_replay_id(str(data.get("id") or "")) or replay_id
    return data


def _settled(details: dict[str, Any]) -> bool:
    finished = _time(details.get("finished_at"))
    return finished is not None and datetime.now(UTC) - finished > SETTLED_AFTER


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _strs(value: Any) -> list[str]:
    return [str(v).replace("-", "").lower() for v in value] if isinstance(value, list) else []


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")

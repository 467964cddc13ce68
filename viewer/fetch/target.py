"""What a Sentry link (or a bare replay id) points at: base URL, org, replay or issue event."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit, urlunsplit

from viewer.fetch.errors import FetchError

_HEX32 = re.compile(r"^[0-9a-f]{32}$")
#: Event ids Sentry's issue-event endpoint resolves itself.
EVENT_ALIASES = ("latest", "oldest", "recommended")
#: Hosts under sentry.io that are regions or the site itself, not an organization.
_NOT_ORGS = {"us", "de", "www", "app", "api", "o1"}


@dataclass(frozen=True, slots=True)
class Target:
    """A parsed link: `kind` is "replay" (replay_id set) or "issue" (issue_id, event_id set)."""

    base_url: str  # scheme://host[:port][/prefix], where /api/0/ lives; the token goes only here
    org: str | None
    kind: str
    replay_id: str | None = None
    issue_id: str | None = None
    event_id: str | None = None
    t: str | None = None  # the link's ?t= (seconds into the replay)
    event_t: str | None = None  # the link's ?event_t= (an epoch timestamp)
    source: str = ""  # the link as given, without any user:password@ part

    def with_org(self, org: str | None) -> Target:
        return Target(self.base_url, org, self.kind, self.replay_id, self.issue_id,
                      self.event_id, self.t, self.event_t, self.source)


def normalize_replay_id(text: str) -> str | None:
    """32 lowercase hex digits from a replay id (UUID dashes and a `project:` prefix dropped)."""
    value = text.strip().rsplit(":", 1)[-1].replace("-", "").lower()
    return value if _HEX32.match(value) else None


def is_event_id(text: str) -> bool:
    """32 lowercase hex digits: a Sentry event, replay or trace id (safe as a file name)."""
    return bool(_HEX32.match(text))


def looks_like_url(text: str) -> bool:
    return text.strip().lower().startswith(("http://", "https://"))


def parse_target(text: str, org: str | None = None, base_url: str = "https://sentry.io") -> Target:
    """Parse a Sentry replay or issue-event URL, or a bare replay id (then `org` and `base_url`).

    Raises FetchError naming what is wrong with the link.
    """
    raw = text.strip()
    if not looks_like_url(raw):
        replay_id = normalize_replay_id(raw)
        if replay_id is None:
            raise FetchError(f"{raw!r} is neither a Sentry URL nor a replay id (32 hex digits)")
        return Target(_clean_base(base_url), org, "replay", replay_id=replay_id, source=raw)
    parts = urlsplit(raw)
    if not parts.hostname:
        raise FetchError(f"{raw!r} has no host name")
    netloc = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    if parts.port:
        netloc += f":{parts.port}"
    source = urlunsplit((parts.scheme.lower(), netloc, parts.path, parts.query, parts.fragment))
    query = parse_qs(parts.query)
    t = query["t"][0] if query.get("t") else None
    event_t = query["event_t"][0] if query.get("event_t") else None
    segments = [s for s in parts.path.split("/") if s]
    url_org, prefix, rest = _split_path(segments)
    org = url_org or _org_from_host(parts.hostname) or org
    base = urlunsplit((parts.scheme.lower(), netloc, "/".join(["", *prefix]), "", ""))
    base = _clean_base(base)
    if rest[:1] == ["replays"] and len(rest) >= 2:
        replay_id = normalize_replay_id(rest[1])
        if replay_id is None:
            raise FetchError(f"{raw!r}: {rest[1]!r} is not a replay id (32 hex digits)")
        return Target(base, org, "replay", replay_id=replay_id, t=t, event_t=event_t,
                      source=source)
    if rest[:1] == ["issues"] and len(rest) >= 2:
        issue_id = rest[1]
        event_id = rest[3] if len(rest) >= 4 and rest[2] == "events" else "recommended"
        event_id = event_id.replace("-", "").lower()
        if not (_HEX32.match(event_id) or event_id in EVENT_ALIASES):
            raise FetchError(f"{raw!r}: {event_id!r} is not an event id (32 hex digits)")
        return Target(base, org, "issue", issue_id=issue_id, event_id=event_id, t=t,
                      event_t=event_t, source=source)
    raise FetchError(f"{raw!r} is not a Sentry replay or issue-event link "
                     "(…/replays/REPLAY_ID/ or …/issues/ISSUE_ID/events/EVENT_ID/)")


def _split_path(segments: list[str]) -> tuple[str | None, list[str], list[str]]:
    """(org from /organizations/ORG/, the path prefix before it, the rest after it)."""
    if "organizations" in segments:
        i = segments.index("organizations")
        if i + 1 < len(segments):
            return segments[i + 1], segments[:i], _drop_explore(segments[i + 2 :])
    for i, segment in enumerate(segments):
        if segment in ("replays", "issues"):
            start = i - 1 if i > 0 and segments[i - 1] == "explore" else i
            return None, segments[:start], segments[i:]
    return None, segments, []


def _drop_explore(rest: list[str]) -> list[str]:
    return rest[1:] if rest[:1] == ["explore"] else rest


def _org_from_host(host: str) -> str | None:
    """`acme` for acme.sentry.io (Sentry's organization subdomains)."""
    host = host.lower()
    if not host.endswith(".sentry.io"):
        return None
    label = host[: -len(".sentry.io")]
    return label if label and "." not in label and label not in _NOT_ORGS else None


def _clean_base(url: str) -> str:
    url = url.strip().rstrip("/")
    if url.endswith("/api/0"):
        url = url[: -len("/api/0")]
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{url!r} is not an http(s) Sentry base URL")
    return url

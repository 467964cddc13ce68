"""Pure rows of the metadata panel: replay, user, environment, tags, URLs, problems."""

from __future__ import annotations

from typing import Any

from viewer.model.replay import Replay, id_ranges
from viewer.model.summary import clock, iso
from viewer.model.useragent import from_user_agent


def _name_version(value: Any) -> str:
    if isinstance(value, dict):
        return " ".join(str(value[k]) for k in ("name", "version") if value.get(k)) or ""
    return str(value) if value else ""


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def metadata_sections(replay: Replay) -> list[tuple[str, list[tuple[str, str]]]]:
    """(section, [(key, value)]) for the metadata panel; empty values left out."""
    meta = replay.metadata
    user = _dict(meta.get("user"))
    request = _dict(meta.get("request"))
    headers = _dict(request.get("headers"))
    sdk = _dict(meta.get("sdk"))
    replay_rows = [
        ("Replay id", replay.replay_id or ""),
        ("Type", str(meta.get("replay_type") or "")),
        ("Start", iso(replay.start_ms)),
        ("Duration", clock(replay.duration_ms)),
        ("Segments", id_ranges(replay.segments) if replay.segments else ""),
        ("Missing segments", id_ranges(replay.missing_segments)
         if replay.missing_segments else ""),
        ("Formats", ", ".join(replay.formats)),
        ("Error ids", ", ".join(replay.error_ids)),
        ("Trace ids", ", ".join(replay.trace_ids)),
    ]
    user_rows = [(str(k).replace("_", " ").capitalize(), str(v)) for k, v in user.items()]
    ua = str(headers.get("User-Agent") or "")
    ua_browser, ua_os = from_user_agent(ua)
    env_rows = [
        ("Browser", _name_version(meta.get("browser")) or ua_browser),
        ("OS", _name_version(meta.get("os")) or ua_os),
        ("Device", _name_version(meta.get("device"))),
        ("User agent", ua),
        ("Platform", str(meta.get("platform") or "")),
        ("SDK", _name_version(sdk)),
        ("Release", str(meta.get("release") or "")),
        ("Environment", str(meta.get("environment") or "")),
        ("Dist", str(meta.get("dist") or "")),
    ]
    tags = _dict(meta.get("tags"))
    sections = [
        ("Replay", replay_rows),
        ("User", user_rows),
        ("Environment", env_rows),
        ("Tags", [(str(k), str(v)) for k, v in tags.items()]),
        ("URLs", [(str(i + 1), url) for i, url in enumerate(replay.urls)]),
        ("Problems", [(str(i + 1), p) for i, p in enumerate(replay.problems)]),
    ]
    return [(title, [(k, v) for k, v in rows if v]) for title, rows in sections]

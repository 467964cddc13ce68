"""Parse user time arguments (clock, seconds, ms, epoch ms, Sentry URLs) relative to a replay."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from viewer.model.frames import ErrorFrame

if TYPE_CHECKING:
    from viewer.model.replay import Replay

#: A number at least this large is an epoch timestamp in milliseconds (≈ March 1973).
EPOCH_MS_MIN = 1e11
#: An `event_t` at least this large (and below EPOCH_MS_MIN) is epoch seconds (≈ 1973).
EPOCH_S_MIN = 1e8
#: How long before an error `error_moment` lands, so the user sees what led to it.
ERROR_LEAD_MS = 1000.0

_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)$")
_UNIT = re.compile(r"^(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|min)$", re.IGNORECASE)
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_FORMS = "01:23.456, 1:02:03.5, 83.4s, 1500ms, epoch ms, or a Sentry URL with ?t= / ?event_t="


def parse_time(text: str, start_ms: float) -> float:
    """Epoch ms for a time argument; offsets count from `start_ms` (the replay start).

    Accepted: `mm:ss(.fff)`, `h:mm:ss(.f)`, `83.4s`, `1500ms`, `2m`, an epoch-ms number
    (≥ 1e11), and Sentry replay URLs with `?t=<seconds>` or `?event_t=<epoch ms or s>`.
    Raises ValueError with a message naming the accepted forms.
    """
    raw = text.strip()
    if not raw:
        raise ValueError(f"empty time; use {_FORMS}")
    if "://" in raw or raw.startswith("?") or "t=" in raw:
        return _parse_url(raw, start_ms)
    clock = _CLOCK.match(raw)
    if clock:
        hours, minutes, seconds = clock.groups()
        if int(minutes) >= 60 and hours is not None:
            raise ValueError(f"bad time {text!r}: minutes must be below 60 in h:mm:ss")
        if float(seconds) >= 60:
            raise ValueError(f"bad time {text!r}: seconds must be below 60")
        total = int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)
        return start_ms + total * 1000.0
    unit = _UNIT.match(raw)
    if unit:
        value, suffix = float(unit.group(1)), unit.group(2).lower()
        factor = {"ms": 1.0, "s": 1000.0, "m": 60_000.0, "min": 60_000.0}[suffix]
        return start_ms + value * factor
    if _NUMBER.match(raw):
        value = float(raw)
        if value >= EPOCH_MS_MIN:
            return value
        raise ValueError(f"ambiguous time {text!r}: add a unit ({value:g}s or {value:g}ms) "
                         "or give epoch milliseconds (a number ≥ 1e11)")
    raise ValueError(f"cannot read time {text!r}; use {_FORMS}")


def _parse_url(raw: str, start_ms: float) -> float:
    query = parse_qs(urlsplit(raw).query if not raw.startswith("?") else raw[1:])
    if "event_t" in query:
        value = _number(query["event_t"][0], raw, "event_t")
        if value >= EPOCH_MS_MIN:
            return value
        if value >= EPOCH_S_MIN:
            return value * 1000.0
        raise ValueError(f"bad event_t in {raw!r}: expected an epoch timestamp (ms or seconds)")
    if "t" in query:
        return start_ms + _number(query["t"][0], raw, "t") * 1000.0
    raise ValueError(f"the URL {raw!r} holds no ?t= or ?event_t= parameter")


def _number(value: str, raw: str, name: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"bad {name}={value!r} in {raw!r}: expected a number") from None
    if number < 0 or number != number:
        raise ValueError(f"bad {name}={value!r} in {raw!r}: expected a positive number")
    return number


def end_moment(replay: Replay) -> float:
    """The end of a replay as a moment: just after its last event (moment t shows the events
    strictly before t, so this is the first moment that shows them all)."""
    return math.nextafter(replay.end_ms, math.inf)


def clamp_to_replay(replay: Replay, t_ms: float) -> float:
    """A time moved inside the replay: from its start to its end moment."""
    return min(max(t_ms, replay.start_ms), end_moment(replay))


def find_error(replay: Replay, event_id: str) -> ErrorFrame:
    """The error frame with this event id (dashes and case ignored; a unique prefix works)."""
    wanted = event_id.strip().replace("-", "").lower()
    errors = [f for f in replay.frames if isinstance(f, ErrorFrame)]
    exact = [f for f in errors if f.event_id.replace("-", "").lower() == wanted]
    if exact:
        return exact[0]
    prefixed = [f for f in errors if wanted and f.event_id.replace("-", "").lower()
                .startswith(wanted)]
    if len(prefixed) == 1:
        return prefixed[0]
    known = ", ".join(f.event_id for f in errors) or "none"
    if len(prefixed) > 1:
        raise ValueError(f"error id {event_id!r} is ambiguous; known error ids: {known}")
    raise ValueError(f"unknown error id {event_id!r}; known error ids: {known}")


def error_moment(replay: Replay, event_id: str) -> float:
    """Epoch ms a little (1 s) before the error, clamped to the recording."""
    error = find_error(replay, event_id)
    return clamp_to_replay(replay, error.ts_ms - ERROR_LEAD_MS)


def adjacent_error(replay: Replay, t_ms: float, step: int = 1) -> ErrorFrame | None:
    """The next (step > 0) or previous (step < 0) error after/before `t_ms`, for error
    navigation; errors within the 1 s lead count as "at" t, so repeating jumps moves on."""
    errors = sorted((f for f in replay.frames if isinstance(f, ErrorFrame)),
                    key=lambda f: f.ts_ms)
    if step > 0:
        return next((f for f in errors if f.ts_ms - ERROR_LEAD_MS > t_ms + 1.0), None)
    return next((f for f in reversed(errors) if f.ts_ms - ERROR_LEAD_MS < t_ms - 1.0), None)

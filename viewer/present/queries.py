"""Pure queries behind the panels: which frames a panel lists, row text, filters and sorting."""

from __future__ import annotations

import bisect
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from viewer.model.frames import (
    BreadcrumbFrame,
    ClickFrame,
    ConsoleFrame,
    ErrorFrame,
    Frame,
    MemoryFrame,
    NavigationFrame,
    NetworkFrame,
    PaintFrame,
    WebVitalFrame,
)

#: Frame kinds the breadcrumbs panel leaves out (they have their own panels and are noisy).
BREADCRUMB_EXCLUDED = frozenset({"memory", "resource"})
CONSOLE_LEVELS = ("error", "warn", "info", "log", "debug")
STATUS_CLASSES = ("2xx", "3xx", "4xx", "5xx", "failed", "unknown")


def contains(haystack: str, needle: str) -> bool:
    """Case-insensitive search; an empty needle matches everything."""
    return not needle or needle.casefold() in haystack.casefold()


def format_argument(value: Any) -> str:
    """A console argument as the console shows it (strings bare, the rest compact JSON)."""
    if isinstance(value, str):
        return value
    try:
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "), default=str)
    except (TypeError, ValueError):
        return repr(value)


def console_level(frame: ConsoleFrame) -> str:
    """The level normalised to CONSOLE_LEVELS (`warning` → warn, `assert` → error)."""
    level = {"warning": "warn", "assert": "error", "trace": "debug"}.get(frame.level, frame.level)
    return level if level in CONSOLE_LEVELS else "log"


def console_text(frame: ConsoleFrame) -> str:
    """The message, or the arguments joined when they say more."""
    if frame.arguments:
        return " ".join(format_argument(a) for a in frame.arguments)
    return frame.message


def frame_description(frame: Frame) -> str:
    """One line saying what a frame is about (target, URL, message…)."""
    if isinstance(frame, ClickFrame):
        node = frame.node
        text = node.text.strip() if node and node.text else ""
        return f"{frame.selector}" + (f"  “{text[:60]}”" if text else "")
    if isinstance(frame, BreadcrumbFrame):
        key = frame.data.get("key") if frame.kind == "keydown" else None
        return f"{key}  {frame.message}" if key else (frame.message or frame.category)
    if isinstance(frame, NavigationFrame):
        return frame.url
    if isinstance(frame, ConsoleFrame):
        return f"[{frame.level}] {console_text(frame)}"
    if isinstance(frame, NetworkFrame):
        status = frame.status if frame.status else "failed"
        return f"{frame.method or 'GET'} {status} {frame.url}"
    if isinstance(frame, ErrorFrame):
        return frame.error_title or frame.message or frame.event_id
    if isinstance(frame, WebVitalFrame):
        return f"{vital_label(frame.name)} {format_vital(frame.name, frame.value)}" + (
            f" ({frame.rating})" if frame.rating else "")
    if isinstance(frame, MemoryFrame):
        return f"{frame.used_bytes / 1e6:.1f} MB used of {frame.total_bytes / 1e6:.1f} MB"
    if isinstance(frame, PaintFrame):
        return frame.name
    return ""


def kind_title(frame: Frame) -> str:
    """The kind's title ("Click", "Error"…), from the kinds table."""
    return frame.title


#: Frame kinds whose `node` can be highlighted in the replay.
NODE_KINDS = frozenset({"click", "dead-click", "rage-click", "slow-click", "multi-click",
                        "input", "keydown"})


def node_id_of(frame: Any) -> int | None:
    """The rrweb node id a click/input/key frame points at (None for other frames)."""
    node = getattr(frame, "node", None)
    return node.node_id if node is not None and frame.kind in NODE_KINDS else None


def breadcrumb_frames(frames: Iterable[Frame]) -> list[Frame]:
    return [f for f in frames if f.kind not in BREADCRUMB_EXCLUDED]


def filter_frames(frames: Iterable[Frame], kinds: set[str] | None, search: str,
                  text: Callable[[Frame], str] = frame_description) -> list[Frame]:
    """Frames of the chosen kinds (None: all) whose title or text contains `search`."""
    return [f for f in frames if (kinds is None or f.kind in kinds)
            and (contains(kind_title(f), search) or contains(text(f), search))]


def filter_console(frames: Iterable[ConsoleFrame], levels: set[str] | None,
                   search: str) -> list[ConsoleFrame]:
    return [f for f in frames if (levels is None or console_level(f) in levels)
            and contains(console_text(f), search)]


def request_type(frame: NetworkFrame) -> str:
    """fetch, xhr, script, css, img, … from the span op (`resource.fetch` → fetch)."""
    op = frame.op.rsplit(".", 1)[-1] if frame.op else frame.kind
    return {"link": "css", "img": "img", "navigation": "document"}.get(op, op)


def url_path(url: str) -> str:
    """Path and query of a URL, without scheme and host."""
    rest = url.split("://", 1)[1] if "://" in url else url
    if "://" in url:
        slash = rest.find("/")
        return rest[slash:] if slash >= 0 else "/"
    return rest


def response_size(frame: NetworkFrame) -> int | None:
    if frame.response is not None and frame.response.size is not None:
        return frame.response.size
    return frame.transfer_size


def format_size(size: int | None) -> str:
    if size is None:
        return ""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} kB"
    return f"{size / 1024 / 1024:.1f} MB"


def filter_network(frames: Iterable[NetworkFrame], types: set[str] | None,
                   status_classes: set[str] | None, search: str) -> list[NetworkFrame]:
    return [f for f in frames if (types is None or request_type(f) in types)
            and (status_classes is None or f.status_class in status_classes)
            and contains(f"{f.method} {f.url} {f.status or ''}", search)]


#: Sort keys of the network table's columns (by column name).
NETWORK_SORT_KEYS: dict[str, Callable[[NetworkFrame], Any]] = {
    "method": lambda f: f.method,
    "status": lambda f: f.status or 0,
    "type": request_type,
    "path": lambda f: url_path(f.url),
    "size": lambda f: response_size(f) or -1,
    "duration": lambda f: f.duration_ms,
    "start": lambda f: f.ts_ms,
    "waterfall": lambda f: f.ts_ms,
}


def sort_rows(rows: Sequence[Any], key: Callable[[Any], Any], descending: bool = False
              ) -> list[Any]:
    """Stable sort; ties keep time order."""
    return sorted(rows, key=key, reverse=descending)


def row_at_time(times: Sequence[float], t_ms: float) -> int | None:
    """Index of the last row at or before `t_ms` in time-sorted rows (None: before the first)."""
    i = bisect.bisect_right(times, t_ms) - 1
    return i if i >= 0 else None


def latest_row_at(rows: Sequence[Frame], t_ms: float) -> int | None:
    """Like row_at_time for rows in any order: the row of the latest frame at or before t."""
    best: int | None = None
    for i, f in enumerate(rows):
        if f.ts_ms <= t_ms and (best is None or f.ts_ms >= rows[best].ts_ms):
            best = i
    return best


#: Web vitals thresholds (good ≤ first, poor > second), as web.dev defines them.
VITAL_THRESHOLDS = {
    "lcp": (2500.0, 4000.0), "fcp": (1800.0, 3000.0), "fid": (100.0, 300.0),
    "inp": (200.0, 500.0), "cls": (0.1, 0.25), "ttfb": (800.0, 1800.0),
}
_VITAL_ALIASES = {
    "largest-contentful-paint": "lcp", "first-contentful-paint": "fcp",
    "first-input-delay": "fid", "interaction-to-next-paint": "inp",
    "cumulative-layout-shift": "cls", "time-to-first-byte": "ttfb",
}


def vital_key(name: str) -> str:
    return _VITAL_ALIASES.get(name.lower(), name.lower())


def vital_label(name: str) -> str:
    key = vital_key(name)
    return key.upper() if key in VITAL_THRESHOLDS else name


def format_vital(name: str, value: float) -> str:
    return f"{value:.3f}" if vital_key(name) == "cls" else f"{value:.0f} ms"


def vital_rating(frame: WebVitalFrame) -> str:
    """The SDK's rating, or one from the web.dev thresholds (good, needs-improvement, poor)."""
    if frame.rating:
        return frame.rating
    limits = VITAL_THRESHOLDS.get(vital_key(frame.name))
    if limits is None:
        return ""
    good, poor = limits
    return "good" if frame.value <= good else "poor" if frame.value > poor else "needs-improvement"


#: Frame kinds Sentry reports as replay issues (FEATURES: rage, dead and slow clicks,
#: hydration errors).
ISSUE_KINDS = ("rage-click", "dead-click", "slow-click", "hydrate-error")


def issue_frames(frames: Iterable[Frame]) -> list[Frame]:
    return [f for f in frames if f.kind in ISSUE_KINDS]


def issue_target(frame: Frame) -> str:
    """What the user clicked (tag and text, else the selector), or the hydration message."""
    node = getattr(frame, "node", None)
    if node is not None and (node.tag or node.text):
        text = node.text.strip()[:60]
        return f"<{node.tag}> “{text}”" if text else f"<{node.tag}>"
    return getattr(frame, "selector", "") or getattr(frame, "message", "")


def issue_detail(frame: Frame) -> str:
    """Why it is an issue: click count, time without a reaction, how it ended."""
    if isinstance(frame, ClickFrame):
        parts = []
        if frame.click_count > 1:
            parts.append(f"{frame.click_count} clicks")
        if frame.time_after_click_ms is not None:
            parts.append(f"no reaction for {frame.time_after_click_ms / 1000:.1f} s")
        if frame.end_reason:
            parts.append(f"ended by {frame.end_reason}")
        return ", ".join(parts)
    if isinstance(frame, BreadcrumbFrame):
        url = frame.data.get("url")
        return f"{frame.message} {url}".strip() if isinstance(url, str) else frame.message
    return ""

"""The bug report: one self-contained HTML file (inline CSS, images as data: URIs, no script).

It holds the error (title, message, stack, trace id), screenshots at the moment and a few
seconds before, steps to reproduce written from the user's actions, console errors and
warnings, failed or slow requests, the environment, and the timeline around the moment.
Images are made by the caller (Qt code) and passed in as PNG bytes; every recorded string is
HTML-escaped, and no link or image points outside the file.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence
from dataclasses import dataclass

from viewer import __version__
from viewer.export.steps import Step, user_steps
from viewer.model import Replay
from viewer.model.frames import ConsoleFrame, ErrorFrame, NetworkFrame
from viewer.model.summary import clock, iso, summarize

#: How far before the moment the "before" screenshot is taken.
BEFORE_MS = 3000.0
#: A request slower than this is listed as slow.
SLOW_MS = 1000.0
#: Steps listed at most (the latest before the moment).
MAX_STEPS = 60
MAX_ROWS = 100
_CONSOLE_LEVELS = frozenset({"error", "warning", "warn", "assert", "fatal"})

CSS = """
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;background:#f4f5f7;
color:#1d2125}main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px;border-bottom:1px solid
#d0d4d9;padding-bottom:4px}.meta{color:#5e6c84;margin:0 0 12px}
.note{background:#fff4d6;border:1px solid #f0c36d;padding:8px 12px;border-radius:4px}
.error{background:#fff;border-left:4px solid #d9363e;padding:8px 12px}
table{border-collapse:collapse;width:100%;background:#fff}td,th{border:1px solid #e1e4e8;
padding:4px 8px;text-align:left;vertical-align:top}th{background:#f0f2f4;font-weight:600}
code,.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px;
word-break:break-all}.shots{display:flex;gap:12px;flex-wrap:wrap}
figure{margin:0;flex:1 1 420px;background:#fff;border:1px solid #e1e4e8;padding:6px}
figure img{width:100%;height:auto;display:block}figcaption{color:#5e6c84;font-size:12px;
padding-top:4px}ol li{margin:2px 0}.t{color:#5e6c84;font-family:ui-monospace,monospace;
font-size:12px;margin-right:6px}.lvl-error{color:#b3261e}.lvl-warning{color:#8a5a00}
.timeline img{width:100%;height:auto;border:1px solid #e1e4e8;background:#fff}
"""


@dataclass(frozen=True)
class ReportImages:
    """PNG bytes of the pictures (None: could not be made)."""

    before: bytes | None = None
    at: bytes | None = None
    timeline: bytes | None = None


@dataclass(frozen=True)
class Moment:
    """What the report is about: a moment, and the error there (if any)."""

    t_ms: float
    error: ErrorFrame | None = None

    @property
    def before_ms(self) -> float:
        return self.t_ms - BEFORE_MS


def report_moment(replay: Replay, error_id: str | None, at_ms: float | None) -> Moment:
    """The error asked for, or the moment asked for, or the first error, or the end."""
    from viewer.model.timeparse import find_error

    if error_id:
        error = find_error(replay, error_id)  # ValueError names the known ids
        return Moment(min(max(error.ts_ms, replay.start_ms), replay.end_ms), error)
    if at_ms is not None:
        return Moment(at_ms)
    errors = sorted(replay.errors, key=lambda e: e.ts_ms)
    if errors:
        return Moment(min(max(errors[0].ts_ms, replay.start_ms), replay.end_ms), errors[0])
    return Moment(replay.end_ms)


def build_report(replay: Replay, moment: Moment, images: ReportImages | None,
                 redaction_note: str = "") -> str:
    """The report's HTML."""
    e = html.escape
    error = moment.error
    title = error.error_title if error else f"Replay at {clock(moment.t_ms - replay.start_ms)}"
    parts = [
        "<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\">",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
        f"<title>{e(title)}</title><style>{CSS}</style></head><body><main>",
        f"<h1>{e(title)}</h1>",
        f"<p class=\"meta\">Replay {e(replay.replay_id or '(no id)')} · "
        f"{e(iso(moment.t_ms))} ({e(clock(moment.t_ms - replay.start_ms))} into the replay)"
        f" · made by replay-viewer {e(__version__)}</p>",
    ]
    if redaction_note:
        parts.append(f"<p class=\"note\">{e(redaction_note)}</p>")
    parts += _error_section(error, replay)
    parts += _screenshots(replay, moment, images)
    parts += _steps_section(replay, moment)
    parts += _console_section(replay, moment)
    parts += _network_section(replay, moment)
    parts += _environment(replay, moment)
    if images and images.timeline:
        parts += ["<h2>Timeline around the moment</h2>",
                  f"<div class=\"timeline\"><img alt=\"timeline\" src=\"{_png(images.timeline)}\">"
                  "</div>"]
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"


def _png(data: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A table from already-escaped cells."""
    head = "<tr>" + "".join(f"<th>{h}</th>" for h in headers) + "</tr>" if headers else ""
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return [f"<table>{head}{body}</table>"]


def _error_section(error: ErrorFrame | None, replay: Replay) -> list[str]:
    e = html.escape
    if error is None:
        return ["<h2>Error</h2>", "<p>No error at this moment"
                + (" (the replay has none)." if not replay.errors else ".") + "</p>"]
    out = ["<h2>Error</h2>", "<div class=\"error\">",
           f"<p><b>{e(error.error_title)}</b></p>"]
    if error.message and error.message != error.error_title:
        out.append(f"<p class=\"mono\">{e(error.message)}</p>")
    out.append(f"<p>Event id <code>{e(error.event_id)}</code> · level {e(error.level)}"
               + (f" · trace id <code>{e(error.trace_id)}</code>" if error.trace_id else "")
               + f" · {e(iso(error.ts_ms))}</p>")
    if not error.has_event:
        out.append("<p>Only the id of this error is in the recording (no event details).</p>")
    out.append("</div>")
    if error.stack:
        rows = [[f"<code>{e(f.function)}</code>",
                 f"<code>{e(f.filename)}{_line(f.lineno, f.colno)}</code>",
                 "yes" if f.in_app else ""] for f in error.stack]
        out += ["<h2>Stack</h2>", *_table(["function", "file", "in app"], rows)]
    return out


def _line(lineno: int | None, colno: int | None) -> str:
    if lineno is None:
        return ""
    return f":{lineno}" + (f":{colno}" if colno is not None else "")


def _screenshots(replay: Replay, moment: Moment, images: ReportImages | None) -> list[str]:
    e = html.escape
    out = ["<h2>Screenshots</h2>"]
    if images is None or (images.before is None and images.at is None):
        return [*out, "<p>No screenshots (they need the viewer's web view).</p>"]
    figures = []
    for data, t, label in ((images.before, max(moment.before_ms, replay.start_ms),
                            f"{BEFORE_MS / 1000:g} s before"),
                           (images.at, moment.t_ms, "at the error" if moment.error else
                            "at the moment")):
        if data:
            figures.append(f"<figure><img alt=\"{e(label)}\" src=\"{_png(data)}\">"
                           f"<figcaption>{e(label)} · {e(clock(t - replay.start_ms))}"
                           "</figcaption></figure>")
    return [*out, "<div class=\"shots\">", *figures, "</div>"]


def step_text(step: Step) -> str:
    """One step to reproduce, in words (plain text)."""
    el = step.element
    target = el.short if el else "the page"
    if step.kind == "navigate":
        verb = {"reload": "Reloaded", "back_forward": "Went back/forward to",
                "push": "The app went to", "start": "Opened"}.get(step.how, "Opened")
        if step.caused and step.how != "push":
            verb = "Landed on"
        return f"{verb} {step.url}"
    if step.kind == "click":
        detail = ""
        if el is not None and el.text and f'"{el.text}"' not in target:
            detail = f' with text "{el.text}"'
        path = f" ({el.css_path})" if el is not None and el.css_path and \
            el.css_path != el.short else ""
        return f"Clicked {target}{detail}{path}"
    if step.kind == "fill":
        if step.value is None or step.masked:
            return f"Typed into {target} (value masked)"
        return f'Typed "{step.value}" into {target}' if step.value else f"Cleared {target}"
    if step.kind == "select":
        if step.value is None or step.masked:
            return f"Chose an option in {target} (value masked)"
        return f'Chose "{step.value}" in {target}'
    if step.kind == "check":
        return f"{'Checked' if step.checked else 'Unchecked'} {target}"
    if step.kind == "press":
        return f"Pressed {step.key}" + (f" on {target}" if el is not None else "")
    return step.kind


def _steps_section(replay: Replay, moment: Moment) -> list[str]:
    e = html.escape
    steps = user_steps(replay, replay.start_ms, moment.t_ms)
    skipped = max(0, len(steps) - MAX_STEPS)
    steps = steps[skipped:]
    out = ["<h2>Steps to reproduce</h2>"]
    if skipped:
        out.append(f"<p>{skipped} earlier steps left out.</p>")
    if not steps:
        return [*out, "<p>No user action was recorded before this moment.</p>"]
    items = [f"<li><span class=\"t\">{e(clock(s.ts_ms - replay.start_ms))}</span>"
             f"{e(step_text(s))}</li>" for s in steps]
    return [*out, "<ol>", *items, "</ol>"]


def _console_section(replay: Replay, moment: Moment) -> list[str]:
    e = html.escape
    lines = [f for f in replay.frames_of(ConsoleFrame)
             if f.level.lower() in _CONSOLE_LEVELS and f.ts_ms <= moment.t_ms + 1000]
    out = ["<h2>Console errors and warnings</h2>"]
    if not lines:
        return [*out, "<p>None recorded.</p>"]
    rows = [[e(clock(f.ts_ms - replay.start_ms)),
             f"<span class=\"lvl-{_level_class(f.level)}\">{e(f.level)}</span>",
             f"<span class=\"mono\">{e(f.message[:2000])}</span>"]
            for f in lines[-MAX_ROWS:]]
    return [*out, *_table(["time", "level", "message"], rows)]


def _level_class(level: str) -> str:
    return "error" if level.lower() in ("error", "assert", "fatal") else "warning"


def _network_section(replay: Replay, moment: Moment) -> list[str]:
    e = html.escape
    bad = [f for f in replay.frames_of(NetworkFrame) if f.ts_ms <= moment.t_ms + 1000 and (
        (f.status or 0) >= 400 or (f.kind == "network" and not f.status)
        or f.duration_ms >= SLOW_MS)]
    out = ["<h2>Failed or slow requests</h2>"]
    if not bad:
        return [*out, "<p>None: every recorded request before this moment succeeded in under "
                f"{SLOW_MS / 1000:g} s.</p>"]
    rows = [[e(clock(f.ts_ms - replay.start_ms)), e(f.method or "GET"),
             f"<span class=\"mono\">{e(f.url)}</span>",
             e(str(f.status) if f.status else "failed"), e(f"{f.duration_ms:.0f} ms"),
             e(_why(f))] for f in bad[-MAX_ROWS:]]
    return [*out, *_table(["time", "method", "URL", "status", "duration", "why listed"], rows)]


def _why(f: NetworkFrame) -> str:
    reasons = []
    if (f.status or 0) >= 400:
        reasons.append("error status")
    elif f.kind == "network" and not f.status:
        reasons.append("failed")
    if f.duration_ms >= SLOW_MS:
        reasons.append("slow")
    return ", ".join(reasons)


def _environment(replay: Replay, moment: Moment) -> list[str]:
    e = html.escape
    meta = replay.metadata
    info = summarize(replay)
    rows: list[tuple[str, str]] = [
        ("browser", str(info.get("browser") or "")),
        ("OS", str(info.get("os") or "")),
        ("viewport", _viewport(replay, moment.t_ms)),
        ("URL", _url_at(replay, moment.t_ms)),
        ("release", str(info.get("release") or "")),
        ("environment", str(info.get("environment") or "")),
        ("SDK", str(info.get("sdk") or "")),
        ("replay id", replay.replay_id or ""),
        ("recorded", f"{iso(replay.start_ms)} – {iso(replay.end_ms)}"),
    ]
    request = meta.get("request")
    if isinstance(request, dict) and isinstance(request.get("headers"), dict):
        agent = request["headers"].get("User-Agent") or request["headers"].get("user-agent")
        if agent:
            rows.append(("user agent", str(agent)))
    cells = [[f"<b>{e(k)}</b>", f"<span class=\"mono\">{e(v)}</span>"] for k, v in rows if v]
    return ["<h2>Environment</h2>", *_table([], cells)]


def _viewport(replay: Replay, t: float) -> str:
    """The size from the last Meta or ViewportResize event before t."""
    events = replay.events
    for i in range(replay.event_index_at(t) - 1, -1, -1):
        if events.types[i] == 4 or (events.types[i] == 3 and events.sources[i] == 4):
            data = events[i].get("data") or {}
            width, height = data.get("width"), data.get("height")
            if isinstance(width, (int, float)) and isinstance(height, (int, float)):
                return f"{width:g} × {height:g}"
    return ""


def _url_at(replay: Replay, t: float) -> str:
    navs = [f.url for f in replay.frames_of("navigation") if f.ts_ms <= t and f.url]
    return navs[-1] if navs else (replay.urls[0] if replay.urls else "")

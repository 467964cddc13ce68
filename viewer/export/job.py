"""One export, start to finish: check the request, redact, build the artifact, write it.

The command line (`replay-viewer export`) and the window's File → Export… both call
`run_export` (the window and the command line run it off the GUI thread: `viewer.ui.
export_runner`). Artifacts that need pictures get them from the caller (Qt code lives above
this package): the bug report from an `ImageMaker`, the video from a `FramePainter`. Progress
is reported as (step, done, total) — total 0 when the step has no count — and `cancelled()` is
asked between steps and frames (`ExportCancelled`; the partial file is removed).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import orjson

from viewer.export.har import build_har
from viewer.export.output import ExportCancelled, ExportError, atomic_output, atomic_path
from viewer.export.playwright import build_spec
from viewer.export.redact import Redaction, redact_replay
from viewer.export.report import BEFORE_MS, ReportImages, build_report, report_moment
from viewer.export.trim import trimmed_replay
from viewer.export.video import FramePainter, check_video, write_video
from viewer.export.video_plan import VideoSettings
from viewer.model import Replay
from viewer.model.summary import clock

#: The artifacts, as the command line names them (`--report`, `--har`…).
ARTIFACTS = ("report", "har", "playwright", "replay", "video")
#: A range bound this close outside the replay is taken as the replay's edge.
EDGE_MS = 0.5
#: Width of the bug report's screenshots and timeline image.
REPORT_WIDTH = 1280
#: What a progress callback is told: the step, then frames done and their total (0: no count).
Progress = Callable[[str, int, int], None]


class ImageMaker(Protocol):
    """Renders pictures of a replay (PNG bytes)."""

    def screenshot(self, replay: Replay, t_ms: float, width: int) -> bytes: ...

    def timeline(self, replay: Replay, start_ms: float, end_ms: float, playhead_ms: float,
                 width: int) -> bytes: ...


@dataclass(frozen=True)
class ExportRequest:
    """What to export where. Times are epoch ms; a range bound left None is the replay's
    edge; `error_id` / `at_ms` choose the bug report's moment."""

    artifact: str
    output: str
    start_ms: float | None = None
    end_ms: float | None = None
    error_id: str | None = None
    at_ms: float | None = None
    redaction: Redaction = field(default_factory=Redaction)
    video: VideoSettings = field(default_factory=VideoSettings)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    size: int
    summary: str  # one line for the user
    timings: dict[str, float] = field(default_factory=dict)  # where the time went (s)


def check_range(replay: Replay, start_ms: float | None, end_ms: float | None
                ) -> tuple[float, float]:
    """The range to export; ExportError when it is empty or outside the replay."""
    start = replay.start_ms if start_ms is None else start_ms
    end = replay.end_ms if end_ms is None else end_ms
    span = f"{clock(0)}–{clock(replay.duration_ms)}"
    for name, t in (("start", start), ("end", end)):
        if t < replay.start_ms - EDGE_MS or t > replay.end_ms + EDGE_MS:
            raise ExportError(f"the range {name} {clock(t - replay.start_ms)} is outside the "
                              f"replay ({span})")
    if end < start or (end == start and replay.duration_ms > 0):
        raise ExportError(f"the range is empty: it ends ({clock(end - replay.start_ms)}) "
                          f"before it starts ({clock(start - replay.start_ms)})")
    return max(start, replay.start_ms), min(end, replay.end_ms)


def check_request(replay: Replay, request: ExportRequest) -> tuple[float, float]:
    """The range to export; ExportError for a request that cannot be done (checked before
    any work: an unknown artifact or error id, a range outside the replay, video settings out
    of range, a video container or encoder that is not there)."""
    if request.artifact not in ARTIFACTS:
        raise ExportError(f"unknown artifact {request.artifact!r}; one of {', '.join(ARTIFACTS)}")
    start, end = check_range(replay, request.start_ms, request.end_ms)
    if request.artifact == "report":
        try:
            report_moment(replay, request.error_id, request.at_ms)
        except ValueError as e:
            raise ExportError(str(e)) from None
    if request.artifact == "video":
        check_video(request.output, request.video)
    return start, end


def run_export(replay: Replay, request: ExportRequest, images: ImageMaker | None = None,
               progress: Progress | None = None, painter: FramePainter | None = None,
               cancelled: Callable[[], bool] | None = None) -> ExportResult:
    """Make the artifact and write it to `request.output` (atomically: on any failure no
    file is left). Raises ExportError for a request that cannot be done, ExportCancelled
    when `cancelled()` turns true."""
    report = progress or (lambda *_: None)
    stop = cancelled or (lambda: False)

    def say(step: str, done: int = 0, total: int = 0) -> None:
        if stop():
            raise ExportCancelled("the export was cancelled")
        report(step, done, total)

    start, end = check_request(replay, request)
    if request.artifact == "video":
        video = check_video(request.output, request.video)
        if painter is None:
            raise ExportError("the video needs the viewer's web view to paint its frames")
        with atomic_path(request.output) as temp:
            if request.redaction:
                say("redacting")
                replay = redact_replay(replay, request.redaction)
            say("painting and encoding the frames")
            summary, timings = write_video(
                replay, start, end, request.video, video, temp, painter,
                lambda done, total: say(f"frame {done} of {total}", done, total), stop)
        return ExportResult(Path(request.output), Path(request.output).stat().st_size,
                            summary, timings)
    note = request.redaction.describe()
    with atomic_output(request.output) as out:
        if request.redaction:
            say("redacting")
            replay = redact_replay(replay, request.redaction)
        say(f"writing the {request.artifact}")
        if request.artifact == "har":
            har = build_har(replay, -math.inf if request.start_ms is None else start,
                            math.inf if request.end_ms is None else end, note)
            data = orjson.dumps(har, option=orjson.OPT_INDENT_2)
            summary = f"HAR, {len(har['log']['entries'])} requests"
        elif request.artifact == "playwright":
            spec = build_spec(replay, start, end, note)
            data = spec.encode()
            summary = f"Playwright spec, {spec.count('await ')} actions"
        elif request.artifact == "replay":
            trimmed = trimmed_replay(replay, start, end, request.redaction.names, note)
            data = orjson.dumps(trimmed)
            summary = f"trimmed replay, {len(trimmed['events'])} events"
        else:
            moment = report_moment(replay, request.error_id, request.at_ms)  # the redacted one
            pictures = _report_images(replay, moment.t_ms, images, say)
            data = build_report(replay, moment, pictures, note).encode()
            summary = "bug report" + (f" on {moment.error.error_title}" if moment.error else "")
        say("writing the file")
        out.write(data)
    return ExportResult(Path(request.output), len(data), summary)


def _report_images(replay: Replay, t: float, images: ImageMaker | None,
                   say: Callable[[str], object]) -> ReportImages | None:
    if images is None:
        return None
    say("rendering the screenshots")
    before = max(replay.start_ms, t - BEFORE_MS)
    shots = (images.screenshot(replay, before, REPORT_WIDTH),
             images.screenshot(replay, t, REPORT_WIDTH))
    say("rendering the timeline")
    window = max(15_000.0, min(60_000.0, replay.duration_ms / 4))
    lo = max(replay.start_ms, t - window * 0.7)
    hi = min(replay.end_ms, lo + window)
    return ReportImages(shots[0], shots[1], images.timeline(replay, lo, hi, t, REPORT_WIDTH))

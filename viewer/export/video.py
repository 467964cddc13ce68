"""The video export: plan the frames, script them, have them painted, encode the pictures.

The painting is the caller's (a web view is Qt, above this package): a `FramePainter` takes
frame scripts in order and gives back their pictures in the same order. Scripts are sent a
few frames ahead, so the engine's work on the next frames and the encoding of the last one
overlap with the painting of the current one.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from viewer.export.output import ExportCancelled
from viewer.export.video_encode import Picture, VideoEncoder, choose_encoder
from viewer.export.video_plan import (
    FrameScript,
    FrameScripter,
    VideoSettings,
    replay_frames,
    video_size,
)
from viewer.model import Replay
from viewer.model.pointer import OverlayCall

#: Frame scripts sent to the painter before the first picture is waited for.
AHEAD = 3


class FramePainter(Protocol):
    """Paints frame scripts on one page of the video's size, pictures out in order."""

    def open(self, width: int, height: int, setup: Sequence[OverlayCall]) -> None: ...

    def submit(self, script: FrameScript) -> None: ...

    def take(self) -> Picture: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class VideoCheck:
    """A video request that can be made: its container and encoder."""

    container: str
    codec: str


def check_video(output: str, settings: VideoSettings) -> VideoCheck:
    """ExportError for settings out of range, an unknown container or a missing encoder."""
    settings.check()
    return VideoCheck(*choose_encoder(output))


def write_video(replay: Replay, start: float, end: float, settings: VideoSettings,
                check: VideoCheck, path: str, painter: FramePainter,
                progress: Callable[[int, int], None],
                cancelled: Callable[[], bool]) -> tuple[str, dict[str, float]]:
    """Paint and encode the range's frames into `path`; returns a one-line summary and where
    the worker's time went (s): `engine` (scripting the frames), `paint` (waiting for
    pictures: painting not overlapped by the rest), `encode`."""
    clock = time.perf_counter
    times = {"engine": 0.0, "paint": 0.0, "encode": 0.0}
    frames = replay_frames(replay, start, end, settings)
    scripter = FrameScripter(replay, settings)
    width, height = video_size(scripter.viewport(frames[0].t, frames[-1].t),
                               settings.width)
    total = len(frames)
    progress(0, total)
    try:
        painter.open(width, height, scripter.setup_calls())
        encoder = VideoEncoder(path, check.container, check.codec, width, height, settings.fps)
        try:
            sent: deque[FrameScript] = deque()
            scripts = scripter.scripts(frames)
            for done in range(total):
                while len(sent) < AHEAD and len(sent) + done < total:
                    if cancelled():
                        raise ExportCancelled("the export was cancelled")
                    t0 = clock()
                    script = next(scripts)
                    times["engine"] += clock() - t0
                    painter.submit(script)
                    sent.append(script)
                t0 = clock()
                picture = painter.take()
                t1 = clock()
                encoder.add(picture)
                times["paint"] += t1 - t0
                times["encode"] += clock() - t1
                sent.popleft()
                progress(done + 1, total)
            t0 = clock()
            encoder.close()
            times["encode"] += clock() - t0
        except BaseException:
            encoder.abort()
            raise
    finally:
        painter.close()
    cuts = sum(1 for i, f in enumerate(frames) if f.skipped_ms and
               (i == 0 or frames[i - 1].skipped_ms != f.skipped_ms))
    seconds = total / settings.fps
    return (f"{check.codec} video, {width}×{height}, {total} frames, {seconds:.1f} s"
            + (f", {cuts} inactive stretch{'es' if cuts > 1 else ''} cut" if cuts else ""),
            times)

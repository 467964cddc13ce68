"""Video export benchmark: frames per second and multiple of real time, and where the time goes.

usage: python bench/video.py [--width 1280] [--fps 10] [--runs N] [--verify] [--webm]
                             [RECORDING FROM TO ...]

Each case is a range of a recording (default: the first minute of `sentry/checkout` and minute
1–2 of `sentry/long`) exported to MP4 (`--webm`: VP9 WebM) through the same code as
`replay-viewer export --video` (`run_blocking`: the export in a worker thread, the frames
painted on the GUI thread). Prints the wall time, frames/s, the multiple of real time (video
seconds per wall second), the worker's time split in the last run (engine: scripting frames;
paint: waiting for pictures, i.e. painting not overlapped by the engine and the encoder;
encode), how many grabs were repeated while the frame stamp was not there yet, the cost of one
grab alone, and the load average. `--verify` also grabs every frame again six animation frames
later and counts the frames where that grab differs (the check that the paint wait is long
enough; slower).
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if hasattr(os, "geteuid") and os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

from viewer.export.job import ExportRequest  # noqa: E402
from viewer.export.video_plan import VideoSettings  # noqa: E402
from viewer.model import load_replay  # noqa: E402
from viewer.model.timeparse import parse_time  # noqa: E402

CASES = [(str(ROOT / "sample_replays" / "checkout"), "0s", "60s"),
         (str(ROOT / "tests" / "data" / "corpus" / "sentry" / "long"), "60s", "120s")]


def grab_ms(width: int, height: int, count: int = 100) -> float:
    """Milliseconds per grab of a settled replay view of this size."""
    from viewer.render.headless import wait_ready
    from viewer.ui.video_painter import VideoPainter

    painter = VideoPainter(width, height, [])
    try:
        wait_ready(painter.view)
        start = time.perf_counter()
        for _ in range(count):
            painter.view.grab().toImage()
        return (time.perf_counter() - start) * 1000 / count
    finally:
        painter.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", help="RECORDING FROM TO, repeated")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--fps", type=int, default=10)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--verify", action="store_true")
    parser.add_argument("--webm", action="store_true", help="VP9 WebM instead of H.264 MP4")
    args = parser.parse_args()
    cases = ([tuple(args.cases[i:i + 3]) for i in range(0, len(args.cases), 3)]
             if args.cases else CASES)

    logging.basicConfig(level=logging.INFO if args.verify else logging.WARNING,
                        format="  %(name)s: %(message)s")
    from viewer.ui import video_painter
    from viewer.ui.app import application
    from viewer.ui.export_runner import run_blocking

    application(headless=True)
    video_painter.VideoPainter.verify = args.verify
    print(f"load average {os.getloadavg()[0]:.1f}; {args.width} px, {args.fps} fps, "
          f"{'WebM' if args.webm else 'MP4'}")
    for recording, start_text, end_text in cases:
        replay = load_replay([recording])
        start = parse_time(start_text, replay.start_ms)
        end = parse_time(end_text, replay.start_ms)
        walls = []
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as tmp:
                out = str(Path(tmp) / ("clip.webm" if args.webm else "clip.mp4"))
                request = ExportRequest("video", out, start, end,
                                        video=VideoSettings(args.fps, args.width))
                began = time.perf_counter()
                result = run_blocking(replay, request, lambda *_: None)
                wall = time.perf_counter() - began
                walls.append(wall)
        frames = int(result.summary.split(" frames")[0].rsplit(" ", 1)[1])
        size = result.summary.split(", ")[1]
        wall = statistics.median(walls)
        video_s = frames / args.fps
        t = result.timings
        print(f"{Path(recording).name} {start_text}–{end_text}: {frames} frames {size}, "
              f"{wall:.1f} s wall (median of {len(walls)}), {frames / wall:.1f} frames/s, "
              f"{video_s / wall:.2f}× real time; worker: engine {t['engine']:.1f} s, "
              f"waiting for paint {t['paint']:.1f} s, encode {t['encode']:.1f} s; "
              f"{result.size / 1e6:.1f} MB")
        if args.verify:
            late = video_painter.VideoPainter.unsettled_total
            video_painter.VideoPainter.unsettled_total = 0
            print(f"  verify: {late} of {frames * len(walls)} first grabs were not the settled "
                  "picture")
        print(f"  grabs repeated while the frame stamp was not there yet: "
              f"{video_painter.VideoPainter.regrabs_total}")
        video_painter.VideoPainter.regrabs_total = 0
        w, h = (int(x) for x in size.split("×"))
        print(f"  one grab alone: {grab_ms(w, h):.2f} ms; load average "
              f"{os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

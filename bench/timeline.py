"""Timeline paint benchmark: median and worst paint time, zoomed out and in, on the long recording.

usage: python bench/timeline.py [RECORDING] [--paints N] [--width PX]

Renders the TimelineWidget offscreen into a QImage (`QWidget.render`) N times per case and
prints the median and worst time of one paint. Two kinds of paint per zoom:
- "view change": the static layer is rebuilt (what every zoom/pan step costs);
- "playhead move": the cached layer is reused, only the overlay is drawn (playback, scrubbing).
Wall-clock time and this thread's CPU time are both printed: on a shared, loaded machine the
wall-clock worst cases are the scheduler's, the CPU time is the paint's own cost.
Target: under 8 ms per paint.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from viewer.model import load_replay  # noqa: E402
from viewer.timeline.widget import TimelineWidget  # noqa: E402

DEFAULT = ROOT / "tests" / "data" / "corpus" / "sentry" / "long"


def time_paints(widget: TimelineWidget, image: QImage, paints: int, rebuild: bool,
                playhead_step: float) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU (this thread) ms of each paint."""
    wall, cpu = [], []
    t = widget.scale.view_start
    for _ in range(paints):
        if rebuild:
            widget.invalidate_cache()
        t = t + playhead_step
        widget.set_playhead(min(t, widget.scale.view_end))
        start, start_cpu = time.perf_counter(), time.thread_time()
        widget.render(image)
        wall.append((time.perf_counter() - start) * 1000.0)
        cpu.append((time.thread_time() - start_cpu) * 1000.0)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("recording", nargs="?", default=str(DEFAULT))
    parser.add_argument("--paints", type=int, default=60)
    parser.add_argument("--width", type=int, default=1600)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    replay = load_replay([args.recording])
    widget = TimelineWidget(replay)
    widget.resize(args.width, widget.height())
    image = QImage(widget.size(), QImage.Format.Format_ARGB32_Premultiplied)
    mid = (replay.start_ms + replay.end_ms) / 2
    print(f"{Path(args.recording).name}: {replay.duration_ms / 1000:.0f} s, "
          f"{len(replay.frames)} frames, {len(replay.traces)} spans; "
          f"widget {widget.width()}×{widget.height()} px, {args.paints} paints per case")
    cases = [("zoomed out (whole replay)", None), ("zoomed in (10 s)", 10_000.0)]
    for name, span in cases:
        if span is None:
            widget.fit()
        else:
            widget.set_view(mid - span / 2, mid + span / 2)
        time_paints(widget, image, 3, True, 0.0)  # warm up
        for kind, rebuild in (("view change", True), ("playhead move", False)):
            step = widget.scale.span / (args.paints * 2)
            wall, cpu = time_paints(widget, image, args.paints, rebuild, step)
            print(f"  {name:26} {kind:14} wall median {statistics.median(wall):6.2f} ms  "
                  f"worst {max(wall):6.2f} ms | CPU median {statistics.median(cpu):6.2f} ms  "
                  f"worst {max(cpu):6.2f} ms")
    del widget
    del app


if __name__ == "__main__":
    main()

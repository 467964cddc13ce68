"""Visual benchmark: `snapshot` time per reference moment and the share of pixels that differ
from rrweb's own Replayer (tests/data/visual, compared as its README says).

usage: python bench/visual.py [--only SUBSTRING] [--no-cli] [--markdown]

For every moment of tests/data/visual/index.json: `render` is `snapshot_view` in this process
(recording already loaded: a fresh web view, the seek, the paint, the grab); `cli` is the whole
`replay-viewer snapshot FILE --at T --width W -o x.png` command in a child process (Python and Qt
start, loading, rendering, writing the PNG). `differ` is the share of the 320 × 200 comparison
grid whose pixels differ (a moment looks the same under 2 %). Runs offscreen.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# as `snapshot` does for replays with WebGL canvases (and the tests, for all): software WebGL
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--ignore-gpu-blocklist --log-level=3")


def cli_seconds(source: Path, t: float, width: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "viewer", "snapshot", str(source), "--at",
                        repr(t), "--width", str(width), "-o", str(Path(tmp) / "x.png")],
                       check=True, capture_output=True, cwd=ROOT)
        return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="only entries whose name contains this")
    parser.add_argument("--no-cli", action="store_true", help="skip the child-process timing")
    args = parser.parse_args()

    from viewer.ui.app import application

    application(headless=True)
    from PySide6.QtGui import QImage

    from tests.visual.references import moments, our_picture, replay_of

    def has_canvas(source: Path) -> bool:
        """Does the recording draw on a canvas (canvas mutations or a canvas snapshot image)?"""
        for event in replay_of(source).events:
            data = event.get("data")
            if not isinstance(data, dict):
                continue
            if event.get("type") == 3 and data.get("source") == 9:
                return True
            if (event.get("type") == 2 or data.get("source") == 0) and b"rr_dataURL" in \
                    orjson.dumps(data):
                return True
        return False
    from viewer.render.picture_compare import SAME_BELOW, differing_share

    load = os.getloadavg()[0]
    print(f"load average at start: {load:.2f}")
    print("| moment | canvas | render | cli | differ |")
    print("| --- | --- | ---: | ---: | ---: |")
    renders, clis, same, total = [], [], 0, 0
    for m in moments():
        if args.only not in m.name:
            continue
        replay_of(m.source)  # loading is not part of the render time
        started = time.perf_counter()
        ours = our_picture(m)
        render = time.perf_counter() - started
        share = differing_share(ours, QImage(str(m.picture)))
        cli = None if args.no_cli else cli_seconds(m.source, m.t, m.width)
        renders.append(render)
        if cli is not None:
            clis.append(cli)
        total += 1
        same += share < SAME_BELOW
        cli_text = "–" if cli is None else f"{cli:.2f} s"
        print(f"| {m.id} | {'yes' if has_canvas(m.source) else ''} | {render:.2f} s | "
              f"{cli_text} | {share:.2%} |", flush=True)
    if renders:
        print(f"\nrender median {statistics.median(renders):.2f} s, worst {max(renders):.2f} s")
    if clis:
        print(f"cli median {statistics.median(clis):.2f} s, worst {max(clis):.2f} s")
    print(f"{same}/{total} moments look the same (under {SAME_BELOW:.0%})")
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

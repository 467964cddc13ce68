"""Export benchmark: the time to write each artifact of a recording (default `sentry/long`).

usage: python bench/export.py [RECORDING] [--runs N]

Each artifact is exported through the same code as `replay-viewer export` (`run_export`),
whole replay, without and with `--redact all`; the bug report renders its three pictures
offscreen with the viewer's web view. Prints the median and worst of N runs per case, the
output size, and the load average, so runs on a shared machine can be compared.
"""

from __future__ import annotations

import argparse
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

from viewer.export.job import ARTIFACTS, ExportRequest, run_export  # noqa: E402
from viewer.export.redact import Redaction  # noqa: E402
from viewer.model import load_replay  # noqa: E402

DEFAULT = ROOT / "tests" / "data" / "corpus" / "sentry" / "long"
SUFFIX = {"report": ".html", "har": ".har", "playwright": ".spec.ts", "replay": ".json"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("recording", nargs="?", default=str(DEFAULT))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from viewer.ui.app import application
    from viewer.ui.export_images import QtImages

    application(headless=True)
    start = time.perf_counter()
    replay = load_replay([args.recording])
    load_ms = (time.perf_counter() - start) * 1000
    print(f"recording {args.recording}: {len(replay.events)} events, "
          f"{replay.duration_ms / 1000:.0f} s, loaded in {load_ms:.0f} ms; "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"{'artifact':<12}{'redact':<8}{'median ms':>11}{'worst ms':>10}{'size':>12}")
    with tempfile.TemporaryDirectory() as folder:
        for artifact in ARTIFACTS:
            for redact in ("", "all"):
                times = []
                size = 0
                for run in range(args.runs):
                    out = Path(folder) / f"{artifact}-{redact}-{run}{SUFFIX[artifact]}"
                    request = ExportRequest(artifact, str(out),
                                            redaction=Redaction.parse(redact))
                    t0 = time.perf_counter()
                    result = run_export(replay, request, QtImages())
                    times.append((time.perf_counter() - t0) * 1000)
                    size = result.size
                print(f"{artifact:<12}{redact or '-':<8}{statistics.median(times):>11.0f}"
                      f"{max(times):>10.0f}{size:>12,}")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

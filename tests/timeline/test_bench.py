"""bench/timeline.py still runs (a couple of paints per case on the tiny recording)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import sentry_recording

ROOT = Path(__file__).resolve().parents[2]


def test_the_timeline_bench_runs() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "timeline.py"), str(sentry_recording("tiny")),
         "--paints", "2", "--width", "600"],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("CPU median") == 4

"""bench/inspection.py still runs (a few lookups, diffs and panel updates on the sample)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import sentry_recording

ROOT = Path(__file__).resolve().parents[2]


def test_the_inspection_bench_runs() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "inspection.py"), str(sentry_recording("checkout")),
         "--lookups", "5", "--pairs", "3", "--seeks", "3", "--page-nodes", "100"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    for figure in ("history lookup", "diff of two random moments (CPU)",
                   "update after a seek (CPU)"):
        assert figure + ": median" in proc.stdout, proc.stdout
    assert proc.stdout.count("update after a seek (CPU)") == 2

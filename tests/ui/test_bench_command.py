"""`replay-viewer bench --json`: the figures anyone can measure on their own recording."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import sentry_recording


def test_bench_prints_the_documented_figures() -> None:
    proc = subprocess.run([sys.executable, "-m", "viewer", "bench",
                           str(sentry_recording("tiny")), "--seeks", "4", "--runs", "1",
                           "--json"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert {"first_frame_ms", "index_ready_ms", "visible_seek_ms", "engine_seek_ms", "events",
            "dom_nodes_max"} <= result.keys()
    assert 0 < result["first_frame_ms"] < 120_000
    assert len(result["visible_seek_ms"]) == len(result["engine_seek_ms"]) == 4
    # a visible seek includes its engine part, then the page's paint
    assert all(v >= e > 0 for v, e in zip(result["visible_seek_ms"], result["engine_seek_ms"],
                                          strict=True))
    assert result["events"] == 34 and result["dom_nodes_max"] > 50
    assert result["index_ready_ms"] > 0 and result["ui_lag_ms_p95"] >= 0


def test_bench_refuses_bad_counts() -> None:
    proc = subprocess.run([sys.executable, "-m", "viewer", "bench",
                           str(sentry_recording("tiny")), "--seeks", "-1"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1

"""`replay-viewer bench`: how fast this viewer opens and seeks in a recording, measured headless.

- first frame: a child process runs `replay-viewer open FILE… --exit-after-first-frame` and is
  timed from just before it is spawned until its window has painted the first snapshot;
- index ready: in this process, from opening the window until the seek index is ready (built
  afresh: the cache is not used, so the number says what a first open costs; `index_helper`: a
  helper process built its later part, see `index_worker`), and the event-loop
  lag from the first frame until then (a 5 ms timer's late firings: what the user would feel
  using the window while the index builds);
- seeks: N random moments (seeded); each is timed from `Player.seek()` until the page reports
  the next animation frame after applying the ops (visible), and until `seek()` returned (the
  engine and the ops in Python, as `engine_seek_ms`).
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QTimer

from viewer.model import Replay
from viewer.render.headless import wait, wait_painted, wait_ready
from viewer.ui.main_window import MainWindow

FIRST_FRAME_TOKEN = "replay-viewer:first-frame "
LAG_TICK_MS = 5


def report_first_frame(window: MainWindow) -> None:
    """For `open --exit-after-first-frame`: once the first frame is painted, print the moment
    and quit (what `bench` times in a child process)."""
    assert window.view is not None
    view = window.view

    def done() -> None:
        wait_painted(view, frames=1)
        sys.stderr.write(f"{FIRST_FRAME_TOKEN}{time.time():.6f}\n")
        sys.stderr.flush()
        window.close()

    QTimer.singleShot(0, done)


def first_frame_ms(files: Sequence[str], runs: int) -> list[float]:
    """Process start → first frame painted, `runs` times (each a fresh process)."""
    out = []
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    for _ in range(runs):
        started = time.time()
        proc = subprocess.run([sys.executable, "-m", "viewer", "open", *files,
                               "--exit-after-first-frame"], env=env, capture_output=True,
                              text=True, timeout=300)
        line = next((ln for ln in proc.stderr.splitlines() if ln.startswith(FIRST_FRAME_TOKEN)),
                    None)
        if proc.returncode != 0 or line is None:
            raise RuntimeError(f"the viewer did not show a first frame: {proc.stderr[-500:]}")
        out.append((float(line[len(FIRST_FRAME_TOKEN):]) - started) * 1000.0)
    return out


def run_bench(replay: Replay, files: Sequence[str], seeks: int, seed: int,
              runs: int) -> dict[str, Any]:
    """Every figure of `bench --json` (see the module docstring)."""
    first = first_frame_ms(files, runs) if runs else []
    opened = time.perf_counter()
    window = MainWindow(replay, files, use_index_cache=False)
    lags: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        lags.append(max(0.0, (now - last[0]) * 1000.0 - LAG_TICK_MS))
        last[0] = now

    timer = QTimer()
    timer.setInterval(LAG_TICK_MS)
    timer.timeout.connect(tick)
    try:
        window.show()
        assert window.view is not None and window.player is not None
        view, player = window.view, window.player
        wait_ready(view)
        wait_painted(view, frames=1)
        last[0] = time.perf_counter()
        timer.start()  # the window is up: from here on the user could be using it

        def index_ready(done: Callable[..., None]) -> None:
            player.index_ready.connect(lambda: done(True))

        if player.cursor.index is None:
            wait(index_ready, "the seek index")
        index_ms = (time.perf_counter() - opened) * 1000.0
        timer.stop()
        rng = random.Random(seed)
        visible, engine = [], []
        for _ in range(seeks):
            t = rng.uniform(replay.start_ms, replay.end_ms)
            started = time.perf_counter()
            player.seek(t)
            engine.append((time.perf_counter() - started) * 1000.0)
            wait_painted(view, frames=1)
            visible.append((time.perf_counter() - started) * 1000.0)
        index = player.cursor.index
        builder = player.builder
        return {
            "first_frame_ms": statistics.median(first) if first else None,
            "first_frame_runs_ms": first,
            "index_ready_ms": index_ms,
            "visible_seek_ms": visible,
            "engine_seek_ms": engine,
            "events": len(replay.events),
            "dom_nodes_max": index.max_nodes if index is not None else None,
            "keyframes": len(index.keyframes) if index is not None else None,
            "index_mb": index.nbytes / 1e6 if index is not None else None,
            "index_helper": bool(builder is not None and builder.helped),
            "ui_lag_ms_p95": _percentile(lags, 95),
            "ui_lag_ms_max": max(lags, default=0.0),
            "seed": seed,
        }
    finally:
        timer.stop()
        window.close()


def _percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def render_text(result: dict[str, Any]) -> str:
    """The human-readable report."""
    def stats(values: list[float]) -> str:
        if not values:
            return "-"
        return f"median {statistics.median(values):.0f} ms, worst {max(values):.0f} ms"

    ff = result["first_frame_ms"]
    helper = ", later part by a helper process" if result.get("index_helper") else ""
    return "\n".join([
        f"events          {result['events']} (largest DOM: {result['dom_nodes_max']} nodes)",
        f"first frame     {ff:.0f} ms" if ff is not None else "first frame     not measured",
        f"index ready     {result['index_ready_ms']:.0f} ms ({result['keyframes']} keyframes, "
        f"{result['index_mb']:.1f} MB{helper}); "
        f"UI lag meanwhile p95 {result['ui_lag_ms_p95']:.1f} ms, "
        f"max {result['ui_lag_ms_max']:.0f} ms",
        f"visible seek    {stats(result['visible_seek_ms'])} "
        f"({len(result['visible_seek_ms'])} random moments, seed {result['seed']})",
        f"engine seek     {stats(result['engine_seek_ms'])}",
    ])

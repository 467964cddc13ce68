"""Render benchmark: process start → first frame on screen, and seek → visible in the web view.

usage: python bench/render.py [RECORDING] [--seeks N] [--runs N] [--node-by-node]

First frame: a child process is timed from just before it is spawned until the main window has
shown the first full snapshot and the page has gone through an animation frame (what
`replay-viewer FILE` does, then exit). Seeks: in one window, N random moments; each is timed
from `Player.seek()` until the page reports the next animation frame after applying the ops
(that frame's callbacks run before it is styled, laid out and drawn), and, as "painted", until
the animation frame after that one (the first frame has then been drawn).
`--node-by-node` makes the page build rebuilt documents node by node (the reference builder)
instead of from markup, for before/after comparisons. Runs offscreen (QT_QPA_PLATFORM=offscreen).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT = ROOT / "tests" / "data" / "corpus" / "sentry" / "long"


def first_frame_child(path: str, markup: bool) -> None:
    """Runs in the child: open the window like `replay-viewer FILE`, print when painted."""
    from viewer.ui.app import application

    application(headless=True)
    from viewer.model import load_replay
    from viewer.render.headless import wait_painted, wait_ready
    from viewer.render.view import ReplayView
    from viewer.ui.main_window import MainWindow

    ReplayView.markup = markup
    replay = load_replay([path])
    window = MainWindow(replay, [path])
    assert window.view is not None
    window.show()
    wait_ready(window.view)
    view = window.view

    wait_painted(view, frames=1)
    print(f"PAINTED {time.time():.6f}", flush=True)
    window.close()


def first_frame(path: Path, runs: int, markup: bool) -> list[float]:
    times = []
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    extra = [] if markup else ["--node-by-node"]
    for _ in range(runs):
        started = time.time()
        out = subprocess.run([sys.executable, __file__, "--child", str(path), *extra], env=env,
                             capture_output=True, text=True, check=True).stdout
        painted = float(next(line for line in out.splitlines()
                             if line.startswith("PAINTED")).split()[1])
        times.append(painted - started)
    return times


def seeks(path: Path, count: int, seed: int, markup: bool) -> tuple[list[float], list[float]]:
    from viewer.ui.app import application

    application(headless=True)
    from viewer.model import load_replay
    from viewer.render.headless import wait, wait_ready
    from viewer.ui.main_window import MainWindow

    replay = load_replay([str(path)])
    from viewer.render.view import ReplayView

    ReplayView.markup = markup
    window = MainWindow(replay, [str(path)])
    assert window.view is not None and window.player is not None
    window.show()
    view, player = window.view, window.player
    wait_ready(view)
    built = time.perf_counter()
    if player.cursor.index is None:
        wait(lambda done: player.index_ready.connect(lambda: done(True)), "seek index")
    print(f"seek index    ready {time.perf_counter() - built:.2f} s after the window opened "
          "(built in a background thread; seeks replay from the last full snapshot until then)")
    rng = random.Random(seed)
    visible: list[float] = []
    painted: list[float] = []  # until the frame after: the first frame has been drawn
    engine_only: list[float] = []
    kinds: list[str] = []
    apply_ops = view.apply_ops

    def spy(ops):  # type: ignore[no-untyped-def]
        kinds.append("rebuild" if ops and ops[0].get("op") == "reset" else "patch")
        apply_ops(ops)

    view.apply_ops = spy  # type: ignore[method-assign]
    for _ in range(count):
        t = rng.uniform(replay.start_ms, replay.end_ms)
        started = time.perf_counter()
        player.seek(t)
        applied = time.perf_counter()

        marks: dict[str, float] = {}

        def start(done, marks=marks):  # type: ignore[no-untyped-def]
            first, second = view.when_painted(frames=1), view.when_painted(frames=2)

            def got(tok: int) -> None:
                if tok == first:
                    marks["frame"] = time.perf_counter()
                elif tok == second:
                    done(tok)

            view.player_page.painted.connect(got)

        wait(start, "seek")
        visible.append(marks["frame"] - started)
        painted.append(time.perf_counter() - started)
        engine_only.append(applied - started)
    window.close()
    by_kind: dict[str, list[float]] = {}
    for kind, v in zip(kinds, visible, strict=False):
        by_kind.setdefault(kind, []).append(v)
    for kind, values in sorted(by_kind.items()):
        print(f"  {kind:<8} {len(values)} seeks: {ms(values)}")
    print(f"painted       {ms(painted)} (until the frame after the next one: the first drawn)")
    return visible, engine_only


def ms(values: list[float]) -> str:
    return (f"median {statistics.median(values) * 1000:.0f} ms, "
            f"worst {max(values) * 1000:.0f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("recording", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--seeks", type=int, default=50)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--node-by-node", action="store_true",
                    help="build rebuilt documents node by node (the reference builder)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        first_frame_child(a.child, not a.node_by_node)
        return
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    print(f"recording     {a.recording} "
          f"({'node by node' if a.node_by_node else 'markup'}; load average "
          f"{os.getloadavg()[0]:.1f})")
    if a.runs:
        ff = first_frame(a.recording, a.runs, not a.node_by_node)
        print(f"first frame   {ms(ff)} over {a.runs} runs (process start → painted; target < 2 s)")
    visible, engine_only = seeks(a.recording, a.seeks, a.seed, not a.node_by_node)
    print(f"visible seek  {ms(visible)} over {a.seeks} random moments (target median < 50 ms)")
    print(f"  of which engine + op building in Python: {ms(engine_only)}")


if __name__ == "__main__":
    main()

"""Inspector benchmark in the main window: the Elements tab following the player on a large page.

usage: python bench/inspector_window.py [RECORDING_FOLDER] [--seeks 50] [--steps 100] [--seed 7]

Opens the main window offscreen (1440 × 960) on a recording (default: sentry/long, whose
stress page holds 3 100–3 300 nodes), waits for the seek index, shows the Elements tab with the
page's deepest node selected (its ancestors open), then, in one run:
- seeks: N random moments of the stress page through `Player.go_to_position` (what a history
  row, a diff entry or a change key does); timed: the inspector's update inside the move
  (ids changed, `show_state`, the tree's synchronous repaint) and the whole move (cursor seek,
  ops sent to the page, the inspector) — target for the update ≤ 10 ms median;
- steps: M single-event steps forward on that page (`Player.step`), the same update timed, and
  the flash bookkeeping (`move_changes`) done for each step;
- the same seeks again with the elements among the first 200 nodes opened too.
Wall-clock and this thread's CPU times are printed, with the load average.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="replay-viewer-bench-")  # no user cache
if hasattr(os, "geteuid") and os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

DEFAULT = ROOT / "tests" / "data" / "corpus" / "sentry" / "long"
STRESS_NODES = 3000


def line(name: str, xs: list[float]) -> None:
    print(f"{name}: median {statistics.median(xs):.2f} ms, worst {max(xs):.2f} ms "
          f"({len(xs)} runs)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("recording", nargs="?", default=str(DEFAULT))
    ap.add_argument("--seeks", type=int, default=50)
    ap.add_argument("--steps", type=int, default=100)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rnd = random.Random(a.seed)

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from viewer.render.scheme import register_scheme

    register_scheme()
    app = QApplication.instance() or QApplication([])
    from viewer.model import load_replay
    from viewer.render.engine.nodes import iter_subtree
    from viewer.render.headless import wait_ready
    from viewer.ui.main_window import MainWindow

    files = sorted(str(p) for p in Path(a.recording).glob("*")) or [a.recording]
    replay = load_replay(files)
    scratch = tempfile.mkdtemp(prefix="replay-viewer-bench-settings-")
    settings = QSettings(str(Path(scratch) / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(replay, files, settings=settings)
    window.resize(1440, 960)
    window.show()
    assert window.view is not None and window.player is not None
    wait_ready(window.view)
    player = window.player
    while player.cursor.index is None:
        app.processEvents()
        time.sleep(0.01)
    seek = player.cursor.index
    inspector = window.inspector
    assert inspector is not None
    panel = inspector.elements
    window.tabs.setCurrentWidget(panel)
    app.processEvents()
    print(f"load average: {os.getloadavg()[0]:.2f}")
    print(f"recording: {a.recording} ({player.cursor.total} rrweb events)")

    stress: list[int] = []
    for _ in range(600):
        position = rnd.randrange(player.cursor.total + 1)
        doc = seek.engine_at_position(position).document
        if doc is not None and len(iter_subtree(doc)) >= STRESS_NODES:
            stress.append(position)
        if len(stress) > a.seeks:
            break
    if not stress:
        print(f"no page of {STRESS_NODES} nodes in this recording")
        return

    updates: list[tuple[float, float]] = []
    original = inspector.refresh

    def timed(changed: Any = None) -> None:
        start, start_cpu = time.perf_counter(), time.thread_time()
        original(changed)
        panel.tree.viewport().repaint()
        updates.append(((time.perf_counter() - start) * 1000,
                        (time.thread_time() - start_cpu) * 1000))

    inspector.refresh = timed  # type: ignore[method-assign]
    player.go_to_position(stress[0])
    nodes = iter_subtree(player.cursor.engine.document)  # type: ignore[arg-type]
    deep = max((n for n in nodes if n.id > 0), key=_depth)
    panel.select_node(deep.id)
    app.processEvents()
    run_seeks(app, player, panel, stress, updates, "path to the deepest node open")
    run_steps(app, player, stress[0], a.steps, updates)
    for node in nodes[:200]:
        if node.kind == 2 and node.children:
            index = panel.model.index_of_id(node.id)
            if index.isValid():
                panel.tree.setExpanded(index, True)
    app.processEvents()
    run_seeks(app, player, panel, stress, updates, "and 200 more nodes open")
    window.close()


def run_seeks(app: Any, player: Any, panel: Any, stress: list[int],
              updates: list[tuple[float, float]], case: str) -> None:
    print(f"seeks on the stress page, {case} ({len(panel._expanded_ids)} expanded):")
    updates.clear()
    moves = []
    for position in stress[1:]:
        start = time.perf_counter()
        player.go_to_position(position)
        moves.append((time.perf_counter() - start) * 1000)
        app.processEvents()
    line("  Elements update (wall)", [u[0] for u in updates])
    line("  Elements update (CPU)", [u[1] for u in updates])
    line("  whole move: seek + ops + update (wall)", moves)


def run_steps(app: Any, player: Any, position: int, steps: int,
              updates: list[tuple[float, float]]) -> None:
    from viewer.render.engine.inspection.step_changes import move_changes

    player.go_to_position(position)
    app.processEvents()
    updates.clear()
    flashes = []
    timeline = player.cursor.timeline
    for _ in range(steps):
        before = player.cursor.position
        player.step(1)
        start = time.perf_counter()
        move_changes(timeline.events, before, player.cursor.position, player.cursor.engine.mirror)
        flashes.append((time.perf_counter() - start) * 1000)
        app.processEvents()
    print(f"steps forward from event {position}:")
    line("  Elements update (wall)", [u[0] for u in updates])
    line("  Elements update (CPU)", [u[1] for u in updates])
    line("  flash bookkeeping per step (move_changes)", flashes)


def _depth(node: Any) -> int:
    depth = 0
    cur = getattr(node, "parent", None)
    while cur is not None:
        depth += 1
        cur = cur.parent
    return depth


if __name__ == "__main__":
    main()

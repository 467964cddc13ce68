"""Inspection benchmark: node history index and lookups, moment diffs, Elements panel updates.

(Not `bench/inspect.py`: run as a script, a file of that name would shadow the standard
library's `inspect` for every benchmark in this folder.)

usage: python bench/inspection.py [RECORDING_FOLDER] [--lookups 200] [--pairs 50] [--seeks 50]
       [--seed 7]

On one recording (default: sentry/long, 36 470 events), in one run:
- history index: build time (one forward play), then `history(id)` for random node ids
  (median / worst) — target ≤ 50 ms;
- diff of two random moments (two seeks with the seek index + the diff by id; the index is
  built first, not timed) — target ≤ 100 ms;
- Elements panel update after a seek on the 3 300-node stress page: the panel shows a state
  with some rows expanded and one selected, then moves to random moments of the same page;
  timed: `show_state(engine, changed ids)` + the tree's synchronous repaint (the engine seek
  is not) — target ≤ 10 ms median.
Wall-clock times and this thread's CPU time (the panel) are printed.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from viewer.model import load_replay  # noqa: E402
from viewer.render.engine import SeekIndex, Timeline  # noqa: E402
from viewer.render.engine.inspection import HistoryIndex, ids_named_between  # noqa: E402
from viewer.render.engine.inspection.moment_diff import diff_positions  # noqa: E402
from viewer.render.engine.inspection.pages import PageBreaks  # noqa: E402

DEFAULT = ROOT / "tests" / "data" / "corpus" / "sentry" / "long"
#: A page this large is "the stress page" for the panel figures.
STRESS_NODES = 3000


def line(name: str, xs: list[float]) -> None:
    print(f"{name}: median {statistics.median(xs):.2f} ms, worst {max(xs):.2f} ms "
          f"({len(xs)} runs)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("recording", nargs="?", default=str(DEFAULT))
    ap.add_argument("--lookups", type=int, default=200)
    ap.add_argument("--pairs", type=int, default=50)
    ap.add_argument("--seeks", type=int, default=50)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--page-nodes", type=int, default=STRESS_NODES,
                    help="a page at least this large is timed for the panel")
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    print(f"load average: {os.getloadavg()[0]:.2f}")

    files = sorted(str(p) for p in Path(a.recording).glob("*")) or [a.recording]
    replay = load_replay(files)
    timeline = Timeline(replay.events, replay.recorder)
    print(f"recording: {a.recording} ({len(timeline)} rrweb events)")

    start = time.perf_counter()
    history = HistoryIndex(timeline).build()
    print(f"history index: built in {(time.perf_counter() - start) * 1000:.0f} ms")
    ids = history.node_ids()
    lookups = []
    for node_id in rnd.sample(ids, min(a.lookups, len(ids))):
        start = time.perf_counter()
        history.history(node_id, via=True)
        lookups.append((time.perf_counter() - start) * 1000)
    line("history lookup", lookups)

    start = time.perf_counter()
    seek = SeekIndex(timeline)
    print(f"seek index (needed by the diff and the panel): built in "
          f"{time.perf_counter() - start:.1f} s")
    breaks = PageBreaks(seek)
    for snapshot in timeline.snapshots:
        breaks.is_new_page(snapshot)  # decided once per replay, like the index
    diffs, diffs_cpu, sizes = [], [], []
    for _ in range(a.pairs):
        pa, pb = rnd.randrange(len(timeline) + 1), rnd.randrange(len(timeline) + 1)
        start, start_cpu = time.perf_counter(), time.thread_time()
        result = diff_positions(seek, pa, pb, breaks)
        diffs.append((time.perf_counter() - start) * 1000)
        diffs_cpu.append((time.thread_time() - start_cpu) * 1000)
        sizes.append(len(result["changes"]))
    line("diff of two random moments (wall)", diffs)
    line("diff of two random moments (CPU)", diffs_cpu)
    print(f"  changes per diff: median {statistics.median(sizes):.0f}, most {max(sizes)}")
    bench_panel(seek, rnd, a.seeks, a.page_nodes)


def bench_panel(seek: SeekIndex, rnd: random.Random, seeks: int, page_nodes: int) -> None:
    from PySide6.QtWidgets import QApplication

    from viewer.render.engine.nodes import iter_subtree

    app = QApplication.instance() or QApplication([])
    timeline = seek.timeline
    # positions on the stress page: sample, keep those whose document is that large
    stress: list[int] = []
    for _ in range(400):
        position = rnd.randrange(len(timeline) + 1)
        doc = seek.engine_at_position(position).document
        if doc is not None and len(iter_subtree(doc)) >= page_nodes:
            stress.append(position)
        if len(stress) > seeks:
            break
    if not stress:
        print(f"panel: no page of {page_nodes} nodes in this recording")
        return
    engines = [seek.engine_at_position(p) for p in stress]  # the seeks are not timed
    changes = [ids_named_between(timeline.events, max(lo, hi - 50), hi)
               for lo, hi in (sorted(pair) for pair in itertools.pairwise(stress))]
    for case, more in (("path to the deepest node open", 0), ("and 200 more nodes open", 200)):
        time_panel(app, engines, changes, case, more)


def time_panel(app: Any, engines: list[Any], changes: list[set[int]], case: str,
               more: int) -> None:
    """Show the first state with the deepest node selected (its ancestors expanded) and the
    elements among the first `more` nodes expanded, then time the moves to the others."""
    from viewer.render.engine.nodes import iter_subtree
    from viewer.ui.panels.elements import ElementsPanel

    panel = ElementsPanel()
    panel.resize(900, 900)
    panel.show()
    first = engines[0]
    panel.show_state(first)
    nodes = iter_subtree(first.document)
    deep = max((n for n in nodes if n.id > 0), key=_depth)
    panel.select_node(deep.id)  # expands its ancestors
    for node in nodes[:more]:
        if node.kind == 2 and node.children:
            index = panel.model.index_of_id(node.id)
            if index.isValid():
                panel.tree.setExpanded(index, True)
    app.processEvents()
    print(f"panel, {case}: {len(nodes)} nodes, {len(panel._expanded_ids)} expanded")
    wall, cpu, paint = [], [], []
    for engine, changed in zip(engines[1:], changes, strict=True):
        start, start_cpu = time.perf_counter(), time.thread_time()
        panel.show_state(engine, changed)
        panel.tree.viewport().repaint()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.thread_time() - start_cpu) * 1000)
        start_cpu = time.thread_time()
        panel.tree.viewport().repaint()  # the same paint again: what painting alone costs
        paint.append((time.thread_time() - start_cpu) * 1000)
    line("  update after a seek (wall)", wall)
    line("  update after a seek (CPU)", cpu)
    line("  of which painting the tree (CPU, the same paint again)", paint)
    panel.close()


def _depth(node: Any) -> int:
    depth = 0
    cur = getattr(node, "parent", None)
    while cur is not None:
        depth += 1
        cur = cur.parent
    return depth


if __name__ == "__main__":
    main()

"""Rebuild benchmark: a `reset` (and large `insert`s) built node by node vs from markup, one run.

usage: python bench/reset.py [RECORDING] [--runs N] [--moments M]

Finds the moment with the largest document among M evenly spaced moments of the recording
(default sentry/long: its 3 400-node "stress" page), makes its `reset` op and applies it in one
offscreen web view N times each way, alternating: node by node (`ReplayView.markup = False`, the
reference builder) and from markup (the default). For each it prints the median and worst of

- `encode`: Python, the op made ready for the page (markup form and JSON text; none for the
  node-by-node way) plus `js_call`'s JSON of it, wall clock and this thread's CPU time (the
  wall clock includes waiting for a core the page's process may still be using);
- `apply`: JavaScript, `replay.apply` inside the page (clear + build + post-build work);
- `build`: the part of it that builds the nodes (the rest is mostly the layout that the
  post-build scroll offsets force);
- `round trip`: from the Python call until its result is back (IPC, script compile, apply);
- `visible`: from the start of `encode` until the page reports the next animation frame, as
  `bench/render.py` times a visible seek.

Then the same for `insert` ops of subtrees of several sizes taken from that page (given fresh
ids, appended to <body>, removed again). Ratios are old / new medians. The view is shown
(offscreen) and each measurement starts once the page has painted the previous one.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT = ROOT / "tests" / "data" / "corpus" / "sentry" / "long"
INSERT_SIZES = (10, 24, 50, 100, 200, 400, 1000)


def largest_moment(replay: Any, moments: int) -> tuple[float, dict[str, Any]]:
    """The moment (of `moments` evenly spaced) with the most nodes, and its reset op."""
    from viewer.render.engine import Cursor, Timeline
    from viewer.render.engine.nodes import iter_subtree

    cursor = Cursor(Timeline(replay.events, replay.recorder), ops=False)
    best = (-1, replay.start_ms)
    for i in range(moments):
        t = replay.start_ms + (replay.end_ms - replay.start_ms) * (i + 0.5) / moments
        cursor.seek(t)
        doc = cursor.engine.document
        size = len(iter_subtree(doc)) if doc is not None else 0
        best = max(best, (size, t))
    cursor.seek(best[1])
    return best[1], cursor.reset_op()


def subtrees(tree: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    """(size, element tree) for every element of a document tree."""
    out: list[tuple[int, dict[str, Any]]] = []

    def size(node: dict[str, Any]) -> int:
        n = 1 + sum(size(c) for c in node.get("children") or [])
        if node.get("kind") == "element":
            out.append((n, node))
        return n

    size(tree)
    return out


def renumbered(tree: dict[str, Any], start: int) -> dict[str, Any]:
    """A copy of `tree` with fresh ids from `start` down (the page already holds the others)."""
    counter = [start]

    def copy(node: dict[str, Any]) -> dict[str, Any]:
        out = dict(node)
        out["id"] = counter[0]
        counter[0] -= 1
        if "children" in node:
            out["children"] = [copy(c) for c in node["children"]]
        if isinstance(node.get("shadow"), dict):
            out["shadow"] = copy(node["shadow"])
        return out

    return copy(tree)


def body_id(tree: dict[str, Any]) -> int:
    stack = [tree]
    while stack:
        node = stack.pop()
        if node.get("kind") == "element" and node.get("tag") == "body":
            return int(node["id"])
        stack.extend(node.get("children") or [])
    raise SystemExit("the page has no <body>")


class Page:
    """One offscreen player page; `apply` times one op list the way the view sends it."""

    def __init__(self) -> None:
        from viewer.render.headless import wait_ready
        from viewer.render.view import ReplayView

        self.view = ReplayView()
        self.view.resize(1280, 800)
        self.view.show()
        wait_ready(self.view)

    def apply(self, ops: list[dict[str, Any]], markup: bool) -> dict[str, float]:
        from viewer.render.engine.markup import encode_ops
        from viewer.render.headless import wait
        from viewer.render.js import js_call

        started, cpu = time.perf_counter(), time.thread_time()
        sent = encode_ops(ops) if markup else ops
        code = js_call("replayBench", sent)
        encoded, cpu = time.perf_counter(), time.thread_time() - cpu
        result = json.loads(wait(lambda done: self.view.player_page.runJavaScript(code, 0, done),
                                 "apply"))
        back = time.perf_counter()
        self.settle(1)
        shown = time.perf_counter()
        self.settle(2)
        return {"encode": (encoded - started) * 1000, "encode cpu": cpu * 1000,
                "apply": result["apply"], "build": result["build"],
                "round trip": (back - encoded) * 1000, "visible": (shown - started) * 1000,
                "fallbacks": result["fallbacks"], "errors": result["errors"]}

    def settle(self, frames: int) -> None:
        """Wait until the page has gone through `frames` animation frames since what it was
        given (the next measurement then does not share the CPU with this one's paint)."""
        from viewer.render.headless import wait

        def start(done: Any) -> None:
            token = self.view.when_painted(frames=frames)
            self.view.player_page.painted.connect(lambda t: done(t) if t == token else None)

        wait(start, "painting")

    def install(self) -> None:
        from viewer.render.headless import wait

        code = """window.replayBench = function (ops) {
            const before = window.replay.stats();
            const t0 = performance.now();
            window.replay.apply(ops);
            const t1 = performance.now();
            const s = window.replay.stats();
            const timing = ops[0].op === "reset" && s.timing ? s.timing.build : t1 - t0;
            return JSON.stringify({apply: t1 - t0, build: timing, errors: s.errors - before.errors,
                                   fallbacks: s.markup.fallbacks - before.markup.fallbacks});
        }; true"""
        wait(lambda done: self.view.player_page.runJavaScript(code, 0, done), "install")

    def close(self) -> None:
        self.view.shutdown()


def summary(rows: list[dict[str, float]], key: str) -> str:
    values = [r[key] for r in rows]
    return f"{statistics.median(values):7.1f} / {max(values):7.1f}"


def compare(name: str, page: Page, make_ops: Any, runs: int) -> None:
    rows: dict[bool, list[dict[str, float]]] = {False: [], True: []}
    for _ in range(runs):
        for markup in (False, True):
            for ops in make_ops():
                rows[markup].append(page.apply(ops[0], markup))
                if ops[1]:
                    page.apply(ops[1], markup)
    print(f"\n{name}  (median / worst ms over {runs} runs)")
    print(f"  {'':<14}{'node by node':>18}{'markup':>18}{'ratio':>8}")
    for key in ("encode", "encode cpu", "apply", "build", "round trip", "visible"):
        old = statistics.median(r[key] for r in rows[False])
        new = statistics.median(r[key] for r in rows[True])
        ratio = old / new if new else float("inf")
        print(f"  {key:<14}{summary(rows[False], key):>18}{summary(rows[True], key):>18}"
              f"{ratio:7.1f}×")
    bad = sum(r["fallbacks"] for r in rows[True])
    errors = (sum(r["errors"] for r in rows[False]), sum(r["errors"] for r in rows[True]))
    print(f"  markup fallbacks {bad}; applier errors {errors[0]} / {errors[1]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("recording", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--moments", type=int, default=40)
    a = ap.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from viewer.model import load_replay
    from viewer.ui.app import application

    application(headless=True)
    replay = load_replay([str(a.recording)])
    t, reset = largest_moment(replay, a.moments)
    sizes = subtrees(reset["tree"])
    print(f"recording     {a.recording}")
    print(f"moment        {(t - replay.start_ms) / 1000:.1f} s: {max(s for s, _ in sizes)} nodes, "
          f"{reset['width']}×{reset['height']}; load average {os.getloadavg()[0]:.1f}")
    page = Page()
    try:
        page.install()
        compare("reset", page, lambda: [([reset], None)], a.runs)
        body = body_id(reset["tree"])
        page.apply([reset], True)
        for want in INSERT_SIZES:
            size, tree = min(sizes, key=lambda s: (abs(s[0] - want), s[0]))
            node = renumbered(tree, -10_000_000)
            insert = [{"op": "insert", "parent": body, "before": None, "node": node}]
            remove = [{"op": "remove", "id": node["id"]}]
            compare(f"insert of {size} nodes", page, lambda i=insert, r=remove: [(i, r)],
                    a.runs)
    finally:
        page.close()
    print(f"\nload average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

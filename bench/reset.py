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
  `bench/render.py` times a visible seek; `painted`: until the frame after it (the first frame
  has then been styled, laid out and drawn).

The page is kept paused, as the player keeps it while seeking. A second table compares, for
the reset from markup, the page marked paused after the build (what the applier did before)
with the mark set before the first style computation (what it does now).

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
INSERT_SIZES = (10, 24, 50, 100, 250, 500, 1000)


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


def insert_of(sizes: list[tuple[int, dict[str, Any]]], want: int
              ) -> tuple[int, dict[str, Any]]:
    """A subtree of about `want` nodes: the element with the most children, cut after as many
    of them as it takes (a page's lists and tables hold the subtrees real inserts add)."""
    _, widest = max(((len(t.get("children") or []), t) for _, t in sizes),
                    key=lambda x: x[0])
    cut = dict(widest, children=[])
    size = 1
    for child in widest["children"]:
        if size >= want:
            break
        cut["children"].append(child)
        size += count(child)
    return size, cut


def count(tree: dict[str, Any]) -> int:
    return 1 + sum(count(c) for c in tree.get("children") or [])


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

    def apply(self, ops: list[dict[str, Any]], markup: bool, late_pause: bool = False
              ) -> dict[str, float]:
        """Send `ops` (from markup or node by node) and time it. `late_pause` marks the page
        paused only after the ops, as the applier did before the mark moved ahead of the
        first style computation."""
        from viewer.render.engine.markup import encode_ops
        from viewer.render.headless import wait
        from viewer.render.js import js_call

        started, cpu = time.perf_counter(), time.thread_time()
        sent = encode_ops(ops) if markup else ops
        code = js_call("replayBench", sent, late_pause)
        encoded, cpu = time.perf_counter(), time.thread_time() - cpu
        result = json.loads(wait(lambda done: self.view.player_page.runJavaScript(code, 0, done),
                                 "apply"))
        back = time.perf_counter()
        frames = self.frames()
        return {"encode": (encoded - started) * 1000, "encode cpu": cpu * 1000,
                "apply": result["apply"], "build": result["build"],
                "round trip": (back - encoded) * 1000,
                "visible": (frames[0] - started) * 1000, "painted": (frames[1] - started) * 1000,
                "fallbacks": result["fallbacks"], "errors": result["errors"]}

    def frames(self) -> tuple[float, float]:
        """When the page reports the next animation frame (what bench/render.py calls visible)
        and the one after (the first frame has then been drawn)."""
        from viewer.render.headless import wait

        marks: list[float] = []

        def start(done: Any) -> None:
            first, second = self.view.when_painted(frames=1), self.view.when_painted(frames=2)

            def got(token: int) -> None:
                if token == first:
                    marks.append(time.perf_counter())
                elif token == second:
                    done(token)

            self.view.player_page.painted.connect(got)

        wait(start, "painting")
        return marks[0], time.perf_counter()

    def install(self) -> None:
        from viewer.render.headless import wait

        code = """window.replay.setPaused(true);  // as the player keeps it while seeking
        window.replayBench = function (ops, latePause) {
            const before = window.replay.stats();
            const t0 = performance.now();
            window.replay.apply(ops);
            if (latePause) { window.replay.setPaused(false); window.replay.setPaused(true); }
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


def compare(name: str, page: Page, make_ops: Any, runs: int,
            ways: tuple[tuple[str, dict[str, bool]], ...] = (
                ("node by node", {"markup": False}), ("markup", {"markup": True}))) -> None:
    """Time the ops `make_ops()` gives, each of the two `ways`, alternating."""
    rows: list[list[dict[str, float]]] = [[], []]
    for _ in range(runs):
        for i, (_, how) in enumerate(ways):
            for ops, undo in make_ops():
                rows[i].append(page.apply(ops, **how))
                if undo:
                    page.apply(undo, **how)
    print(f"\n{name}  (median / worst ms over {runs} runs)")
    print(f"  {'':<14}{ways[0][0]:>18}{ways[1][0]:>18}{'ratio':>8}")
    for key in ("encode", "encode cpu", "apply", "build", "round trip", "visible", "painted"):
        old = statistics.median(r[key] for r in rows[0])
        new = statistics.median(r[key] for r in rows[1])
        ratio = old / new if new else float("inf")
        print(f"  {key:<14}{summary(rows[0], key):>18}{summary(rows[1], key):>18}"
              f"{ratio:7.1f}×")
    bad = sum(r["fallbacks"] for r in rows[0] + rows[1])
    errors = (sum(r["errors"] for r in rows[0]), sum(r["errors"] for r in rows[1]))
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
        compare("reset, paused mark after the build (as before) / before it (now), both markup",
                page, lambda: [([reset], None)], a.runs,
                (("mark after", {"markup": True, "late_pause": True}),
                 ("mark before", {"markup": True})))
        body = body_id(reset["tree"])
        page.apply([reset], True)
        done: set[int] = set()
        for want in INSERT_SIZES:
            size, tree = insert_of(sizes, want)
            if size in done:
                continue  # the page holds no larger list
            done.add(size)
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

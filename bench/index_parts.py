"""Seek index in one process and in two parts, and where a seek's Python time goes.

usage: python bench/index_parts.py [RECORDING] [--moments 60] [--seed 7] [--rounds 2]

No Qt. In one run, alternating `--rounds` times:
- one process: `SeekIndex(timeline)` (the whole recording indexed by one thread);
- two parts: the split `index_worker.choose_split` picks (as if two cores were free), a
  helper process started for the later part while this process indexes the first, then its
  keyframes taken: wall time until the index is complete, and the first part alone.
Then, with the index, a cursor's jumps to random moments split into their steps (medians):
thaw of the keyframe, replay of the events since, diff against the shown state, ops to markup,
the `replay.apply` call's source text.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from viewer.model import load_replay  # noqa: E402
from viewer.model.events import EventList  # noqa: E402
from viewer.render.engine import Timeline  # noqa: E402
from viewer.render.engine.diff import diff_ops  # noqa: E402
from viewer.render.engine.index_worker import Helper, Request, choose_split  # noqa: E402
from viewer.render.engine.markup import encode_ops  # noqa: E402
from viewer.render.engine.seek import DEFAULT_BUDGET, SeekIndex, paused_gc, thaw  # noqa: E402
from viewer.render.js import js_call  # noqa: E402

DEFAULT = ROOT / "tests" / "data" / "corpus" / "sentry" / "long"


def one_process(timeline: Timeline) -> tuple[float, SeekIndex]:
    started = time.perf_counter()
    index = SeekIndex(timeline)
    return time.perf_counter() - started, index


def two_parts(timeline: Timeline, files: list[str], digest: str) -> tuple[float, float] | None:
    split = choose_split(timeline, cpus=2)
    if split is None:
        return None
    started = time.perf_counter()
    helper = Helper(Request(files, timeline.flavor, DEFAULT_BUDGET, split, digest,
                            len(timeline)))
    index = SeekIndex(timeline, lazy=True)
    index.build_until(split.position)
    first = time.perf_counter() - started
    assert helper.ready(timeout=600) and split.carries_over(index.builder)
    part = helper.result()
    assert part is not None, "the helper failed"
    index.complete_with(*part)
    return time.perf_counter() - started, first


def seek_steps(timeline: Timeline, index: SeekIndex, moments: int, seed: int) -> None:
    rnd = random.Random(seed)
    first, last = timeline.timestamps[0], timeline.timestamps[-1]
    steps: dict[str, list[float]] = {k: [] for k in ("thaw", "replay", "diff", "markup", "js")}
    shown = index.engine_at(first)
    with paused_gc():
        for _ in range(moments):
            position = timeline.count_before(rnd.uniform(first, last))
            keyframe = index.keyframe_for(position)
            a = time.perf_counter()
            target = thaw(keyframe)
            b = time.perf_counter()
            timeline.apply_range(target, keyframe.position, position)
            c = time.perf_counter()
            ops = diff_ops(shown, target)
            d = time.perf_counter()
            payload = encode_ops(ops if ops is not None else [target.reset_op()])
            e = time.perf_counter()
            js_call("replay.apply", payload)
            f = time.perf_counter()
            for name, value in zip(steps, (b - a, c - b, d - c, e - d, f - e), strict=True):
                steps[name].append(value * 1000)
            shown = target
    print(f"seek steps ({moments} moments, medians): " + ", ".join(
        f"{name} {statistics.median(values):.1f} ms" for name, values in steps.items()))


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("recording", nargs="?", default=str(DEFAULT))
    ap.add_argument("--moments", type=int, default=60)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--rounds", type=int, default=2)
    a = ap.parse_args()
    files = [a.recording]
    replay = load_replay(files)
    timeline = Timeline(replay.events, replay.recorder)
    digest = replay.events.content_digest() if isinstance(replay.events, EventList) else ""
    print(f"recording: {a.recording} ({len(timeline)} events), split: "
          f"{choose_split(timeline, cpus=2)}")
    index = None
    for _ in range(a.rounds):
        took, index = one_process(timeline)
        print(f"one process: {took:.2f} s ({len(index.keyframes)} keyframes)")
        parts = two_parts(timeline, files, digest) if digest else None
        if parts is None:
            print("two parts: no split worth a helper")
        else:
            print(f"two parts: {parts[0]:.2f} s (first part {parts[1]:.2f} s)")
    if index is not None:
        seek_steps(timeline, index, a.moments, a.seed)


if __name__ == "__main__":
    main()

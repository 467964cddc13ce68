"""Seek benchmark: engine state at random moments, with the seek index and from the snapshot.

usage: python bench/seek.py [RECORDING_FOLDER] [--moments 50] [--seed 7] [--budget N]

Loads the recording (default: the largest corpus recording, sentry/long), builds the seek index
(reports build time, keyframe count and the memory the keyframes hold, beside the size of the
decompressed recording as JSON), then seeks to the same random moments two ways, in one run:
with the index (nearest keyframe ≤ t + the events since) and without it (rebuild from the last
FullSnapshot before t and replay every event since: what rrweb does). Prints median and worst
of each and the ratio of the medians. A seek here = a new engine holding the DOM at t.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from viewer.model import load_replay  # noqa: E402
from viewer.render.engine.seek import DEFAULT_BUDGET, SeekIndex  # noqa: E402
from viewer.render.engine.timeline import Timeline  # noqa: E402

DEFAULT = ROOT / "tests" / "data" / "corpus" / "sentry" / "long"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("recording", nargs="?", default=str(DEFAULT))
    ap.add_argument("--moments", type=int, default=50)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--budget", type=int, default=DEFAULT_BUDGET)
    a = ap.parse_args()

    files = sorted(str(p) for p in Path(a.recording).glob("envelope-*.bin"))
    replay = load_replay(files)
    events = replay.events
    json_size = len(orjson.dumps(list(events)))
    timeline = Timeline(events)
    size_mb = json_size / 1e6
    print(f"recording: {a.recording} ({len(events)} rrweb events, {size_mb:.1f} MB as JSON)")

    t0 = time.perf_counter()
    index = SeekIndex(timeline, a.budget)
    build = time.perf_counter() - t0
    print(
        f"index: built in {build:.2f} s, {len(index.keyframes)} keyframes (budget {a.budget}), "
        f"{index.nbytes / 1e6:.2f} MB held = {index.nbytes / json_size:.0%} of the JSON"
    )

    rnd = random.Random(a.seed)
    first, last = timeline.timestamps[0], timeline.timestamps[-1]
    moments = [rnd.uniform(first, last) for _ in range(a.moments)]
    with_index: list[float] = []
    without: list[float] = []
    for t in moments:
        position = timeline.count_before(t)
        s = time.perf_counter()
        index.engine_at_position(position)
        with_index.append(time.perf_counter() - s)
        s = time.perf_counter()
        timeline.replay_from_snapshot(position)
        without.append(time.perf_counter() - s)

    def line(name: str, xs: list[float]) -> float:
        med = statistics.median(xs)
        print(f"{name}: median {med * 1000:.1f} ms, worst {max(xs) * 1000:.1f} ms")
        return med

    m1 = line(f"with index     ({a.moments} moments)", with_index)
    m2 = line(f"from snapshot  ({a.moments} moments)", without)
    print(f"ratio of medians: {m2 / m1:.0f}x faster with the index")


if __name__ == "__main__":
    main()

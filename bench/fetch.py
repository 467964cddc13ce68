"""Fetch benchmark: a replay from a local Sentry with a simulated round trip, by parallel requests.

usage: python bench/fetch.py [RECORDING] [--latency S] [--per-page N] [--repeat N]

Serves a corpus recording with the test suite's local Sentry (tests/fetch/local_sentry.py), each
answer delayed by --latency seconds (a far-away server), and fetches it with `viewer.fetch` into
a temporary folder with 1, 2, 4 and 8 parallel requests (traces off: segments and error events).
Prints the wall time of each (median of --repeat), the speed-up over one request at a time, and
the CPU cost of storing the segments (parse, check, compress, write) with no latency at all.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fetch.local_sentry import ORG, TOKEN, Knobs, LocalSentry, Recording  # noqa: E402
from viewer.fetch import FetchOptions, fetch, parse_target  # noqa: E402
from viewer.fetch.progress import Progress  # noqa: E402

DEFAULT = ROOT / "tests" / "data" / "corpus" / "sentry" / "long"


def one_fetch(recording: Recording, knobs: Knobs, workers: int, per_page: int) -> float:
    with LocalSentry(recording, knobs) as sentry, tempfile.TemporaryDirectory() as out:
        url = f"{sentry.url}/organizations/{ORG}/replays/{recording.replay_id}/"
        options = FetchOptions(TOKEN, Path(out) / "r", workers=workers, per_page=per_page,
                               traces=False)
        started = time.perf_counter()
        result = fetch(parse_target(url), options, Progress(io.StringIO(), "bench"))
        elapsed = time.perf_counter() - started
        assert result.complete
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("recording", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--latency", type=float, default=0.15)
    parser.add_argument("--per-page", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    recording = Recording.from_envelopes(args.recording)
    json_mb = sum(len(b) for b in recording.segments.values()) / 1e6
    pages = -(-len(recording.segments) // args.per_page)
    print(f"{args.recording.name}: {len(recording.segments)} segments, {json_mb:.1f} MB JSON, "
          f"{pages} pages of {args.per_page}, {len(recording.errors)} error events; "
          f"load average {os.getloadavg()[0]:.1f}")
    cpu = [one_fetch(recording, Knobs(), 1, 100) for _ in range(args.repeat)]
    print(f"no latency, 1 request at a time: {statistics.median(cpu) * 1000:.0f} ms "
          f"({json_mb / statistics.median(cpu):.0f} MB/s of segment JSON stored)")
    base = None
    for workers in (1, 2, 4, 8):
        times = [one_fetch(recording, Knobs(latency=args.latency), workers, args.per_page)
                 for _ in range(args.repeat)]
        median = statistics.median(times)
        base = base or median
        print(f"latency {args.latency * 1000:.0f} ms, {workers} parallel: {median * 1000:.0f} ms "
              f"(×{base / median:.2f})")


if __name__ == "__main__":
    main()

"""Robustness run: hostile, broken and fuzzed recordings through the loader and the engine.

usage: python bench/robust.py [--fuzz N] [--minutes M] [--seed S] [--budget SECONDS] [--keep DIR]

Every input is loaded (`load_replay`), played to the end (Timeline + engine over all events,
`dom_dumps` at the end, a SeekIndex seek) and given to the CLI (`info --json`), under a time
budget. Each ends as: loaded ok / one-line error (LoadError, exit 2) / other exception /
timeout. Hostile cases are the hand-written recordings of tests/hostile (their web-view checks
are tests; here they go through loader and engine); broken cases are tests/broken's; fuzzed
inputs are corpus recordings (sentry/tiny, rrweb/plain) damaged by tests/fuzz's mutations,
`--fuzz` of them or as many as fit in `--minutes`. `--keep` writes each failing fuzz case's
(base, ops) to DIR as JSON, to be replayed as a regression test.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.broken.cases import CASES as BROKEN  # noqa: E402
from tests.fuzz.mutate import BASES, BYTE_OPS, JSON_OPS, mutated_recording  # noqa: E402
from tests.fuzz.outcome import OUTCOMES, Result, classify_input  # noqa: E402
from tests.hostile.cases import CASES as HOSTILE  # noqa: E402


def run_written(events: list[dict], budget: float) -> Result:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "recording.json"
        path.write_text(json.dumps(events))
        return classify_input([str(path)], budget)


def fuzz_ops(rng: random.Random) -> tuple[str, list[tuple[str, int]]]:
    ops = [(rng.choice(BYTE_OPS + JSON_OPS), rng.randrange(2**32))
           for _ in range(rng.randint(1, 4))]
    return rng.choice(BASES), ops


def report(title: str, counts: Counter[str], notes: list[str]) -> None:
    total = sum(counts.values())
    cells = ", ".join(f"{o}: {counts[o]}" for o in OUTCOMES)
    print(f"{title}: {total} tried — {cells}")
    for note in notes[:20]:
        print(f"    {note}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fuzz", type=int, default=300, help="fuzzed inputs (default 300)")
    parser.add_argument("--minutes", type=float, help="fuzz for this long instead of --fuzz N")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--budget", type=float, default=20.0, help="seconds per input")
    parser.add_argument("--keep", type=Path, help="folder for failing fuzz cases")
    args = parser.parse_args()
    started = time.perf_counter()

    counts: Counter[str] = Counter()
    notes: list[str] = []
    for make in HOSTILE:
        case = make("http://127.0.0.1:9")
        result = run_written(case.events, args.budget)
        counts[result.outcome] += 1
        if result.outcome not in OUTCOMES[:2]:
            notes.append(f"{case.name}: {result.outcome}: {result.detail}")
    report("hostile cases", counts, notes)

    counts, notes = Counter(), []
    for name, build in BROKEN.items():
        result = run_written(build(), args.budget)
        counts[result.outcome] += 1
        if result.outcome not in OUTCOMES[:2]:
            notes.append(f"{name}: {result.outcome}: {result.detail}")
    report("broken cases", counts, notes)

    rng = random.Random(args.seed)
    counts, notes = Counter(), []
    deadline = time.perf_counter() + args.minutes * 60 if args.minutes else None
    fuzz_started = time.perf_counter()
    while (counts.total() < args.fuzz) if deadline is None else (time.perf_counter() < deadline):
        base, ops = fuzz_ops(rng)
        with tempfile.TemporaryDirectory() as tmp:
            paths = mutated_recording(base, ops, Path(tmp) / "rec")
            result = classify_input(paths, args.budget)
        counts[result.outcome] += 1
        if result.outcome not in OUTCOMES[:2]:
            notes.append(f"{base} {ops}: {result.outcome}: {result.detail}")
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                out = args.keep / f"case-{counts.total():06d}.json"
                out.write_text(json.dumps({"base": base, "ops": ops, "outcome": result.outcome,
                                           "detail": result.detail}))
            print(f"  failing: {notes[-1]}", flush=True)
    fuzz_s = time.perf_counter() - fuzz_started
    report(f"fuzzed inputs ({fuzz_s / 60:.1f} min, seed {args.seed})", counts, notes)
    print(f"total {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

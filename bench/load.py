"""Loading benchmark: parse + hydrate throughput and peak memory on the largest corpus recording.

usage: python bench/load.py [RECORDING ...] [--repeat N]

Prints, per recording: decompressed JSON size; the time to read and decompress; the time of the
whole load (`load_replay`); parse + hydrate = whole load − read/decompress, as MB/s of
decompressed JSON; and the peak memory of a load in a fresh process (RSS growth, which also
counts simdjson's C++ buffers; and Python's own allocations by tracemalloc) as a multiple of the
decompressed JSON size. For comparison, in the same run: parsing the same JSON fully with orjson
(what an eager loader does), time and memory.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from viewer.model import load_replay  # noqa: E402
from viewer.model.codec import decompress  # noqa: E402
from viewer.model.envelope import parse_envelopes  # noqa: E402

DEFAULT = ROOT / "tests" / "data" / "corpus" / "sentry" / "long"


def recording_bodies(folder: Path) -> list[bytes]:
    """Read every envelope and decompress every recording body (what loading must do first)."""
    bodies = []
    for path in sorted(folder.iterdir()):
        for envelope in parse_envelopes(path.read_bytes()):
            for item in envelope.items:
                if item.type == "replay_recording":
                    payload = item.payload
                    bodies.append(decompress(payload[payload.index(b"\n") + 1 :])[0])
    return bodies


def timed(fn, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


MEMORY_PROBE = """
import json, resource, sys, tracemalloc, gc
sys.path.insert(0, {root!r})


def peak_rss():
    # VmHWM is per address space (reset by exec); ru_maxrss can carry the parent's peak over.
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

from viewer.model import load_replay
import orjson
mode, path = sys.argv[1], sys.argv[2]
gc.collect()
base = peak_rss()
tracemalloc.start()
if mode == "load":
    keep = load_replay([path])
else:
    from bench.load import recording_bodies
    from pathlib import Path
    keep = [orjson.loads(b) for b in recording_bodies(Path(path))]
_, py_peak = tracemalloc.get_traced_memory()
tracemalloc.stop()
peak = peak_rss()
print(json.dumps({{"rss_growth": (peak - base) * 1024, "python_peak": py_peak}}))
"""


def memory(mode: str, path: Path) -> dict[str, float]:
    code = MEMORY_PROBE.format(root=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", code, mode, str(path)], capture_output=True,
                          text=True, check=True, cwd=ROOT)
    return json.loads(proc.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("recordings", nargs="*", type=Path, default=[DEFAULT])
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    for folder in a.recordings:
        bodies = recording_bodies(folder)
        mb = sum(map(len, bodies)) / 1e6
        load_replay([str(folder)])  # warm the file cache and imports
        read = statistics.median(timed(lambda f=folder: recording_bodies(f), a.repeat))
        whole_runs = timed(lambda f=folder: load_replay([str(f)]), a.repeat)
        whole = statistics.median(whole_runs)
        import orjson

        eager = statistics.median(timed(lambda bs=bodies: [orjson.loads(b) for b in bs],
                                        a.repeat))
        mem = memory("load", folder)
        mem_eager = memory("eager", folder)
        parse = whole - read
        name = folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder
        print(f"recording            {name}")
        print(f"decompressed JSON    {mb:.1f} MB in {len(bodies)} segments")
        print(f"read + decompress    {read * 1000:.0f} ms (median of {a.repeat})")
        print(f"whole load           {whole * 1000:.0f} ms median, {max(whole_runs) * 1000:.0f} ms "
              f"worst  -> {mb / whole:.0f} MB/s end to end")
        print(f"parse + hydrate      {parse * 1000:.0f} ms  -> {mb / parse:.0f} MB/s "
              "(target >= 150 MB/s)")
        print(f"peak memory of load  RSS +{mem['rss_growth'] / 1e6:.0f} MB = "
              f"{mem['rss_growth'] / 1e6 / mb:.2f}x JSON (target < 3x); Python allocations "
              f"{mem['python_peak'] / 1e6:.0f} MB = {mem['python_peak'] / 1e6 / mb:.2f}x")
        eager_mb = mem_eager["rss_growth"] / 1e6
        print(f"eager orjson parse   {eager * 1000:.0f} ms ({mb / eager:.0f} MB/s), RSS "
              f"+{eager_mb:.0f} MB = {eager_mb / mb:.2f}x "
              f"JSON  (parse alone, without the reading: {eager / parse:.1f}x the lazy "
              "parse + hydrate time)")
        print()


if __name__ == "__main__":
    main()

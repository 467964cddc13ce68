"""Compare the engine's domdumps with rrweb's expected dumps over a corpus folder (dev tool)."""

from __future__ import annotations

import difflib
import json
import os
import sys
import time
from typing import Any

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))

from viewer.render.engine import dom_dumps

SHARED = "/work/shared/corpus"
SENTRY_EVENTS = "/tmp/corpus-events"


def lines(node: Any, depth: int = 0, out: list[str] | None = None) -> list[str]:
    out = [] if out is None else out
    name = node[0]
    pad = "  " * depth
    if name in ("#text", "#comment", "#doctype", "#cdata"):
        out.append(f"{pad}{name} {json.dumps(node[1], ensure_ascii=False)}")
        return out
    attrs = node[1] if len(node) > 1 else {}
    out.append(f"{pad}<{name}> {json.dumps(attrs, sort_keys=True, ensure_ascii=False)}")
    for child in node[2] if len(node) > 2 else []:
        lines(child, depth + 1, out)
    return out


def events_for(expected_path: str, meta: dict[str, Any]) -> list[Any]:
    base = os.path.basename(expected_path).replace(".expected.json", "")
    if "/sentry/" in expected_path and os.path.dirname(expected_path).endswith("corpus/sentry"):
        with open(os.path.join(SENTRY_EVENTS, base + ".json")) as f:
            return json.load(f)  # type: ignore[no-any-return]
    with open(os.path.join(os.path.dirname(expected_path), meta["events_file"])) as f:
        return json.load(f)  # type: ignore[no-any-return]


def compare(expected_path: str, show: int = 0) -> tuple[int, int, list[float]]:
    with open(expected_path) as f:
        meta = json.load(f)
    events = events_for(expected_path, meta)
    times = [d["t"] for d in meta["dumps"]]
    flavor = "sentry" if "sentry" in meta.get("oracle", "") else "rrweb"
    got = dom_dumps(events, times, flavor)
    exact = 0
    bad: list[float] = []
    for exp, act in zip(meta["dumps"], got, strict=True):
        e, g = lines(exp["dom"]), lines(act["dom"])
        if e == g:
            exact += 1
            continue
        bad.append(exp["t"])
        if show:
            print(f"  t={exp['t']}")
            diff = difflib.unified_diff(e, g, "expected", "actual", n=1, lineterm="")
            for n, d in enumerate(diff):
                if n >= show:
                    break
                print("    " + d[:300])
    return exact, len(times), bad


def main() -> None:
    import glob

    paths = sys.argv[1:] or sorted(glob.glob(SHARED + "/**/*.expected.json", recursive=True))
    show = int(os.environ.get("SHOW", "0"))
    tot_exact = tot = 0
    for p in paths:
        t0 = time.perf_counter()
        try:
            exact, n, _bad = compare(p, show)
        except Exception as e:
            print(f"CRASH {p}: {type(e).__name__}: {e}")
            import traceback

            traceback.print_exc()
            continue
        tot_exact += exact
        tot += n
        mark = "ok " if exact == n else "BAD"
        print(f"{mark} {exact}/{n} {p.replace(SHARED + '/', '')} ({time.perf_counter() - t0:.2f}s)")
    print(f"TOTAL {tot_exact}/{tot} = {100 * tot_exact / max(tot, 1):.2f}%")


if __name__ == "__main__":
    main()

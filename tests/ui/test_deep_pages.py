"""A page nested far deeper than orjson's limits still dumps, from the model and from the page."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.broken.cases import deep_nesting
from tests.conftest import ROOT


def test_dom_of_a_300_deep_page_from_both_engines(tmp_path: Path) -> None:
    events = deep_nesting(depth=300, repeats=2)
    path = tmp_path / "deep.json"
    path.write_text(json.dumps(events))
    at = str(events[-1]["timestamp"] + 1)
    outs = {}
    for engine in ("model", "web"):
        proc = subprocess.run([sys.executable, "-m", "viewer", "dom", str(path), "--engine", engine,
                               "--at-ms", at], capture_output=True, text=True, cwd=ROOT,
                              timeout=300)
        assert proc.returncode == 0, proc.stderr[-500:]
        outs[engine] = proc.stdout
    assert outs["model"] == outs["web"]
    deepest, stack = 0, [(json.loads(outs["model"])["dumps"][0]["dom"], 1)]
    while stack:  # [name, attrs, children] or [name, text]
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if len(node) == 3:
            stack.extend((child, depth + 1) for child in node[2])
    assert deepest > 300  # document, html, body, the 300 nested elements

"""Broken and hostile recordings: histories, node lookups, diffs and search never raise."""

from __future__ import annotations

import random
from typing import Any

import orjson
import pytest

from tests.broken.cases import CASES as BROKEN
from tests.hostile.cases import CASES as HOSTILE
from viewer.render.engine import SeekIndex, Timeline
from viewer.render.engine.inspection import HistoryIndex, named_ids
from viewer.render.engine.inspection.element_tree import find, row_text, walk
from viewer.render.engine.inspection.moment_diff import diff_positions
from viewer.render.engine.inspection.node_info import describe
from viewer.render.engine.inspection.node_lookup import node_at
from viewer.render.engine.inspection.reports import diff_text, inspect_report, inspect_text

CASES: dict[str, Any] = {f"broken: {k}": v for k, v in BROKEN.items()}
CASES.update({f"hostile: {c.__name__}": (lambda c=c: c("http://127.0.0.1:9").events)
              for c in HOSTILE})


@pytest.mark.parametrize("name", sorted(CASES))
def test_inspection_survives(name: str) -> None:
    events = CASES[name]()
    tl = Timeline(events)
    index = HistoryIndex(tl)
    seek = SeekIndex(tl, budget=5000, lazy=True)
    ids = sorted({i for e in tl.events for i, _, _ in named_ids(e)})
    rnd = random.Random(name)
    for node_id in rnd.sample(ids, min(20, len(ids))):
        history = index.history(node_id, via=True)
        orjson.dumps(history)
        found = node_at(index, seek, node_id, rnd.randrange(len(tl) + 1))
        if found is not None:
            orjson.dumps(describe(found.node))
    if ids:
        report = inspect_report(events, "sentry", ids[-1], None, via=True)
        assert inspect_text(report, tl.timestamps[0])
    for _ in range(3):
        result = diff_positions(seek, rnd.randrange(len(tl) + 1), rnd.randrange(len(tl) + 1))
        result["from"]["t"] = result["to"]["t"] = tl.timestamps[0]
        orjson.dumps(result)
        assert diff_text(result, tl.timestamps[0])
    doc = seek.engine_at_position(len(tl)).document
    for node in walk(doc) if doc is not None else ():
        row_text(node)
    find(doc, "div > [a]")
    find(doc, "script")

"""Engine domdumps against rrweb's own Replayer rebuilds (the corpus `*.expected.json` files)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CORPUS, DATA, sentry_recording
from viewer.model import load_replay
from viewer.render.engine import dom_dumps

THIRDPARTY = DATA / "thirdparty"

#: Moments whose only difference from rrweb is a `:scroll` offset. rrweb's value there comes
#: from browser layout (offset clamped to the scrollable size, a smooth scroll still in flight,
#: a scroll caused by layout): see docs/engine-fidelity.md.
SCROLL_ONLY: dict[str, set[float]] = {
    "sentry/checkout": {1795789035453.5, 1795789042934.5, 1795789087820.5},
    "sentry/long": {1795789584932.5, 1795789662290.5, 1795789700968.5, 1795789817004.5},
}


def _without_scroll(node: Any) -> Any:
    if isinstance(node, list) and len(node) > 1 and isinstance(node[1], dict):
        attrs = {k: v for k, v in node[1].items() if k != ":scroll"}
        kids = [_without_scroll(c) for c in node[2]] if len(node) > 2 else []
        return [node[0], attrs, kids]
    return node


def _compare(expected: dict[str, Any], events: Any, flavor: str) -> list[tuple[float, bool]]:
    """Per moment: (t, exact); raises when a moment differs by more than `:scroll`."""
    times = [d["t"] for d in expected["dumps"]]
    got = dom_dumps(events, times, flavor)
    out: list[tuple[float, bool]] = []
    for exp, act in zip(expected["dumps"], got, strict=True):
        exact = exp["dom"] == act["dom"]
        if not exact:
            assert _without_scroll(exp["dom"]) == _without_scroll(act["dom"]), exp["t"]
        out.append((exp["t"], exact))
    return out


@pytest.mark.parametrize("name", ["tiny", "checkout", "masked", "long"])
def test_sentry_recordings_match_rrweb(name: str) -> None:
    expected = json.loads((CORPUS / "sentry" / f"{name}.expected.json").read_text())
    replay = load_replay(sorted(str(p) for p in sentry_recording(name).glob("envelope-*.bin")))
    results = _compare(expected, replay.events, "sentry")
    inexact = {t for t, exact in results if not exact}
    assert inexact == SCROLL_ONLY.get(f"sentry/{name}", set())


def test_plain_rrweb_matches_rrweb() -> None:
    expected = json.loads((CORPUS / "rrweb" / "plain.expected.json").read_text())
    events = json.loads((CORPUS / "rrweb" / "plain.json").read_text())
    assert all(exact for _, exact in _compare(expected, events, "rrweb"))


def _thirdparty_cases() -> list[Path]:
    return sorted(THIRDPARTY.rglob("*.expected.json"))


def test_thirdparty_at_least_97_percent_exact() -> None:
    total = exact_count = 0
    for path in _thirdparty_cases():
        expected = json.loads(path.read_text())
        events = json.loads((path.parent / expected["events_file"]).read_text())
        flavor = "sentry" if "sentry" in expected.get("oracle", "") else "rrweb"
        results = _compare(expected, events, flavor)  # non-exact: only `:scroll` may differ
        total += len(results)
        exact_count += sum(exact for _, exact in results)
    assert total > 1000
    assert exact_count / total >= 0.97

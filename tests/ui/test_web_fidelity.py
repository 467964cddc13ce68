"""The document really rendered in the web view matches rrweb's own Replayer (domdumps)."""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.conftest import CORPUS, SHARED_CORPUS, sentry_recording
from tests.ui.conftest import ready_view
from viewer.model import LoadError, load_replay
from viewer.render.engine import Cursor, Timeline
from viewer.render.view import ReplayView

#: Attributes that depend on layout or on the browser's CSS canonicaliser (see README).
LAYOUT_ATTRS = (":scroll", "style")


def without_layout(node: Any) -> Any:
    """The dump without the layout-dependent attributes."""
    if node[0] in ("#text", "#comment", "#doctype", "#cdata"):
        return node
    attrs = {k: v for k, v in node[1].items() if k not in LAYOUT_ATTRS}
    return [node[0], attrs, [without_layout(c) for c in node[2]]]


def flatten(node: Any, depth: int = 0, out: list[str] | None = None) -> list[str]:
    """The same one-line-per-node form as shared/tools/domcompare.py."""
    out = [] if out is None else out
    name = node[0]
    if name in ("#text", "#comment", "#doctype", "#cdata"):
        out.append("  " * depth + f"{name} {json.dumps(node[1], ensure_ascii=False)}")
        return out
    attrs = node[1] if len(node) > 1 else {}
    out.append("  " * depth + f"<{name}> {json.dumps(attrs, sort_keys=True, ensure_ascii=False)}")
    for child in node[2] if len(node) > 2 else []:
        flatten(child, depth + 1, out)
    return out


def web_dumps(qtbot: QtBot, view: ReplayView, source: Path, times: list[float],
              flavor: str | None) -> list[Any]:
    replay = load_replay([str(source)])
    cursor = Cursor(Timeline(replay.events, flavor or replay.recorder), ops=False)
    dumps = []
    for t in times:
        cursor.seek(t)
        view.apply_ops([cursor.reset_op()])
        box: dict[str, Any] = {}
        view.dump(lambda d, box=box: box.setdefault("dom", d))
        qtbot.waitUntil(lambda box=box: "dom" in box, timeout=20_000)
        dumps.append(box["dom"])
    return dumps


@pytest.fixture
def view(qtbot: QtBot) -> Any:
    with ready_view(qtbot, 1280, 800, show=False) as v:
        yield v


def compare(qtbot: QtBot, view: ReplayView, expected_file: Path, source: Path,
            flavor: str | None = None) -> tuple[int, int, list[str]]:
    expected = json.loads(expected_file.read_text())
    times = [d["t"] for d in expected["dumps"]]
    got = web_dumps(qtbot, view, source, times, flavor)
    exact, other = 0, []
    for want, have in zip(expected["dumps"], got, strict=True):
        a, b = flatten(want["dom"]), flatten(have)
        if a == b:
            exact += 1
            continue
        a, b = flatten(without_layout(want["dom"])), flatten(without_layout(have))
        other += [line for line in difflib.unified_diff(a, b, n=0, lineterm="")
                  if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    return exact, len(times), other


@pytest.mark.parametrize("name", ["tiny", "masked", "checkout", "long"])
def test_sentry_recordings_render_like_rrweb(qtbot: QtBot, view: ReplayView, name: str) -> None:
    exact, total, other = compare(qtbot, view, CORPUS / "sentry" / f"{name}.expected.json",
                                  sentry_recording(name))
    assert other == []  # any difference is a layout-clamped scroll offset or a style
    assert exact >= total - 4


def test_plain_rrweb_renders_like_rrweb(qtbot: QtBot, view: ReplayView) -> None:
    for source in ("plain.json", "plain.packed.json"):
        exact, total, other = compare(qtbot, view, CORPUS / "rrweb" / "plain.expected.json",
                                      CORPUS / "rrweb" / source)
        assert (exact, other) == (total, [])


def test_thirdparty_fixtures_render_like_rrweb(qtbot: QtBot, view: ReplayView) -> None:
    root = SHARED_CORPUS / "thirdparty"
    if not root.is_dir():
        pytest.skip("the shared corpus is not beside the project")
    exact = total = 0
    other: list[str] = []
    for expected_file in sorted(root.rglob("*.expected.json")):
        source = expected_file.with_name(expected_file.name.replace(".expected.json", ".json"))
        # Sentry's rrweb-fork fixtures are bare event arrays without Sentry's markers: say whose
        # replayer made the expected dumps, as a user would with `dom --flavor sentry`.
        oracle = json.loads(expected_file.read_text()).get("oracle", "")
        flavor = "sentry" if "sentry" in oracle else "rrweb"
        try:
            e, t, o = compare(qtbot, view, expected_file, source, flavor)
        except LoadError:
            continue
        exact, total, other = exact + e, total + t, other + o
    assert total > 1300
    assert exact / total >= 0.97, f"{exact}/{total}"
    assert other == []

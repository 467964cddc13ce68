"""The rendered replay document is in the mode rrweb's rebuild gives it, and has no scrollbars.

rrweb re-opens the document it rebuilds (no-quirks) and writes a legacy doctype for a recorded
`BackCompat` document without one (HTML 4.0 Transitional: quirks; XHTML 1.0 Transitional when
the root has the XHTML namespace: limited quirks). Its replay iframe has `scrolling="no"`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests import builders as b
from tests.ui.conftest import ready_view
from tests.ui.test_security import run_js
from viewer.render.engine import Timeline
from viewer.render.engine.cursor import engine_at
from viewer.render.view import ReplayView

DOC = "document.getElementById('replay').contentDocument"
XHTML = "http://www.w3.org/1999/xhtml"
#: A 10 px image alone in a table cell: the cell is 10 px high only in (limited) quirks mode.
CELL = {"type": 2, "id": 30, "tagName": "table", "attributes": {"cellspacing": "0"},
        "childNodes": [{"type": 2, "id": 31, "tagName": "tbody", "attributes": {}, "childNodes": [
            {"type": 2, "id": 32, "tagName": "tr", "attributes": {}, "childNodes": [
                {"type": 2, "id": 33, "tagName": "td", "attributes": {
                    "id": "cell", "style": "padding: 0px"}, "childNodes": [
                    {"type": 2, "id": 34, "tagName": "img", "attributes": {
                        "style": "width: 10px; height: 10px; display: inline"},
                     "childNodes": []}]}]}]}]}


def snapshot(ts: int, compat: str | None, doctype: bool, xmlns: bool = False) -> dict[str, Any]:
    event = b.full_snapshot(ts)
    node = event["data"]["node"]
    html = node["childNodes"][1]
    html["childNodes"][1]["childNodes"].append(CELL)
    if xmlns:
        html["attributes"]["xmlns"] = XHTML
    if not doctype:
        node["childNodes"] = [html]
    if compat:
        node["compatMode"] = compat
    return event


def mode_at(qtbot: QtBot, view: ReplayView, events: list[dict[str, Any]], t: float,
            frame: str = DOC) -> list[Any]:
    view.apply_ops([engine_at(Timeline(events, "rrweb"), t).reset_op()])
    with qtbot.waitSignal(view.player_page.painted, timeout=20_000):
        view.when_painted()
    compat, cell = run_js(qtbot, view, f"[{frame}.compatMode, {frame}.getElementById('cell')"
                                       ".getBoundingClientRect().height]")
    return [compat, "quirks" if cell == 10 else "no-quirks"]


@pytest.fixture
def view(qtbot: QtBot) -> Iterator[ReplayView]:
    with ready_view(qtbot, 800, 600) as v:
        yield v


@pytest.mark.parametrize("compat, doctype, xmlns, mode", [
    (None, True, False, ["CSS1Compat", "no-quirks"]),
    (None, False, False, ["CSS1Compat", "no-quirks"]),  # no compatMode recorded: CSS1Compat
    ("BackCompat", False, False, ["BackCompat", "quirks"]),
    ("BackCompat", False, True, ["CSS1Compat", "quirks"]),  # limited quirks: the cell quirk
    ("BackCompat", True, False, ["CSS1Compat", "no-quirks"]),  # rrweb writes no doctype then
])
def test_document_mode_follows_the_recording(qtbot: QtBot, view: ReplayView, compat: str | None,
                                             doctype: bool, xmlns: bool, mode: list[str]) -> None:
    events = [b.meta(), snapshot(b.T0 + 1, compat, doctype, xmlns)]
    assert mode_at(qtbot, view, events, b.T0 + 10) == mode


def test_a_new_snapshot_changes_the_mode_and_keeps_the_link_guard(qtbot: QtBot,
                                                                  view: ReplayView) -> None:
    events = [b.meta(), snapshot(b.T0 + 1, "BackCompat", False),
              snapshot(b.T0 + 100, None, True)]
    assert mode_at(qtbot, view, events, b.T0 + 10) == ["BackCompat", "quirks"]
    assert mode_at(qtbot, view, events, b.T0 + 200) == ["CSS1Compat", "no-quirks"]
    assert mode_at(qtbot, view, events, b.T0 + 10) == ["BackCompat", "quirks"]
    # document.open() drops listeners: a click on a recorded link must still be cancelled
    clicked = run_js(qtbot, view, f"(() => {{ const a = {DOC}.createElement('a'); "
                                  f"a.href = 'https://example.com/'; {DOC}.body.append(a); "
                                  "return a.dispatchEvent(new MouseEvent('click', "
                                  "{bubbles: true, cancelable: true})); })()")
    assert clicked is False  # the trusted page's guard called preventDefault


def test_iframe_documents_are_no_quirks_too(qtbot: QtBot, view: ReplayView) -> None:
    event = b.full_snapshot(b.T0 + 1)
    body = event["data"]["node"]["childNodes"][1]["childNodes"][1]
    inner = snapshot(b.T0, None, True)["data"]["node"]
    body["childNodes"].append({"type": 2, "id": 40, "tagName": "iframe", "attributes": {},
                               "childNodes": []})
    add = {"type": 3, "timestamp": b.T0 + 2, "data": {"source": 0, "texts": [], "attributes": [],
           "removes": [], "adds": [{"parentId": 40, "nextId": None,
                                    "node": renumber(inner, 100, 101)}]}}
    frame = f"{DOC}.querySelector('iframe').contentDocument"
    assert mode_at(qtbot, view, [b.meta(), event, add], b.T0 + 10, frame) == [
        "CSS1Compat", "no-quirks"]


def renumber(node: dict[str, Any], offset: int, root: int) -> dict[str, Any]:
    """A copy of a serialized tree with ids moved by `offset`, its nodes in document `root`."""
    out = {**node, "id": node["id"] + offset}
    if node["type"] != 0:
        out["rootId"] = root
    if "childNodes" in node:
        out["childNodes"] = [renumber(c, offset, root) for c in node["childNodes"]]
    return out


def test_the_replay_frame_shows_no_scrollbars(qtbot: QtBot, view: ReplayView) -> None:
    tall = snapshot(b.T0 + 1, None, True)
    tall["data"]["node"]["childNodes"][1]["childNodes"][1]["childNodes"][0]["textContent"] = (
        "x " * 20000)
    mode_at(qtbot, view, [b.meta(), tall], b.T0 + 10)
    width = run_js(qtbot, view, f"[{DOC}.documentElement.clientWidth, "
                                f"{DOC}.defaultView.innerWidth, {DOC}.body.scrollHeight]")
    assert width[0] == width[1] == 800 and width[2] > 600

"""A paused replay's animations are paused, whether the page is rebuilt or played into."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.ui.test_security import run_js
from viewer.render.view import ReplayView

ROOT = "window.replay.frame.contentDocument.documentElement"
SPINNER = "window.replay.frame.contentDocument.getElementById('spin')"


def reset(node_id: int) -> list[dict]:
    style = ("@keyframes turn { to { transform: rotate(360deg); } } "
             "#spin { animation: turn 1s infinite; }")
    tree = {"id": 1, "kind": "document", "children": [
        {"id": node_id, "kind": "element", "tag": "html", "attrs": {"class": "page"},
         "svg": False, "children": [
             {"id": 3, "kind": "element", "tag": "head", "attrs": {}, "svg": False, "children": [
                 {"id": 4, "kind": "element", "tag": "style", "attrs": {}, "svg": False,
                  "children": [{"id": 5, "kind": "text", "text": style}]}]},
             {"id": 6, "kind": "element", "tag": "body", "attrs": {}, "svg": False, "children": [
                 {"id": 7, "kind": "element", "tag": "div", "attrs": {"id": "spin"},
                  "svg": False, "children": []}]}]}]}
    return [{"op": "reset", "tree": tree, "width": 400, "height": 300, "href": "",
             "sheets": {}, "adopted": {}}]


def state(qtbot: QtBot, view: ReplayView) -> list[str]:
    return run_js(qtbot, view, f"[{ROOT}.className, getComputedStyle({SPINNER})"
                               ".animationPlayState]")


def test_rebuilt_pages_follow_the_paused_state(qtbot: QtBot) -> None:
    view = ReplayView()
    view.resize(400, 300)
    view.show()
    try:
        qtbot.waitUntil(lambda: view.is_ready, timeout=30_000)
        view.call("replay.setPaused", True)
        view.apply_ops(reset(2))
        assert state(qtbot, view) == ["page rrweb-paused", "paused"]
        view.call("replay.setPaused", False)
        assert state(qtbot, view) == ["page", "running"]
        view.apply_ops(reset(2))
        assert state(qtbot, view) == ["page", "running"]
        view.call("replay.setPaused", True)
        view.markup = False
        view.apply_ops(reset(2))
        assert state(qtbot, view) == ["page rrweb-paused", "paused"]
    finally:
        view.shutdown()

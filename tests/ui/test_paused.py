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


FRAME_DOC = "window.replay.frame.contentDocument.getElementById('f').contentDocument"


def frame_page(frame_id: int) -> dict:
    """An iframe (id `frame_id`) whose document spins an element too."""
    style = ("@keyframes turn { to { transform: rotate(360deg); } } "
             "#spin { animation: turn 1s infinite; }")
    content = {"id": frame_id + 1, "kind": "document", "children": [
        {"id": frame_id + 2, "kind": "element", "tag": "html", "attrs": {}, "svg": False,
         "children": [
             {"id": frame_id + 3, "kind": "element", "tag": "head", "attrs": {}, "svg": False,
              "children": [{"id": frame_id + 4, "kind": "element", "tag": "style", "attrs": {},
                            "svg": False, "children": [
                                {"id": frame_id + 5, "kind": "text", "text": style}]}]},
             {"id": frame_id + 6, "kind": "element", "tag": "body", "attrs": {}, "svg": False,
              "children": [{"id": frame_id + 7, "kind": "element", "tag": "div",
                            "attrs": {"id": "spin"}, "svg": False, "children": []}]}]}]}
    return {"id": frame_id, "kind": "element", "tag": "iframe", "attrs": {"id": "f"},
            "svg": False, "children": [], "content": content}


def frame_state(qtbot: QtBot, view: ReplayView) -> list[str]:
    return run_js(qtbot, view, f"[{FRAME_DOC}.documentElement.className, "
                               f"getComputedStyle({FRAME_DOC}.getElementById('spin'))"
                               ".animationPlayState]")


def test_iframe_documents_follow_the_paused_state(qtbot: QtBot) -> None:
    view = ReplayView()
    view.resize(400, 300)
    view.show()
    try:
        qtbot.waitUntil(lambda: view.is_ready, timeout=30_000)
        view.call("replay.setPaused", True)
        ops = reset(2)
        ops[0]["tree"]["children"][0]["children"][1]["children"].append(frame_page(20))
        view.apply_ops(ops)
        assert state(qtbot, view) == ["page rrweb-paused", "paused"]
        assert frame_state(qtbot, view) == ["rrweb-paused", "paused"]
        view.call("replay.setPaused", False)
        assert frame_state(qtbot, view) == ["", "running"]
        view.call("replay.setPaused", True)
        assert frame_state(qtbot, view) == ["rrweb-paused", "paused"]
        # an iframe inserted while paused starts paused
        view.apply_ops([{"op": "remove", "id": 20},
                        {"op": "insert", "parent": 6, "before": None, "node": frame_page(40)}])
        assert frame_state(qtbot, view) == ["rrweb-paused", "paused"]
        view.call("replay.setPaused", False)
        assert frame_state(qtbot, view) == ["", "running"]
    finally:
        view.shutdown()

"""A paused replay's animations are paused, whether the page is rebuilt or played into, in the
top document and in iframe documents."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from tests.engine.op_trees import el, text
from tests.ui.conftest import ready_view
from tests.ui.test_security import run_js
from viewer.render.view import ReplayView

TOP = "window.replay.frame.contentDocument"
FRAME = f"{TOP}.getElementById('f').contentDocument"
STYLE = ("@keyframes turn { to { transform: rotate(360deg); } } "
         "#spin { animation: turn 1s infinite; }")


def spinning_document(base: int, body: list[dict] | None = None, **html_attrs: str) -> dict:
    """A document (ids from `base`) with an element spinning forever, and `body` after it."""
    return {"id": base, "kind": "document", "children": [
        el(base + 1, "html", html_attrs, [
            el(base + 2, "head", {}, [el(base + 3, "style", {}, [text(base + 4, STYLE)])]),
            el(base + 5, "body", {}, [el(base + 6, "div", {"id": "spin"}), *(body or [])])])]}


def frame(node_id: int) -> dict:
    """An iframe whose document spins an element too."""
    return el(node_id, "iframe", {"id": "f"}, content=spinning_document(node_id + 1))


def reset(*body: dict) -> list[dict]:
    return [{"op": "reset", "tree": spinning_document(1, list(body), **{"class": "page"}),
             "width": 400, "height": 300, "href": "", "sheets": {}, "adopted": {}}]


def state(qtbot: QtBot, view: ReplayView, doc: str = TOP) -> list[str]:
    return run_js(qtbot, view, f"[{doc}.documentElement.className, "
                               f"getComputedStyle({doc}.getElementById('spin'))"
                               ".animationPlayState]")


@pytest.fixture
def view(qtbot: QtBot) -> Iterator[ReplayView]:
    with ready_view(qtbot, 400, 300) as shown:
        yield shown


def test_rebuilt_pages_follow_the_paused_state(qtbot: QtBot, view: ReplayView) -> None:
    view.call("replay.setPaused", True)
    view.apply_ops(reset())
    assert state(qtbot, view) == ["page rrweb-paused", "paused"]
    view.call("replay.setPaused", False)
    assert state(qtbot, view) == ["page", "running"]
    view.apply_ops(reset())
    assert state(qtbot, view) == ["page", "running"]
    view.call("replay.setPaused", True)
    view.markup = False
    view.apply_ops(reset())
    assert state(qtbot, view) == ["page rrweb-paused", "paused"]


def test_iframe_documents_follow_the_paused_state(qtbot: QtBot, view: ReplayView) -> None:
    view.call("replay.setPaused", True)
    view.apply_ops(reset(frame(20)))
    assert state(qtbot, view) == ["page rrweb-paused", "paused"]
    assert state(qtbot, view, FRAME) == ["rrweb-paused", "paused"]
    view.call("replay.setPaused", False)
    assert state(qtbot, view, FRAME) == ["", "running"]
    view.call("replay.setPaused", True)
    assert state(qtbot, view, FRAME) == ["rrweb-paused", "paused"]
    # an iframe inserted while paused starts paused
    view.apply_ops([{"op": "remove", "id": 20},
                    {"op": "insert", "parent": 6, "before": None, "node": frame(40)}])
    assert state(qtbot, view, FRAME) == ["rrweb-paused", "paused"]
    view.call("replay.setPaused", False)
    assert state(qtbot, view, FRAME) == ["", "running"]

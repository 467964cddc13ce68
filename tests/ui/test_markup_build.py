"""Pages built from markup are the pages the per-node builder makes, for real and odd trees."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.conftest import DATA, SENTRY_RECORDINGS, sentry_recording
from tests.engine.op_trees import comment, el, text
from tests.ui.markup_pages import both_ways, built, install, same_page
from tests.ui.test_security import run_js
from viewer.model import LoadError, load_replay
from viewer.render.engine import Cursor, Timeline
from viewer.render.engine import markup as M
from viewer.render.view import ReplayView

W3 = "http://www.w3.org/2000/svg"


@pytest.fixture
def view(qtbot: QtBot) -> Iterator[ReplayView]:
    v = ReplayView()
    v.resize(1024, 768)
    qtbot.waitUntil(lambda: v.is_ready, timeout=30_000)
    install(qtbot, v)
    yield v
    v.shutdown()


def recordings() -> list[Path]:
    files = sorted(p for p in (DATA / "thirdparty").rglob("*.json")
                   if not p.name.endswith(".expected.json"))
    return [sentry_recording(n) for n in SENTRY_RECORDINGS] + files


def test_corpus_pages_are_the_same_both_ways(qtbot: QtBot, view: ReplayView) -> None:
    """Every recording at random moments: the rebuilt page is the same, node for node."""
    checked = with_markup = 0
    for path in recordings():
        try:
            replay = load_replay([str(path)])
        except LoadError:
            continue
        cursor = Cursor(Timeline(replay.events, replay.recorder), ops=False)
        rng = random.Random(path.name)
        moments = sorted(rng.uniform(replay.start_ms, replay.end_ms) for _ in range(2))
        for t in [*moments, replay.end_ms + 1]:
            cursor.seek(t)
            old, new = both_ways(qtbot, view, [cursor.reset_op()])
            same_page(old, new)
            assert new["fallbacks"] == 0, path.name
            checked += 1
            with_markup += new["built"] > 0
    assert checked > 450 and with_markup > 400


#: Recordings that insert large subtrees and iframe documents while they play.
PLAYED = ["misc/rrweb-sizer__e1.json", "rrweb-events/rrweb-player-public-events.json",
          "rrweb-events/iframe.json", "rrweb-events/iframe-shadowdom-hover.json",
          "rrweb-events/adopted-style-sheet-modification.json",
          "rrweb-test-snapshots-timed/rrweb__integration__record-integration-tests-should-"
          "record-nested-iframes-and-shadow-doms.json"]


@pytest.mark.parametrize("name", [*PLAYED, "checkout"], ids=lambda n: Path(n).stem[:48])
def test_inserts_while_playing_are_the_same_both_ways(
        qtbot: QtBot, view: ReplayView, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Playing forward event by event: every insert of two nodes or more goes as markup."""
    monkeypatch.setattr(M, "MIN_INSERT_NODES", 2)
    path = sentry_recording(name) if name == "checkout" else DATA / "thirdparty" / name
    replay = load_replay([str(path)])
    pages: dict[bool, list[dict[str, Any]]] = {}
    for markup in (False, True):
        cursor = Cursor(Timeline(replay.events, replay.recorder))
        ops = [cursor.reset_op()]
        pages[markup] = []
        checkpoints = {cursor.total * k // 4 for k in (1, 2, 3, 4)}
        while cursor.position < cursor.total:
            ops += cursor.step(1).ops
            if cursor.position in checkpoints:
                pages[markup].append(built(qtbot, view, ops, markup))
                ops = []
    assert sum(p["built"] for p in pages[True]) > 0
    for old, new in zip(pages[False], pages[True], strict=True):
        same_page(old, new)
        assert new["fallbacks"] == 0


# -- targeted trees: each exercises one thing XML cannot carry --------------------------------

def page(*body: dict[str, Any], head: list[dict[str, Any]] | None = None,
         top: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"id": 1, "kind": "document", "children": [
        {"id": 2, "kind": "doctype", "name": "html"}, *(top or []),
        el(3, "html", {"lang": "en"}, [el(4, "head", {}, head or []),
                                       el(5, "body", {}, list(body))])]}


def reset(tree: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"op": "reset", "tree": tree, "width": 1024, "height": 768, "href": "",
             "sheets": {}, "adopted": {}}]


CASES: dict[str, tuple[dict[str, Any], Any]] = {
    # name: (document tree, what the markup form must show for it)
    "adjacent and empty text": (page(el(10, "p", {}, [
        text(11, "a"), text(12, "b"), text(13, ""), text(14, "c"), el(15, "br"), text(16, ""),
        {"id": 17, "kind": "cdata", "text": ""}, text(18, "d")])),
        [{"text": "b"}, {"text": ""}, {"text": ""}, {"cdata": 1}]),
    "characters XML cannot hold": (page(el(10, "p", {"title": "bell\x07", "x": "y"}, [
        text(11, "nul\x00 esc\x1b"), text(12, "\uffff"), comment(13, "vt\x0b")])),
        [{"attrs": [["title", "bell\x07"], ["x", "y"]]}, {"text": "nul\x00 esc\x1b"},
         {"text": "\uffff"}, {"comment": "vt\x0b"}]),
    "comments XML cannot hold": (page(el(10, "div", {}, [
        comment(11, "a -- b"), comment(12, "ends-"), comment(13, "cr\r\nlf"), comment(14, ""),
        comment(15, "ok")]), top=[comment(6, "before <html> -- top level")]),
        [{"comment": "before <html> -- top level"}, {"comment": "a -- b"},
         {"comment": "ends-"}, {"comment": "cr\r\nlf"}]),
    "escaping and whitespace": (page(el(10, "pre", {
        "title": "tab\tnl\ncr\r & < > \" '", "data-x": "]]>", "data-y": "&amp; &#10;"}, [
        text(11, "a & b < c > d ]]> \"q\" 'q'\r\nCRLF\rCR\n\ttab  ")])), []),
    "attribute names XML cannot hold": (page(el(10, "div", {
        "id": "k", "@click": "go()", ":class": "{a: 1}", "v-on:click": "f", "xml:lang": "fr",
        "xmlns": "urn:other", "xmlns:foo": "urn:foo", "data-Cap": "1", "weird name": "x",
        "data-é": "é", "": "empty"})), None),
    "tag names XML cannot hold": (page(
        el(10, "my:tag", {"a": "1"}, [text(11, "inside")]), el(12, "1abc", {}, [text(13, "x")]),
        el(14, "", {"b": "2"}), el(15, "café"), el(16, "x-custom", {}, [text(17, "custom")]),
        el(18, "xmlish"), el(19, "DIV", {"class": "upper"})), None),
    "template children stay children": (page(el(10, "template", {"id": "t"}, [
        el(11, "p", {}, [text(12, "a template child")]), text(13, "tail")]),
        el(14, "svg", {}, [el(15, "template", {}, [text(16, "svg template")], svg=True)],
           svg=True)), None),
    "svg, foreignObject and xlink": (page(el(10, "svg", {
        "xmlns": W3, "xmlns:xlink": "http://www.w3.org/1999/xlink", "viewBox": "0 0 10 10"}, [
        el(11, "defs", {}, [el(12, "linearGradient", {"id": "g"}, svg=True)], svg=True),
        el(13, "use", {"xlink:href": "#g", "href": "#g"}, svg=True),
        el(14, "foreignObject", {"width": "5"}, [
            el(15, "div", {"class": "html"}, [el(16, "svg", {}, [], svg=True)])], svg=True),
        el(17, "a", {"xlink:title": "svg a"}, [text(18, "t")], svg=True),
        el(19, "iframe", {"src": "http://127.0.0.1:9/svg-frame"}, svg=True)], svg=True)), None),
    "shadow roots": (page(
        el(10, "div", {"id": "host"}, [text(11, "light")], shadow={"id": -1, "kind": "shadow",
           "children": [el(12, "style", {}, [text(13, "p { color: red; }")]),
                        el(14, "p", {}, [text(15, "in shadow")]),
                        el(16, "span", {}, [], shadow={"id": -2, "kind": "shadow",
                                                       "children": [text(17, "nested")]})]}),
        el(20, "a", {"href": "#"}, [text(21, "cannot host")], shadow={
            "id": -3, "kind": "shadow", "children": [el(22, "b", {}, [text(23, "dropped")],
                                                        value="v")]}),
        el(24, "x-host", {}, [], shadow={"id": -4, "kind": "shadow", "children": []})), None),
    "duplicate ids": (page(el(10, "div", {}, [el(10, "span", {}, [text(11, "a")]),
                                              text(11, "b")]), text(5, "body id again")),
                      None),
    "odd structure": (page(el(10, "div", {}, [
        {"id": 11, "kind": "doctype", "name": "inner"}, {"id": 12, "kind": "weird"},
        {"id": 13, "kind": "document", "children": []}, text(14, "after")]),
        top=[text(7, "text at document level"), el(8, "div", {}, [text(9, "second root")])]),
        None),
    "withheld attributes": (page(
        el(10, "iframe", {"src": "http://127.0.0.1:9/frame", "srcdoc": "<b>x</b>",
                          "title": "t"}),
        el(11, "object", {"data": "http://127.0.0.1:9/obj", "type": "x/y"}),
        el(12, "embed", {"src": "http://127.0.0.1:9/embed"}),
        head=[el(20, "meta", {"http-equiv": "refresh", "content": "0;url=http://127.0.0.1:9/m"}),
              el(21, "meta", {"content": "1;url=http://127.0.0.1:9/late", "@late": "1",
                              "http-equiv": "refresh"}),
              el(22, "meta", {"http-equiv": "content-security-policy", "content": "x"}),
              el(23, "base", {"href": "http://127.0.0.1:9/"})]), None),
    "per-element state": (page(
        el(10, "input", {"type": "text", "value": "markup"}, value="typed"),
        el(11, "input", {"type": "checkbox"}, checked=True),
        el(12, "textarea", {}, [text(13, "initial")], value="edited"),
        el(14, "select", {}, [el(15, "option", {"value": "a"}, [text(16, "A")]),
                              el(17, "option", {"value": "b"}, [text(18, "B")])], value="b"),
        el(19, "div", {"style": "height: 50px; overflow: auto"}, [
            el(20, "div", {"style": "height: 500px"})], scroll=[0, 120]),
        el(21, "iframe", {}, content={"id": 30, "kind": "document", "children": [
            el(31, "html", {}, [el(32, "body", {}, [
                el(33, "p", {}, [text(34, "framed")]),
                el(35, "iframe", {}, content={"id": 40, "kind": "document", "children": [
                    el(41, "html", {}, [el(42, "body", {}, [text(43, "nested frame")])])]})])])]}),
        head=[el(50, "style", {}, [text(51, "a { color: red; }")], sheet=[
            {"op": "sheet_insert", "index": 1, "rule": "b { color: blue; }"},
            {"op": "sheet_delete", "index": 0}])]), None),
}


@pytest.mark.parametrize("name", list(CASES))
def test_odd_trees_are_the_same_both_ways(qtbot: QtBot, view: ReplayView, name: str) -> None:
    tree, expected = CASES[name]
    (form,) = M.encode_document(tree)["children"]
    if expected is not None:
        assert [e for _, e in form["fix"] if e != {"doctype": "html"}] == expected
    old, new = both_ways(qtbot, view, reset(tree))
    same_page(old, new)
    assert (new["built"], new["fallbacks"]) == (documents(tree), 0)


def documents(tree: dict[str, Any]) -> int:
    """How many documents with children a tree holds (each is one markup build)."""
    count = 1 if tree["kind"] == "document" and tree["children"] else 0
    for child in tree.get("children", []) + ([tree["shadow"]] if "shadow" in tree else []):
        if isinstance(child, dict) and child.get("kind") in ("element", "shadow", "document"):
            count += documents(child)
    if isinstance(tree.get("content"), dict):
        count += documents(tree["content"])
    return count


def test_html_and_svg_elements_are_real_elements_of_the_replay(qtbot: QtBot,
                                                               view: ReplayView) -> None:
    tree, _ = CASES["svg, foreignObject and xlink"]
    built(qtbot, view, reset(tree), True)
    doc = "window.replay.frame.contentDocument"
    checks = run_js(qtbot, view, f"""(() => {{
        const d = {doc}, w = d.defaultView, svg = d.querySelector("svg");
        const div = d.body.querySelector("div.html");
        return [svg instanceof w.SVGSVGElement, div instanceof w.HTMLDivElement,
                d.body instanceof w.HTMLBodyElement,
                d.getElementById("g") instanceof w.SVGLinearGradientElement,
                d.getElementById("g").localName === "linearGradient",
                div.tagName, svg.tagName, d.documentElement.tagName,
                d.querySelector("use").getAttributeNS("http://www.w3.org/1999/xlink", "href")];
    }})()""")
    assert checks == [True, True, True, True, True, "DIV", "svg", "HTML", "#g"]


def test_a_parse_error_builds_node_by_node_and_is_counted(qtbot: QtBot,
                                                         view: ReplayView) -> None:
    tree, _ = CASES["shadow roots"]
    old = built(qtbot, view, reset(tree), False)
    encoded = M.encode_ops(reset(tree))
    form = encoded[0]["tree"]["children"][0]
    form["markup"] = form["markup"].replace("</body>", "</bogus>")  # not well-formed any more
    view.markup = False  # send it as it is
    new = built(qtbot, view, encoded, False)
    assert (new["fallbacks"], new["built"]) == (1, 0)
    assert (new["dump"], new["doc"], new["errors"]) == (old["dump"], old["doc"], old["errors"])


def test_a_walk_that_meets_other_nodes_builds_node_by_node(qtbot: QtBot,
                                                           view: ReplayView) -> None:
    tree, _ = CASES["adjacent and empty text"]
    old = built(qtbot, view, reset(tree), False)
    encoded = M.encode_ops(reset(tree))
    form = encoded[0]["tree"]["children"][0]
    form["markup"] = form["markup"].replace("<?r?>", "", 1)  # well-formed, one node short
    new = built(qtbot, view, encoded, False)
    assert new["fallbacks"] == 1
    assert (new["dump"], new["doc"]) == (old["dump"], old["doc"])


def test_trees_too_deep_for_json_are_built_from_markup(qtbot: QtBot, view: ReplayView) -> None:
    inner = el(100, "span", {}, [text(101, "bottom")])
    for i in range(3000):
        inner = el(1000 + i, "div", {"data-d": str(i)}, [inner])
    view.apply_ops(reset(page(inner)))  # as JSON, the op could not even be sent
    found = run_js(qtbot, view, """(() => {
        const span = window.replay.frame.contentDocument.querySelector("span");
        let d = 0;
        for (let n = span; n; n = n.parentElement) d++;
        const s = window.replay.stats();
        return [d, span.textContent, window.replay.idOf(span.firstChild), s.nodes,
                s.markup.built, s.markup.fallbacks, s.errors];
    })()""")
    # depth: span, 3000 divs, body, html; nodes: those, head, text, doctype, document
    assert found == [3000 + 3, "bottom", 101, 3000 + 7, 1, 0, 0]


def test_large_inserts_go_as_markup_before_their_sibling(qtbot: QtBot, view: ReplayView) -> None:
    tree = page(el(10, "ul", {}, [el(11, "li", {}, [text(12, "last")])]))
    rows = [el(200 + i, "li", {"class": f"r{i}"}, [text(400 + i, f"row {i}"),
                                                   comment(600 + i, "--")])
            for i in range(20)]
    big = el(20, "ol", {}, rows, shadow={"id": -5, "kind": "shadow", "children": [
        el(21, "slot", {})]})
    ops = [*reset(tree), {"op": "insert", "parent": 10, "before": 11, "node": big},
           {"op": "insert", "parent": 10, "before": None,
            "node": el(22, "li", {}, [text(23, "small")])}]
    assert [op["node"]["kind"] for op in M.encode_ops(ops)[1:]] == ["markup", "element"]
    old, new = both_ways(qtbot, view, ops)
    same_page(old, new)
    assert new["built"] == 2  # the document and the large insert


def test_snapshot_of_a_page_nested_deeper_than_json_goes(qtbot: QtBot, tmp_path: Path) -> None:
    """300 nested elements: as a JSON tree the op could not be sent (the command failed)."""
    from PySide6.QtGui import QImage

    from tests import builders as b
    from viewer.cli import main

    snapshot = b.full_snapshot()
    node = snapshot["data"]["node"]["childNodes"][1]["childNodes"][1]
    for i in range(300):
        child = {"type": 2, "id": 100 + i, "tagName": "div", "childNodes": [],
                 "attributes": {"style": "padding-left: 1px"}}
        node["childNodes"].append(child)
        node = child
    node["childNodes"].append({"type": 3, "id": 99, "textContent": "the bottom"})
    path = tmp_path / "deep.json"
    path.write_text(json.dumps([b.meta(), snapshot]))
    out = tmp_path / "deep.png"
    assert main(["snapshot", str(path), "-o", str(out), "--width", "400"]) == 0
    image = QImage(str(out))
    page = [x for x in range(image.width()) if image.pixelColor(x, 200).lightness() > 250]
    left = page[0]  # the replayed page (white) between the player's dark margins
    ink = sorted(x - left for x in page for y in range(30)
                 if image.pixelColor(x, y).lightness() < 128)
    # "hello" at the left edge, "the bottom" 300 recorded pixels (scaled to 400/800) further in
    assert ink[0] < 10 and any(120 < x < 200 for x in ink)

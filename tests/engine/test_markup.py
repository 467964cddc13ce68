"""The markup form of op trees: well-formed XML that stands for exactly the trees it encodes."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any
from xml.parsers import expat

import orjson
import pytest

from tests.conftest import DATA, SENTRY_RECORDINGS, sentry_recording
from tests.engine.markup_decoder import decode, decode_document, normalized
from tests.engine.op_trees import comment, el, text
from viewer.model import LoadError, load_replay
from viewer.render.engine import Cursor, Timeline
from viewer.render.engine import markup as M
from viewer.render.engine import ops as P
from viewer.render.engine.nodes import DOCUMENT, ELEMENT, Node, insert_before


def round_trip(trees: list[dict[str, Any]]) -> dict[str, Any]:
    """Encode, check the decoded trees are the encoded ones (and that the writer for deep trees
    writes the same), return the form."""
    form = M.markup_form(trees)
    assert decode(form) == [normalized(t) for t in trees]
    assert written(M._write, trees) == written(M._write_deep, trees)
    return form


def written(writer: Any, trees: list[Any]) -> tuple[Any, ...]:
    out: list[str] = []
    ids: list[Any] = []
    fix: list[list[Any]] = []
    post: list[list[Any]] = []
    writer(trees, out, ids, fix, post)
    return "".join(out), ids, fix, post


def entries(form: dict[str, Any]) -> list[dict[str, Any]]:
    return [entry for _, entry in form["fix"]]


def test_plain_elements_and_text_are_markup_only() -> None:
    form = round_trip([el(1, "div", {"class": "a b", "data-x": "1"}, [
        text(2, "hello "), el(3, "b", {}, [text(4, "world")]), text(5, " & <more> \"q\"")])])
    assert form["fix"] == [] and form["post"] == []
    assert form["ids"] == [1, 2, 3, 4, 5]
    assert "&amp; &lt;more&gt;" in form["markup"]


def test_text_that_xml_would_merge_drop_or_refuse_uses_placeholders() -> None:
    form = round_trip([el(1, "p", {}, [
        text(2, "a"), text(3, "b"), text(4, ""), text(5, "c"), text(6, "bad\x01char"),
        text(7, "\ufffe"), text(8, "after")])])
    # "c" and "after" follow a placeholder, not literal text: they stay markup
    assert entries(form) == [{"text": "b"}, {"text": ""}, {"text": "bad\x01char"},
                             {"text": "\ufffe"}]


def test_lone_surrogates_are_not_xml() -> None:
    # recordings cannot bring them (the JSON is refused on load, and ops are sent as JSON),
    # but a tree holding one would still not be written as markup
    assert M._text_markup("a\ud800b") is None
    assert M._comment_markup("\udfff") is None


def test_text_after_an_element_or_comment_is_not_adjacent() -> None:
    form = round_trip([el(1, "p", {}, [text(2, "a"), el(3, "br"), text(4, "b"),
                                       comment(5, "c"), text(6, "d")])])
    assert form["fix"] == []


def test_whitespace_and_carriage_returns_survive() -> None:
    form = round_trip([el(1, "pre", {"title": "a\tb\nc\r\nd", "alt": "]]>"}, [
        text(2, "line\r\nnext\rlast\n\t  "), text(3, "x")])])
    assert "&#13;" in form["markup"] and "&#9;" in form["markup"] and "&#10;" in form["markup"]


def test_comments_xml_cannot_hold_use_placeholders() -> None:
    form = round_trip([el(1, "div", {}, [
        comment(2, "fine"), comment(3, "a--b"), comment(4, "ends-"), comment(5, "cr\r"),
        comment(6, "ctl\x02"), comment(7, "-->"), comment(8, "")])])
    assert entries(form) == [{"comment": "a--b"}, {"comment": "ends-"}, {"comment": "cr\r"},
                             {"comment": "ctl\x02"}, {"comment": "-->"}]


def test_cdata_and_doctype_are_placeholders() -> None:
    form = round_trip([{"id": 1, "kind": "doctype", "name": "html"},
                       el(2, "html", {}, [{"id": 3, "kind": "cdata", "text": ""}])])
    assert entries(form) == [{"doctype": "html"}, {"cdata": 1}]
    assert form["markup"].count("<?r?>") == 2


def test_attribute_names_xml_cannot_hold_are_set_later_in_order() -> None:
    attrs = {"id": "x", "@click": "go()", "class": "c", ":class": "{a: 1}",
             "v-on:click": "f", "xml:lang": "en", "xmlns": "urn:x", "data-Up": "1"}
    form = round_trip([el(1, "div", attrs)])
    assert form["fix"] == [[0, {"attrs": [[k, v] for k, v in list(attrs.items())[1:]]}]]
    assert ' id="x"' in form["markup"]


def test_values_xml_cannot_hold_and_non_strings_are_set_later() -> None:
    form = round_trip([el(1, "div", {"a": "1", "b": "bell\x07", "c": "3"}),
                       el(2, "div", {"n": 5, "t": True, "z": None})])  # type: ignore[dict-item]
    assert entries(form) == [{"attrs": [["b", "bell\x07"], ["c", "3"]]},
                             {"attrs": [["n", 5], ["t", True], ["z", None]]}]


def test_html_attribute_names_with_capitals_are_left_to_the_page() -> None:
    form = round_trip([el(1, "div", {"onClick": "x"}), el(2, "svg", {"viewBox": "0 0 1 1"},
                                                            svg=True)])
    assert entries(form)[0] == {"attrs": [["onClick", "x"]]}
    assert 'viewBox="0 0 1 1"' in form["markup"]


def test_tag_names_xml_cannot_hold_and_template_are_made_by_the_page() -> None:
    trees = [el(1, "my:tag", {"a": "1"}, [text(2, "in")]), el(3, "1abc"), el(4, ""),
             el(5, "template", {}, [el(6, "p", {}, [text(7, "kept as a child")])]),
             el(8, "TEMPLATE"), el(9, "café"), el(10, "xmlthing"), el(11, "x-custom-el")]
    form = round_trip(trees)
    made = [(form["ids"][i], e.get("tag")) for i, e in form["fix"]]
    assert made == [(1, "my:tag"), (3, "1abc"), (4, ""), (5, "template"), (8, "TEMPLATE"),
                    (9, "café"), (10, "xmlthing")]
    assert entries(form)[0]["attrs"] == [["a", "1"]]
    assert "<x-custom-el>" in form["markup"]


def test_svg_declares_its_namespace_where_it_changes() -> None:
    trees = [el(1, "svg", {"xmlns": "http://www.w3.org/2000/svg", "viewBox": "0 0 2 2"}, [
        el(2, "use", {"xlink:href": "#a"}, svg=True),
        el(3, "foreignobject", {}, [el(4, "div", {}, [el(5, "svg", {}, svg=True)])], svg=True),
    ], svg=True)]
    form = round_trip(trees)
    fixes = {form["ids"][i]: e for i, e in form["fix"]}
    assert fixes[1] == {"xmlns": 1, "attrs": [["xmlns", "http://www.w3.org/2000/svg"],
                                              ["viewBox", "0 0 2 2"]]}
    assert fixes[4] == {"xmlns": 1} and fixes[5] == {"xmlns": 1}
    assert 2 not in fixes and 3 not in fixes
    assert 'xlink:href="#a"' in form["markup"]


def test_shadow_roots_come_first_in_their_host() -> None:
    trees = [el(1, "div", {}, [text(2, "light")], shadow={"id": -1, "kind": "shadow", "children": [
        el(3, "span", {}, [text(4, "in shadow")],
           shadow={"id": -2, "kind": "shadow", "children": [text(5, "nested")]})]})]
    form = round_trip(trees)
    assert form["ids"] == [1, -1, 3, -2, 5, 4, 2]
    assert [e for e in entries(form)] == [{"shadow": 1}, {"shadow": 1}]


def test_per_element_state_in_the_per_node_builder_order() -> None:
    inner = {"id": 20, "kind": "document", "children": [el(21, "html")]}
    trees = [el(1, "div", {}, [el(2, "input", value="v", checked=True),
                               el(3, "iframe", content=inner),
                               el(4, "div", scroll=[0, 40])],
                scroll=[3, 4], shadow={"id": -1, "kind": "shadow", "children": [
                    el(5, "style", {}, [text(6, "a{}")], sheet=[{"op": "sheet_insert"}])]},
                canvas_frames=["future state"])]
    form = round_trip(trees)
    order = [form["ids"][i] for i, _ in form["post"]]
    assert order == [5, 2, 3, 4, 1]  # post-order, shadow children before light ones
    state_of_1 = form["post"][-1][1]
    assert state_of_1 == {"scroll": [3, 4], "canvas_frames": ["future state"]}
    content = form["post"][2][1]["content"]
    assert content["children"][0]["kind"] == "markup"


def test_unknown_kinds_are_skipped_like_the_per_node_builder_does() -> None:
    trees = [el(1, "div", {}, [{"id": 2, "kind": "weird"}, {"id": 3, "kind": "document"},
                               "not a tree", text(4, "x")])]  # type: ignore[list-item]
    form = round_trip(trees)
    assert form["ids"] == [1, 4]


def test_duplicate_ids_name_the_node_registered_last() -> None:
    # the per-node builder registers elements after their subtree and leaves as it meets them
    trees = [el(7, "div", {}, [el(7, "span"), text(8, "a")]), text(8, "b"),
             el(9, "p", {}, [text(9, "c")])]
    form = round_trip(trees)
    assert sorted(form["win"]) == [[7, 0], [8, 3], [9, 4]]


def test_recorded_parsererror_elements_are_counted() -> None:
    form = round_trip([el(1, "parsererror", {}, [text(2, "recorded")])])
    assert form["parsererrors"] == 1


def test_deep_trees_do_not_recurse() -> None:
    tree = el(0, "div")
    cur = tree
    for i in range(1, 5000):
        child = el(i, "div")
        cur["children"] = [child]
        cur = child
    form = M.markup_form([tree])
    assert len(form["ids"]) == 5000 and form["markup"].count("<div>") == 5000
    assert form["json"] is None  # deeper than JSON is written: it travels as markup only
    starts: list[str] = []
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = lambda name, attrs: starts.append(name)
    parser.Parse(form["markup"], True)
    assert starts[1:] == [f"{M.XHTML_NS} div"] * 5000


def test_op_trees_of_deep_documents_are_made_without_recursion() -> None:
    doc = Node(DOCUMENT, 1)
    parent = doc
    for i in range(2, 5002):
        child = Node(ELEMENT, i, tag="div")
        insert_before(parent, child, None)
        parent = child
    tree = P.tree(doc)  # (comparing it with == would recurse too deep)
    depth = 0
    while tree["children"]:
        tree = tree["children"][0]
        depth += 1
    assert depth == 5000 and tree["id"] == 5001


def test_encode_ops_converts_resets_documents_and_large_inserts_only() -> None:
    small = el(5, "p", {}, [text(6, "x")])
    big = el(7, "ul", {}, [el(100 + i, "li") for i in range(M.MIN_INSERT_NODES)])
    doc = {"id": 1, "kind": "document", "children": [el(2, "html")], "scroll": [0, 5]}
    ops = [{"op": "reset", "tree": doc, "width": 1, "height": 1},
           {"op": "insert", "parent": 2, "before": None, "node": small},
           {"op": "insert", "parent": 2, "before": None, "node": big},
           {"op": "insert", "parent": 3, "before": None, "node": doc, "content": True},
           {"op": "set_text", "id": 6, "text": "y"},
           {"op": "reset", "tree": None, "width": 1, "height": 1}]
    before = repr(ops)
    out = M.encode_ops(ops)
    assert repr(ops) == before  # the ops given are not changed
    assert out[0]["tree"]["children"][0]["kind"] == "markup"
    assert out[0]["tree"]["scroll"] == [0, 5] and out[0]["width"] == 1
    assert out[1] is ops[1] and out[4] is ops[4] and out[5] is ops[5]
    assert out[2]["node"]["kind"] == "markup" and out[3]["node"]["kind"] == "document"
    assert decode(out[2]["node"]) == [normalized(big)]
    assert M.encode_ops(ops[4:]) is not None and M.encode_ops(ops[4:]) == ops[4:]


def corpus_recordings() -> list[Path]:
    files = sorted(p for p in (DATA / "thirdparty").rglob("*.json")
                   if not p.name.endswith(".expected.json"))
    return [sentry_recording(n) for n in SENTRY_RECORDINGS] + files


@pytest.mark.parametrize("path", corpus_recordings(), ids=lambda p: p.name)
def test_corpus_documents_round_trip(path: Path) -> None:
    """Every recording, at random moments: the reset tree in markup form is well-formed and
    decodes to the same tree."""
    try:
        replay = load_replay([str(path)])
    except LoadError:
        pytest.skip("not a recording this viewer loads")
    cursor = Cursor(Timeline(replay.events, replay.recorder), ops=False)
    rng = random.Random(path.name)
    moments = sorted(rng.uniform(replay.start_ms, replay.end_ms) for _ in range(3))
    for t in [*moments, replay.end_ms + 1]:
        cursor.seek(t)
        op = cursor.reset_op()
        if op["tree"] is None:
            continue
        (encoded,) = M.encode_ops([op])
        assert decode_document(encoded["tree"]) == normalized(op["tree"])
        children = op["tree"]["children"]
        assert written(M._write, children) == written(M._write_deep, children)
        document = cursor.engine.document
        assert document is not None
        assert orjson.dumps(P._tree(document)) == orjson.dumps(P._tree_deep(document))

"""The Elements tree without Qt: rows, row text, paths, and search through shadow roots/iframes."""

from __future__ import annotations

from typing import Any

import pytest

from tests.engine.events import el, meta, page, snapshot, text
from tests.inspection.corpus import recording
from viewer.render.engine import DomEngine, Timeline
from viewer.render.engine.cursor import engine_at
from viewer.render.engine.inspection.element_tree import (
    find,
    parse_selector,
    row_text,
    rows_of,
    walk,
)
from viewer.render.engine.inspection.node_info import describe, path
from viewer.render.engine.nodes import iter_subtree


def final_state(name: str) -> DomEngine:
    replay = recording(name)
    assert replay is not None
    tl = Timeline(replay.events, replay.recorder)
    return engine_at(tl, tl.timestamps[-1] + 1)


def ids(nodes: list[Any]) -> list[int]:
    return [n.id for n in nodes]


def test_rows_paths_and_row_text() -> None:
    engine = DomEngine()
    engine.apply(meta())
    engine.apply(snapshot(page(
        el(10, "form", {"id": "checkout"},
           el(11, "button", {"class": "primary big", "disabled": True}, text(12, "Pay")),
           text(13, "\n   ")),
    )))
    form = engine.mirror[10]
    assert ids(rows_of(form)) == [11]  # the whitespace-only text is not a row
    assert row_text(engine.mirror[11]) == '<button class="primary big" disabled>'
    assert row_text(engine.mirror[12]) == '"Pay"'
    assert path(engine.mirror[11]) == "body > form#checkout > button.primary.big"
    assert path(engine.mirror[12]) == "body > form#checkout > button.primary.big > #text"
    info = describe(engine.mirror[11])
    assert info["attributes"] == {"class": "primary big", "disabled": ""}
    assert (info["tag"], info["children"], info["parent"]) == ("button", 1, 10)


@pytest.mark.parametrize(("query", "ok"), [
    ("div", True), ("div.a#b", True), ("form#pay > button.primary", True),
    ('[data-x="1 2"]', True), ("a[href^=http]", True), ("ul li > a", True),
    ("Pay now!", False), ("> a", False), ("a >", False), ("a[x", False), ("a:hover", False),
])
def test_the_selector_subset(query: str, ok: bool) -> None:
    assert (parse_selector(query) is not None) is ok


def test_search_by_selector_text_and_id_crosses_shadow_roots() -> None:
    engine = final_state("thirdparty/rrweb-events/shadow-dom.json")
    spans = [n for n in iter_subtree(engine.document) if n.kind == 2 and n.tag == "span"]
    assert len(spans) == 2 and ids(find(engine.document, "span")) == ids(spans)
    # `div span` descends into both shadow roots; `div > span` only where the span's
    # element above is a div (shadow roots are crossed like any parent)
    assert ids(find(engine.document, "div span")) == ids(spans)
    assert ids(find(engine.document, "body > div > span")) == ids(spans[:1])
    assert ids(find(engine.document, "shadow dom two")) == [11]
    assert ids(find(engine.document, "10")) == [10]
    assert find(engine.document, "no such thing") == []


def test_search_and_paths_go_into_iframe_documents() -> None:
    engine = final_state("thirdparty/rrweb-events/iframe.json")
    found = find(engine.document, "iframe#two iframe")
    assert [n.attrs.get("id") for n in found] == ["three", "four"]
    inner = engine.mirror[13]
    assert path(inner) == "body > iframe#one > #document > body > div > #text"
    order = ids(list(walk(engine.document)))
    assert order.index(6) < order.index(13) < order.index(38)  # document order

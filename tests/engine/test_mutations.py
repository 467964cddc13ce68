"""Hand-made edge cases (FORMATS.md §9) for applying rrweb events to the mirror."""

from __future__ import annotations

from typing import Any

from tests.engine.events import (
    add,
    at,
    el,
    incremental,
    meta,
    mutation,
    page,
    snapshot,
    text,
)
from viewer.render.engine import DomEngine, dom_dumps


def body_of(events: list[dict[str, Any]], ts: float, flavor: str = "sentry") -> list[Any]:
    dom = dom_dumps(events, [at(ts)], flavor)[0]["dom"]
    html = dom[2][1]
    return html[2][1][2]  # children of <body>


def test_add_before_a_sibling_added_later_in_the_batch() -> None:
    events = [
        meta(),
        snapshot(page()),
        mutation(
            10,
            adds=[
                add(5, el(11, "p"), next_id=12),  # next sibling not built yet: queued
                add(5, el(12, "div")),
                add(11, text(13, "in p")),  # parent queued: nested under it
            ],
        ),
    ]
    assert body_of(events, 10) == [["p", {}, [["#text", "in p"]]], ["div", {}, []]]


def test_queued_children_are_inserted_in_reverse_order() -> None:
    # the parent waits for its next sibling; its children (tail-first, each naming its next
    # sibling) are nested under it in the resolve tree and inserted last-first
    events = [
        snapshot(page()),
        mutation(
            10,
            adds=[
                add(5, el(20, "div"), next_id=99),
                add(20, el(23, "i"), next_id=None),
                add(20, el(22, "b"), next_id=23),
                add(20, el(21, "a"), next_id=22),
                add(5, el(99, "hr")),
            ],
        ),
    ]
    assert body_of(events, 10) == [
        ["div", {}, [["a", {}, []], ["b", {}, []], ["i", {}, []]]],
        ["hr", {}, []],
    ]


def test_queued_children_listed_before_their_queued_parent_are_dropped_like_rrweb() -> None:
    # rrweb turns them into resolve-tree roots whose parent is missing, and drops them
    events = [
        snapshot(page()),
        mutation(
            10,
            adds=[
                add(20, el(21, "a")),
                add(5, el(20, "div"), next_id=99),
                add(5, el(99, "hr")),
            ],
        ),
    ]
    assert body_of(events, 10) == [["div", {}, []], ["hr", {}, []]]


def test_unresolvable_adds_end_quickly_and_are_counted() -> None:
    engine = DomEngine()
    engine.apply(snapshot(page()))
    engine.apply(mutation(10, adds=[add(5, el(30 + i, "p"), next_id=1000) for i in range(300)]))
    assert engine.problems["mutation: unresolvable adds"] == 1
    assert engine.mirror[5].children == []


def test_moved_subtree_gets_fresh_nodes_with_the_same_ids() -> None:
    doc = page(el(10, "div", {"id": "a"}, el(11, "span", {}, text(12, "x"))), el(20, "section"))
    events = [
        snapshot(doc),
        mutation(
            10,
            removes=[{"parentId": 5, "id": 10}],
            adds=[
                add(20, el(10, "div", {"id": "a"})),
                add(10, el(11, "span")),
                add(11, text(12, "x")),
            ],
        ),
    ]
    assert body_of(events, 10) == [
        ["section", {}, [["div", {"id": "a"}, [["span", {}, [["#text", "x"]]]]]]],
    ]


def test_removing_a_descendant_of_a_removed_node_is_not_an_error() -> None:
    engine = DomEngine()
    engine.apply(snapshot(page(el(10, "div", {}, el(11, "p")))))
    engine.apply(mutation(10, removes=[{"parentId": 5, "id": 10}, {"parentId": 10, "id": 11}]))
    assert 11 not in engine.mirror and 10 not in engine.mirror
    assert engine.mirror[5].children == []


def test_iframe_document_parked_until_its_iframe_arrives() -> None:
    body = el(53, "body", {}, text(54, "hi", rootId=50), rootId=50)
    inner = {
        "type": 0,
        "id": 50,
        "childNodes": [el(51, "html", {}, el(52, "head", {}, rootId=50), body, rootId=50)],
    }
    events = [
        snapshot(page()),
        mutation(10, adds=[add(40, inner)], isAttachIframe=True),  # iframe 40 unknown yet
        mutation(20, adds=[add(5, el(40, "iframe"))]),
        mutation(30, adds=[add(53, el(55, "b", rootId=50))]),
    ]
    assert body_of(events, 10) == []
    iframe = body_of(events, 30)[0]
    assert iframe[0] == "iframe"
    assert iframe[2] == [
        [
            "#document",
            {},
            [["html", {}, [["head", {}, []], ["body", {}, [["#text", "hi"], ["b", {}, []]]]]]],
        ]
    ]


def test_shadow_roots_from_snapshot_and_attached_on_first_shadow_child() -> None:
    doc = page(el(10, "x-a", {}, el(11, "p", {}, isShadow=True), isShadowHost=True), el(20, "x-b"))
    events = [snapshot(doc), mutation(10, adds=[add(20, el(21, "i", isShadow=True))])]
    assert body_of(events, 10) == [
        ["x-a", {}, [["#shadow", {}, [["p", {}, []]]]]],
        ["x-b", {}, [["#shadow", {}, [["i", {}, []]]]]],
    ]
    engine = DomEngine()
    for e in events:
        engine.apply(e)
    engine.apply(mutation(20, removes=[{"parentId": 20, "id": 21, "isShadow": True}]))
    assert engine.mirror[20].shadow is not None and engine.mirror[20].shadow.children == []


def test_inlined_link_becomes_style_and_late_css_text_rebuilds() -> None:
    head = (
        el(6, "link", {"_cssText": "a{}", "rel": None, "href": None}),
        el(7, "link", {"rel": "stylesheet", "href": "http://x/s.css"}),
        el(8, "style", {}, text(9, "b{}", isStyle=True)),
        el(12, "style", {"_cssText": "p{}/* rr_split */q{}"}, text(13, ""), text(14, "")),
    )
    events = [
        snapshot(page(head=head)),
        mutation(10, attributes=[{"id": 7, "attributes": {"_cssText": "c{}"}}]),
    ]
    dom = dom_dumps(events, [at(1), at(10)])
    heads = [d["dom"][2][1][2][0][2] for d in dom]
    assert [n[0] for n in heads[0]] == ["style", "link", "style", "style"]
    assert heads[1][1] == ["style", {"href": "http://x/s.css", "rel": "stylesheet"}, []]
    engine = DomEngine()
    engine.apply(events[0])
    assert [t.text for t in engine.mirror[12].children] == ["p{}", "q{}"]


def test_blocked_element_gets_its_size() -> None:
    doc = page(el(10, "div", {"class": "rr-block", "rr_width": "200px", "rr_height": "50px"}))
    events = [snapshot(doc)]
    assert body_of(events, 1) == [
        ["div", {"class": "rr-block", "style": "height: 50px; width: 200px"}, []]
    ]


def test_textarea_value_and_select_and_inputs() -> None:
    doc = page(
        el(10, "textarea", {"value": "from attr"}, text(11, "child")),
        el(
            20,
            "select",
            {},
            el(21, "option", {"value": "a"}),
            el(22, "option", {"value": "b", "selected": True}),
        ),
        el(30, "input", {"type": "checkbox"}),
        el(40, "input", {"type": "radio", "name": "g", "checked": True}),
        el(41, "input", {"type": "radio", "name": "g"}),
    )
    events = [
        snapshot(doc),
        incremental(10, 5, id=20, text="a", isChecked=False),
        incremental(11, 5, id=30, text="on", isChecked=True),
        incremental(12, 5, id=41, text="on", isChecked=True),
        mutation(13, attributes=[{"id": 10, "attributes": {"value": "new"}}]),
    ]
    body = body_of(events, 1, "rrweb")
    assert body[0] == ["textarea", {":value": "from attr"}, []]
    assert body_of(events, 1, "sentry")[0] == ["textarea", {":value": "from attrchild"}, []]
    assert body[1][1] == {":value": "b"}
    after = body_of(events, 13)
    assert after[0] == ["textarea", {":value": "new"}, []]
    assert after[1][1] == {":value": "a"}
    assert after[2][1] == {":checked": "true", ":value": "on", "type": "checkbox", "value": "on"}
    assert after[3][1][":checked"] == "false" and after[4][1][":checked"] == "true"


def test_texts_dedupe_last_wins_and_attributes_and_style_diffs() -> None:
    doc = page(el(10, "p", {"class": "a", "style": "color: red; margin: 0"}, text(11, "x")))
    events = [
        snapshot(doc),
        mutation(
            10,
            texts=[{"id": 11, "value": "first"}, {"id": 11, "value": "last"}],
            attributes=[
                {
                    "id": 10,
                    "attributes": {
                        "class": None,
                        "title": "t",
                        "onclick": "evil()",
                        "style": {"color": False, "width": "10px", "height": ["5px", "important"]},
                    },
                }
            ],
        ),
    ]
    assert body_of(events, 10) == [
        [
            "p",
            {"style": "height: 5px !important; margin: 0px; width: 10px", "title": "t"},
            [["#text", "last"]],
        ]
    ]


def test_each_full_snapshot_resets_the_mirror() -> None:
    engine = DomEngine()
    engine.apply(snapshot(page(el(10, "p"))))
    engine.apply(snapshot(page(el(11, "div")), ts=5))
    assert 10 not in engine.mirror and engine.mirror[11].tag == "div"


def test_legacy_previous_id_and_minus_one_siblings() -> None:
    doc = page(el(10, "a"))
    events = [
        snapshot(doc),
        mutation(
            10,
            adds=[
                {"parentId": 5, "previousId": 10, "nextId": -1, "node": el(11, "b")},  # parked
                {"parentId": 5, "previousId": 11, "nextId": None, "node": el(12, "c")},  # places 11
            ],
        ),
    ]
    assert [n[0] for n in body_of(events, 10)] == ["a", "b", "c"]


def test_scroll_viewport_and_broken_events_never_raise() -> None:
    doc = page(el(10, "div"))
    events: list[Any] = [
        meta(),
        snapshot(doc, top=30),
        incremental(5, 3, id=10, x=0, y=40),
        incremental(6, 4, width=500, height=400),
        {"type": 5, "timestamp": 1_700_000_000_007, "data": {"tag": "breadcrumb", "payload": {}}},
        incremental(8, 3, id=999, x=1, y=1),  # unknown node
        incremental(9, 77),  # unknown source
        {"type": 3, "timestamp": 1_700_000_000_010, "data": "garbage"},
        "not an event",
        mutation(11, adds=[{"parentId": 5}], removes=["x"], texts=[None], attributes=[7]),
    ]
    engine = DomEngine()
    for e in events:
        engine.apply(e)
    assert (engine.width, engine.height) == (500, 400)
    assert engine.problems and sum(engine.problems.values()) >= 5
    dom = dom_dumps([e for e in events if isinstance(e, dict)], [at(11)])[0]["dom"]
    assert dom[1] == {":scroll": "0,30"}
    assert dom[2][1][2][1][2][0] == ["div", {":scroll": "0,40"}, []]


def test_scrolling_the_html_element_scrolls_the_window() -> None:
    events = [snapshot(page(el(10, "div"))), incremental(5, 3, id=3, x=0, y=70)]
    dom = dom_dumps(events, [at(5)])[0]["dom"]
    assert dom[1] == {":scroll": "0,70"}
    assert dom[2][1][1] == {}  # <html> itself shows no :scroll

"""CSSOM events (StyleSheetRule, StyleDeclaration, AdoptedStyleSheet) and other op-only sources."""

from __future__ import annotations

from tests.engine.events import el, incremental, page, snapshot, text
from viewer.render.engine import DomEngine


def _engine() -> DomEngine:
    engine = DomEngine()
    engine.apply(
        snapshot(
            page(el(10, "canvas"), el(11, "video"), head=(el(6, "style", {}, text(7, "a{}")),))
        )
    )
    engine.ops = []
    return engine


def test_sheet_rules_are_logged_on_the_style_element_adds_before_removes() -> None:
    engine = _engine()
    engine.apply(
        incremental(5, 8, id=6, adds=[{"rule": "b{}", "index": [0, 1]}], removes=[{"index": 2}])
    )
    engine.apply(
        incremental(
            6, 13, id=6, index=[0], set={"property": "color", "value": "red", "priority": ""}
        )
    )
    assert engine.ops is not None
    assert [op["op"] for op in engine.ops] == ["sheet_insert", "sheet_delete", "style_decl"]
    assert engine.ops[0] == {"op": "sheet_insert", "id": 6, "index": [0, 1], "rule": "b{}"}
    style = engine.mirror[6]
    assert style.sheet is not None and len(style.sheet) == 3
    reset = engine.reset_op()
    head = reset["tree"]["children"][1]["children"][0]
    assert head["children"][0]["sheet"] == style.sheet  # a reset replays the CSSOM edits


def test_adopted_sheets_are_constructed_and_adopted() -> None:
    engine = _engine()
    engine.apply(
        incremental(
            5,
            15,
            id=1,
            styleIds=[3],
            styles=[{"styleId": 3, "rules": [{"rule": "p{color:red}", "index": 0}]}],
        )
    )
    engine.apply(incremental(6, 8, styleId=3, replaceSync="p{color:blue}"))
    assert engine.style_sheets[3][-1] == {"op": "sheet_replace", "id": -3, "text": "p{color:blue}"}
    assert engine.adopted == {1: [3]}
    reset = engine.reset_op()
    assert reset["adopted"] == {1: [-3]} and reset["sheets"][-3][-1]["text"] == "p{color:blue}"


def test_canvas_media_font_selection_are_ops_only() -> None:
    engine = _engine()
    engine.apply(
        incremental(5, 9, id=10, type=0, commands=[{"property": "clearRect", "args": [0, 0, 1, 1]}])
    )
    engine.apply(incremental(6, 7, id=11, type=0, currentTime=3))
    engine.apply(incremental(7, 10, family="F", fontSource="url(x)", buffer=False))
    engine.apply(
        incremental(8, 14, ranges=[{"start": 7, "startOffset": 0, "end": 7, "endOffset": 1}])
    )
    assert engine.ops is not None
    assert [op["op"] for op in engine.ops] == ["canvas", "media", "font", "selection"]
    assert not engine.problems


def test_missing_sheet_targets_are_counted() -> None:
    engine = _engine()
    engine.apply(incremental(5, 8, id=999, adds=[{"rule": "x{}"}]))
    engine.apply(incremental(6, 13, styleId=42, index=[0], remove={"property": "color"}))
    engine.apply(incremental(7, 15, id=999, styleIds=[1], styles=[]))
    assert sum(engine.problems.values()) == 3


def test_a_text_change_of_the_style_drops_earlier_rule_edits() -> None:
    engine = _engine()
    engine.apply(incremental(5, 8, id=6, adds=[{"rule": "b{}", "index": 1}]))
    assert engine.mirror[6].sheet
    engine.apply(
        {
            "type": 3,
            "timestamp": 1_700_000_000_006,
            "data": {
                "source": 0,
                "texts": [{"id": 7, "value": "c{}"}],
                "attributes": [],
                "removes": [],
                "adds": [],
            },
        }
    )
    assert not engine.mirror[6].sheet

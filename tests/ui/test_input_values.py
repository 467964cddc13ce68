"""The model engine's input values are what the browser shows (the rendered page is the oracle).

A recording holds inputs of every type with many raw values: as `value` attributes of the full
snapshot (before or after `type`, `min`, `max`, `multiple`, as a recorder may order them), as
Input events, and followed by attribute mutations that make the browser sanitize again. The
domdump of the model engine (`dom --engine model`) must equal the one of the document rendered
in the web view (`dom --engine web`), rebuilt at the moment and played up to it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests import builders as b
from tests.ui.conftest import ready_view, web_dump
from viewer.render.engine import Timeline, dump
from viewer.render.engine.cursor import engine_at
from viewer.render.view import ReplayView

TEXTS = ["", "abc", "a\nb", "a\r\nb", " a b ", "\t x \n", "**", "x\u00a0y", " \f a", "\r",
         "a@b.c, d@e.f", " a@b.c ,\n d@e.f ", "a,,b", " , "]
NUMBERS = ["", "0", "-0", "1", "1.", ".5", "-.5", "1.5e3", "1e", "1e+2", "1E-2", "+1", " 1",
           "1 ", "abc", "*", "1e400", "1e-400", "0x10", "Infinity", "NaN", "-", "1.5.2",
           "00012", "1_0", "\u0663", "1e309", "1.7976931348623157e308", "0.1", "1.e5", ".e5",
           "5e-7", "1e21", "-5", "16", "16.5", "15.5", "99.5", "33.333333333333333333", "1e25"]
COLORS = ["", "#ABCDEF", "#abcdef", "#abc", "red", "#12345g", " #ffffff", "#FFFFFF ", "*",
          "#0000000", "rgb(1,2,3)"]
DATES = ["", "2024-01-31", "2024-02-29", "2023-02-29", "2024-13-01", "2024-00-10", "0000-01-01",
         "0001-01-01", "275760-09-13", "275760-09-14", "12345-01-01", "999-01-01", "2024-1-01",
         " 2024-01-31", "*", "1900-02-29", "2000-02-29", "10400-02-29", "10100-02-29"]
MONTHS = ["", "2024-01", "2024-12", "2024-13", "2024-00", "0001-01", "0000-01", "275760-09",
          "275760-10", "*", "2024-1"]
WEEKS = ["", "2024-W01", "2024-W52", "2024-W53", "2020-W53", "2015-W53", "2026-W53", "2024-W00",
         "2024-w05", "275760-W37", "275760-W38", "0001-W01", "*", "2032-W53", "2004-W53"]
TIMES = ["", "12:30", "12:30:45", "12:30:45.1", "12:30:45.123", "12:30:45.1234", "24:00",
         "23:60", "23:59:60", "1:30", "12:30:", "12:30:45.", "*", "00:00", "12:30:00.000"]
LOCAL = ["", "2024-01-31T12:30", "2024-01-31 12:30", "2024-01-31T12:30:00",
         "2024-01-31T12:30:00.000", "2024-01-31T12:30:45.500", "2024-01-31T12:30:00.010",
         "2024-02-30T12:30", "2024-01-31t12:30", "2024-01-31T24:00", "*",
         "275760-09-13T00:00", "275760-09-13T00:00:00.001", "12024-01-31T12:30"]
RANGES: list[dict[str, str]] = [
    {}, {"min": "1", "max": "31"}, {"min": "2", "max": "30"}, {"min": "1", "max": "32"},
    {"min": "0", "max": "10", "step": "3"}, {"min": "0", "max": "1", "step": "0.1"},
    {"min": "0", "max": "1", "step": "any"}, {"min": "10", "max": "5"}, {"max": "-5"},
    {"min": "-10", "max": "10", "step": "2"}, {"step": "0"}, {"step": "abc"}, {"step": "ANY"},
    {"min": "abc", "max": "xyz"}, {"min": "0.5", "max": "10.5"}, {"min": "1e2", "max": "1e3"},
    {"min": "0", "max": "100", "step": "7"}, {"min": "-7", "max": "5", "step": "5"},
    {"min": "1", "max": "2", "step": "0.3"}, {"min": "0", "max": "100", "step": "1000"}]

#: (type attributes in order, raw values)
CASES: list[tuple[dict[str, str], list[str]]] = [
    *(({"type": t}, TEXTS) for t in ("text", "search", "tel", "password", "url", "email",
                                     "bogus", "")),
    ({"type": "email", "multiple": ""}, TEXTS),
    ({"type": "number"}, NUMBERS),
    ({"type": "number", "min": "1", "max": "10", "step": "3"}, NUMBERS),
    ({"type": "color"}, COLORS),
    ({"type": "date"}, DATES),
    ({"type": "month"}, MONTHS),
    ({"type": "week"}, WEEKS),
    ({"type": "time"}, TIMES),
    ({"type": "datetime-local"}, LOCAL),
    *(({"type": "range", **r}, NUMBERS[::3]) for r in RANGES),
    ({"type": "hidden"}, TEXTS[:4]),
    ({"type": "checkbox"}, TEXTS[:4]),
    ({"type": "file"}, [""]),
]
#: Mutations that make the browser sanitize again: (attributes of the input, mutation).
LATER: list[tuple[dict[str, str], dict[str, str | None]]] = [
    ({"type": "range", "max": "50"}, {"max": "30"}),
    ({"type": "range"}, {"max": "200"}),
    ({"type": "range", "min": "0"}, {"min": "10"}),
    ({"type": "text"}, {"type": "number"}),
    ({"type": "text"}, {"type": "range"}),
    ({"type": "text"}, {"type": "color"}),
    ({"type": "email"}, {"multiple": ""}),
    ({"type": "email", "multiple": ""}, {"multiple": None}),
    ({"type": "range", "max": "200"}, {"max": None}),
]


class Ids:
    def __init__(self) -> None:
        self.counter = itertools.count(100)

    def __call__(self) -> int:
        return next(self.counter)


def element(node_id: int, attrs: dict[str, str]) -> dict[str, Any]:
    return {"type": 2, "id": node_id, "tagName": "input", "attributes": attrs, "childNodes": []}


def recording() -> list[dict[str, Any]]:
    """Snapshot inputs, then Input events, then sanitizing mutations (one ms apart)."""
    new_id = Ids()
    inputs: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    t = b.T0 + 10
    for attrs, values in CASES:
        for value in values:
            inputs.append(element(new_id(), {**attrs, "value": value}))  # value last
            first, *rest = attrs.items()
            inputs.append(element(new_id(), {"value": value, **dict(rest), first[0]: first[1]}))
            typed = new_id()
            inputs.append(element(typed, dict(attrs)))
            t += 1
            events.append({"type": 3, "timestamp": t, "data": {
                "source": 5, "id": typed, "text": value, "isChecked": False}})
    for (attrs, change), value in itertools.product(LATER, ["", "150", "40", " A@b ,c ", "*"]):
        typed = new_id()
        inputs.append(element(typed, dict(attrs)))
        t += 1
        events.append({"type": 3, "timestamp": t, "data": {
            "source": 5, "id": typed, "text": value, "isChecked": False}})
        t += 1
        events.append({"type": 3, "timestamp": t, "data": {
            "source": 0, "texts": [], "removes": [], "adds": [],
            "attributes": [{"id": typed, "attributes": change}]}})
    snapshot = b.full_snapshot(b.T0 + 1)
    snapshot["data"]["node"]["childNodes"][1]["childNodes"][1]["childNodes"] = inputs
    return [b.meta(), snapshot, *events]


def values(dom: list[Any]) -> Iterator[tuple[str, str]]:
    """(attributes, :value) of every input of a domdump, in document order."""
    stack = [dom]
    while stack:
        node = stack.pop()
        if node[0] == "input":
            attrs = {k: v for k, v in node[1].items() if k != ":value"}
            yield repr(attrs), node[1].get(":value")
        if node[0][0] != "#" or node[0] == "#document":
            stack.extend(reversed(node[2]))


@pytest.fixture
def view(qtbot: QtBot) -> Iterator[ReplayView]:
    with ready_view(qtbot, 800, 600, show=False) as v:
        yield v


def differences(model: list[Any], web: list[Any]) -> list[str]:
    return [f"{a[0]}: model {a[1]!r}, browser {w[1]!r}"
            for a, w in zip(values(model), values(web), strict=True) if a != w]


def test_model_values_are_the_browsers_at_a_rebuilt_moment(qtbot: QtBot,
                                                           view: ReplayView) -> None:
    events = recording()
    end = events[-1]["timestamp"] + 1
    timeline = Timeline(events, "rrweb")
    for t in (b.T0 + 5, end):  # the snapshot alone; every event applied
        engine = engine_at(timeline, t)
        view.apply_ops([engine.reset_op()])
        assert engine.document is not None
        model = dump(engine.document)
        assert differences(model, web_dump(qtbot, view)) == []
    assert sum(1 for _ in values(model)) > 1000


def test_model_values_are_the_browsers_when_played(qtbot: QtBot, view: ReplayView) -> None:
    """The events applied one by one as ops to the page that showed the snapshot."""
    events = recording()
    timeline = Timeline(events, "rrweb")
    engine = engine_at(timeline, b.T0 + 5)
    view.apply_ops([engine.reset_op()])
    engine.ops = []
    timeline.apply_range(engine, timeline.count_before(b.T0 + 5), len(timeline))
    view.apply_ops(engine.ops)
    assert engine.document is not None
    assert differences(dump(engine.document), web_dump(qtbot, view)) == []

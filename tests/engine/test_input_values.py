"""HTML value sanitization in the model engine (expected values read from Chromium's DOM)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests import builders as b
from viewer.render.engine import dom_dumps
from viewer.render.engine.input_values import (
    built_value,
    parse_decimal,
    serialize_decimal,
    shown_value,
)


@pytest.mark.parametrize("attrs, raw, shown", [
    # Sentry masks an input's value as "*": a range then shows its default, the midpoint
    ({"type": "range"}, "*", "50"),
    ({"type": "range", "min": "1", "max": "31"}, "*", "16"),
    ({"type": "range", "min": "2", "max": "30"}, "*", "16"),
    ({"type": "range", "min": "1", "max": "32"}, "*", "17"),  # 16.5, stepped from 1, half up
    ({"type": "range", "min": "0", "max": "10", "step": "3"}, "16", "9"),
    ({"type": "range", "min": "10", "max": "5"}, "7", "10"),  # max below min: max is min
    ({"type": "range", "min": "0", "max": "1", "step": "any"}, "0.35", "0.35"),
    ({"type": "range", "value": "50.5"}, "16", "15.5"),  # no min: stepped from the value attr
    ({"type": "range", "min": "1e2", "max": "1e3"}, "*", "5.5e+2"),
    ({"type": "number"}, "1.", ""),
    ({"type": "number"}, "1e400", ""),
    ({"type": "number"}, " 1", ""),
    ({"type": "number"}, "1.5e3", "1.5e3"),
    ({"type": "color"}, "#ABCDEF", "#abcdef"),
    ({"type": "color"}, "red", "#000000"),
    ({"type": "date"}, "2023-02-29", ""),
    ({"type": "date"}, "2024-02-29", "2024-02-29"),
    ({"type": "week"}, "2026-W53", "2026-W53"),
    ({"type": "week"}, "2024-W53", ""),
    ({"type": "time"}, "12:30:00.000", "12:30:00.000"),
    ({"type": "datetime-local"}, "2024-01-31 12:30:00", "2024-01-31T12:30"),
    ({"type": "datetime-local"}, "2024-01-31T12:30:45.500", "2024-01-31T12:30:45.5"),
    ({"type": "datetime-local"}, "275760-09-13T00:00:00.001", ""),
    ({"type": "email"}, " a@b.c\n ", "a@b.c"),
    ({"type": "email", "multiple": ""}, " a@b.c , d@e.f ", "a@b.c,d@e.f"),
    ({"type": "url"}, " https://x/\r\n ", "https://x/"),
    ({"type": "password"}, "a\r\nb ", "ab "),
    ({"type": "bogus"}, "a\nb", "ab"),
    ({"type": "file"}, "C:\\x", ""),
    ({"type": "hidden", "value": "a\nb"}, "set as the attribute", "a\nb"),
])
def test_shown_value(attrs: dict[str, str], raw: str, shown: str) -> None:
    assert shown_value(raw, attrs) == shown


def test_attribute_order_matters_as_in_chromium() -> None:
    # `multiple` on an email input makes its (empty) value dirty: a later value attribute is ignored
    assert built_value({"type": "email", "multiple": "", "value": " a "}) == ("", True)
    assert built_value({"type": "email", "value": " a ", "multiple": ""}) == ("a", True)
    # the value is clamped when `max` arrives, not read again from the attribute
    assert shown_value(None, {"type": "range", "value": "150", "max": "200"}) == "100"
    assert shown_value(None, {"type": "range", "max": "200", "value": "150"}) == "150"
    assert shown_value(None, {"type": "range", "max": "200"}) == "50"


@pytest.mark.parametrize("text, number", [
    (".e5", Decimal(0)), ("-.5", Decimal("-0.5")), ("1.", None), ("+1", None), ("-0", Decimal(0)),
    ("00012", Decimal(12)), ("1e2", Decimal("1e2")), ("1e400", None), ("0x10", None),
])
def test_parse_decimal(text: str, number: Decimal | None) -> None:
    assert parse_decimal(text) == number


@pytest.mark.parametrize("number, text", [
    ("16", "16"), ("1E+2", "1e+2"), ("0.5", "0.5"), ("1E-7", "1e-7"), ("0.000001", "0.000001"),
    ("33.3333333333333333", "33.3333333333333"), ("-2.50", "-2.5"), ("0E+5", "0"),
])
def test_serialize_decimal(number: str, text: str) -> None:
    assert serialize_decimal(Decimal(number)) == text


def test_dom_model_dump_shows_the_sanitized_value() -> None:
    snapshot = b.full_snapshot(b.T0 + 1)
    body = snapshot["data"]["node"]["childNodes"][1]["childNodes"][1]
    body["childNodes"] = [{"type": 2, "id": 9, "tagName": "input", "childNodes": [], "attributes": {
        "type": "range", "min": "1", "max": "31", "value": "*"}}]
    typed = {"type": 3, "timestamp": b.T0 + 5, "data": {"source": 5, "id": 9, "text": "40",
                                                        "isChecked": False}}
    lower = {"type": 3, "timestamp": b.T0 + 6, "data": {"source": 0, "texts": [], "adds": [],
             "removes": [], "attributes": [{"id": 9, "attributes": {"max": "20"}}]}}
    higher = {**lower, "timestamp": b.T0 + 7, "data": {**lower["data"], "attributes": [
        {"id": 9, "attributes": {"max": "50"}}]}}
    dumps = dom_dumps([b.meta(), snapshot, typed, lower, higher],
                      [b.T0 + 2, b.T0 + 6, b.T0 + 7, b.T0 + 8])
    values = [d["dom"][2][1][2][1][2][0][1][":value"] for d in dumps]
    assert values == ["16", "31", "20", "20"]  # the browser keeps 20 once max was 20

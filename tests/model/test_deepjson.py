"""JSON of any depth: what orjson writes when it can, the same text when it cannot."""

from __future__ import annotations

import json
from typing import Any

import orjson
import pytest

from viewer.model import deepjson


def _nested(depth: int) -> dict[str, Any]:
    node: list[Any] = ["#text", 'quote " backslash \\ line\u2028sep é']
    for i in range(depth):
        node = ["div", {"class": "c", "n": i, "none": None, "yes": True, "f": 1.5},
                [node, ["#text", "x"]]]
    return {"dumps": [{"t": 1.0, "dom": node}]}


@pytest.mark.parametrize("depth", [0, 5, 60])
def test_shallow_values_are_orjson_text(depth: int) -> None:
    value = _nested(depth)
    assert deepjson.dumps(value) == orjson.dumps(value).decode()


def test_the_iterative_writer_writes_orjson_text(monkeypatch: pytest.MonkeyPatch) -> None:
    value = _nested(60)
    expected = orjson.dumps(value).decode()
    original = orjson.dumps

    def refuse(value: Any, *args: Any, **kwargs: Any) -> bytes:
        if isinstance(value, dict) and "dumps" in value:
            raise TypeError("Recursion limit reached")
        return original(value, *args, **kwargs)

    monkeypatch.setattr(deepjson.orjson, "dumps", refuse)
    assert deepjson.dumps(value) == expected


@pytest.mark.parametrize("depth", [200, 3000])
def test_deep_values_round_trip(depth: int) -> None:
    value = _nested(depth)
    with pytest.raises(TypeError):
        orjson.dumps(value)  # what `dom` used to stop at
    text = deepjson.dumps(value)
    back = deepjson.loads(text)
    assert deepjson.dumps(back) == text
    node = back["dumps"][0]["dom"]
    for _ in range(depth):
        node = node[2][0]
    assert node[1] == 'quote " backslash \\ line\u2028sep é'


def test_other_errors_are_not_hidden() -> None:
    with pytest.raises(TypeError):
        deepjson.dumps({"x": object()})
    with pytest.raises(json.JSONDecodeError):
        deepjson.loads("[1,")

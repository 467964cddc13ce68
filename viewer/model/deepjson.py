"""JSON text of any depth: orjson first, a slower way when it refuses the nesting.

orjson stops at 255 levels when writing and 1024 when reading; a domdump has two levels per
DOM level (`[tag, attrs, [children…]]`), so a page nested ~130 elements deep (which recordings
do carry) was refused. `dumps` then writes iteratively; `loads` falls back to the standard
library's parser with room for the nesting.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import orjson

#: Nesting `loads` accepts in its fallback (the standard parser recurses in C).
MAX_DEPTH = 20_000


def dumps(value: Any) -> str:
    """Compact JSON text of `value` (lists, dicts with string keys, strings, numbers, bools,
    None), however deeply nested."""
    try:
        return orjson.dumps(value).decode()
    except TypeError as e:
        if "Recursion limit" not in str(e):
            raise
    out: list[str] = []
    stack: list[Any] = [value]  # values to write, and `_Text` pieces already written out
    while stack:
        item = stack.pop()
        if type(item) is _Text:
            out.append(item)
        elif isinstance(item, list | tuple):
            out.append("[")
            stack.append(_CLOSE_LIST)
            for i in range(len(item) - 1, -1, -1):
                stack.append(item[i])
                if i:
                    stack.append(_COMMA)
        elif isinstance(item, dict):
            out.append("{")
            stack.append(_CLOSE_DICT)
            pairs = list(item.items())
            for i in range(len(pairs) - 1, -1, -1):
                key, val = pairs[i]
                stack.append(val)
                stack.append(_Text(orjson.dumps(str(key)).decode() + ":"))
                if i:
                    stack.append(_COMMA)
        else:
            out.append(orjson.dumps(item).decode())
    return "".join(out)


def loads(text: str | bytes) -> Any:
    """Parse JSON text, however deeply nested (up to `MAX_DEPTH`)."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as e:
        if "depth limit" not in str(e) and "recursion" not in str(e).lower():
            raise
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, MAX_DEPTH))
    try:
        return json.loads(text)
    finally:
        sys.setrecursionlimit(limit)


class _Text(str):
    """A piece of JSON text already written (a bracket, a comma, a key and its colon)."""


_COMMA, _CLOSE_LIST, _CLOSE_DICT = _Text(","), _Text("]"), _Text("}")

"""The one helper that turns a Python call into JavaScript source: every argument is JSON."""

from __future__ import annotations

import re
from typing import Any

import orjson

_PATH = re.compile(r"^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$")


def js_call(function: str, *args: Any) -> str:
    """`window.<function>(<args as JSON>)`; `function` must be a dotted identifier path."""
    if not _PATH.match(function):
        raise ValueError(f"not a JavaScript function path: {function!r}")
    encoded = ",".join(orjson.dumps(a, option=orjson.OPT_NON_STR_KEYS).decode() for a in args)
    # JSON is JavaScript except that U+2028/2029 end a line in old engines; escape them anyway.
    encoded = encoded.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.{function}({encoded})"

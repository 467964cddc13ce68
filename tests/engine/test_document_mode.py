"""The engine keeps the mode rrweb's rebuild opens each document in, through seeks too."""

from __future__ import annotations

from typing import Any

import pytest

from tests import builders as b
from viewer.render.engine import SeekIndex, Timeline
from viewer.render.engine.build import document_mode
from viewer.render.engine.cursor import engine_at

XHTML = "http://www.w3.org/1999/xhtml"


def document(compat: str | None, first: dict[str, Any] | None) -> dict[str, Any]:
    node: dict[str, Any] = {"type": 0, "id": 1, "childNodes": [first] if first else []}
    if compat:
        node["compatMode"] = compat
    return node


HTML = {"type": 2, "id": 3, "tagName": "html", "attributes": {}, "childNodes": []}
XHTML_ROOT = {**HTML, "attributes": {"xmlns": XHTML}}
DOCTYPE = {"type": 1, "id": 2, "name": "html", "publicId": "", "systemId": ""}


@pytest.mark.parametrize("compat, first, mode", [
    (None, DOCTYPE, ""),
    (None, HTML, ""),
    ("CSS1Compat", HTML, ""),
    ("BackCompat", HTML, "quirks"),
    ("BackCompat", XHTML_ROOT, "limited-quirks"),
    ("BackCompat", DOCTYPE, ""),  # rrweb writes no legacy doctype when one is recorded
    ("BackCompat", None, "quirks"),
])
def test_document_mode(compat: str | None, first: dict[str, Any] | None, mode: str) -> None:
    assert document_mode(document(compat, first)) == mode


def quirks_recording() -> list[dict[str, Any]]:
    snap = b.full_snapshot(b.T0 + 1)
    node = snap["data"]["node"]
    node["childNodes"] = node["childNodes"][1:]  # no doctype
    node["compatMode"] = "BackCompat"
    scroll = {"type": 3, "timestamp": b.T0 + 50, "data": {"source": 3, "id": 5, "x": 0, "y": 40}}
    return [b.meta(), snap, scroll, b.full_snapshot(b.T0 + 100)]


def test_the_reset_op_says_the_mode_and_quirks_body_scrolls_the_window() -> None:
    events = quirks_recording()
    timeline = Timeline(events, "rrweb")
    quirky = engine_at(timeline, b.T0 + 60)
    assert quirky.reset_op()["tree"]["mode"] == "quirks"
    assert quirky.document is not None and quirky.document.scroll == (0, 40)  # body -> window
    assert "mode" not in engine_at(timeline, b.T0 + 200).reset_op()["tree"]


def test_the_mode_survives_a_keyframe() -> None:
    events = quirks_recording()
    index = SeekIndex(Timeline(events, "rrweb"))  # a keyframe at the snapshot, then the scroll
    engine = index.engine_at(b.T0 + 60)
    assert engine.reset_op()["tree"]["mode"] == "quirks"
    assert engine.document is not None and engine.document.scroll == (0, 40)

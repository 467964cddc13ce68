"""A hand-made Sentry recording full of marked secrets, one kind of private data each.

Every secret is a distinct marker string, so a test can search an export's bytes for it.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests import builders as b

T0 = b.T0
ERROR_ID = "e" * 32
#: Secret markers by the redaction that must remove them.
SECRETS = {
    "text": ["TEXTSECRETA", "TEXTSECRETB", "TEXTSECRETC", "PHSECRET", "TITLESECRET",
             "CLICKTEXTSECRET"],
    "inputs": ["VALSECRET", "INPUTSECRET", "AREASECRET"],
    "urls": ["QSECRET1", "FSECRET", "QSECRET2", "QSECRET3", "QSECRET4", "QSECRET5", "QSECRET6"],
    "network-bodies": ["HEADERSECRET", "BODYSECRETA", "BODYSECRETB", "RESPHEADERSECRET"],
}
ALL_SECRETS = [s for group in SECRETS.values() for s in group]
PAGE = "https://shop.example/checkout?session=QSECRET1#step-FSECRET"


def _snapshot(ts: int) -> dict:
    def el(node_id: int, tag: str, attrs: dict, kids: list) -> dict:
        return {"type": 2, "id": node_id, "tagName": tag, "attributes": attrs, "childNodes": kids}

    def text(node_id: int, value: str) -> dict:
        return {"type": 3, "id": node_id, "textContent": value}

    body = el(5, "body", {}, [
        el(6, "h1", {"title": "TITLESECRET"}, [text(7, "Hello TEXTSECRETA")]),
        el(8, "input", {"id": "email", "type": "email", "value": "VALSECRET",
                        "placeholder": "PHSECRET"}, []),
        el(9, "a", {"id": "next", "href": "https://shop.example/pay?token=QSECRET2"},
           [text(10, "Pay")]),
        el(11, "textarea", {"id": "notes"}, [text(12, "AREASECRET")]),
        el(13, "button", {"id": "go"}, [text(14, "CLICKTEXTSECRET")]),
        el(15, "style", {}, [text(16, "body { color: black }")]),
        el(17, "div", {"id": "out"}, []),
    ])
    return {"type": 2, "timestamp": ts, "data": {"initialOffset": {"top": 0, "left": 0}, "node": {
        "type": 0, "id": 1, "childNodes": [
            {"type": 1, "id": 2, "name": "html", "publicId": "", "systemId": ""},
            el(3, "html", {}, [el(4, "head", {}, []), body])]}}}


def _crumb(ts: int, category: str, message: str = "", data: dict | None = None,
           level: str = "info") -> dict:
    return {"type": 5, "timestamp": ts, "data": {"tag": "breadcrumb", "payload": {
        "timestamp": ts / 1000, "type": "default", "category": category, "message": message,
        "level": level, "data": data or {}}}}


def _span(ts: int, op: str, description: str, data: dict, length: int = 40) -> dict:
    return {"type": 5, "timestamp": ts / 1000, "data": {"tag": "performanceSpan", "payload": {
        "op": op, "description": description, "startTimestamp": ts / 1000,
        "endTimestamp": (ts + length) / 1000, "data": data}}}


def events() -> list[dict]:
    return [
        b.meta(T0, PAGE, 1024, 700),
        _snapshot(T0 + 1),
        _span(T0 + 2, "navigation.navigate", PAGE, {"size": 100}, 300),
        {"type": 3, "timestamp": T0 + 1000, "data": {"source": 2, "type": 2, "id": 8}},
        _crumb(T0 + 1000, "ui.click", "body > input#email", {"nodeId": 8, "node": {
            "id": 8, "tagName": "input", "textContent": "", "attributes": {"id": "email"}}}),
        {"type": 3, "timestamp": T0 + 1200, "data": {"source": 5, "id": 8, "text": "INPUTSECRET",
                                                    "isChecked": False}},
        {"type": 3, "timestamp": T0 + 1300, "data": {"source": 5, "id": 11,
                                                    "text": "AREASECRET more", "isChecked": False}},
        _span(T0 + 1500, "resource.fetch", "/api/items?key=QSECRET4", {
            "method": "POST", "statusCode": 500,
            "request": {"headers": {"x-api-key": "HEADERSECRET",
                                    "content-type": "application/json"},
                        "size": 30, "body": {"password": "BODYSECRETA"}},
            "response": {"headers": {"x-trace": "RESPHEADERSECRET"}, "size": 20,
                         "body": "BODYSECRETB truncated…",
                         "_meta": {"warnings": ["TEXT_TRUNCATED"]}}}),
        _crumb(T0 + 1600, "console", "callback https://cb.example/done?code=QSECRET5",
               {"logger": "console", "arguments": ["https://cb.example/done?code=QSECRET5"]},
               level="error"),
        {"type": 3, "timestamp": T0 + 2000, "data": {"source": 0, "texts": [
            {"id": 7, "value": "Bye TEXTSECRETB"}], "attributes": [], "removes": [], "adds": [
            {"parentId": 17, "nextId": None, "node": {"type": 3, "id": 20,
                                                      "textContent": "TEXTSECRETC"}}]}},
        {"type": 3, "timestamp": T0 + 2500, "data": {"source": 2, "type": 2, "id": 13}},
        _crumb(T0 + 2500, "ui.click", "body > button#go", {"nodeId": 13, "node": {
            "id": 13, "tagName": "button", "textContent": "CLICKTEXTSECRET",
            "attributes": {"id": "go"}}}),
        _span(T0 + 2600, "navigation.push", "https://shop.example/done?order=QSECRET3",
              {"previous": PAGE}, 0),
        {"type": 3, "timestamp": T0 + 4000, "data": {"source": 1, "positions": [
            {"x": 1, "y": 1, "id": 5, "timeOffset": 0}]}},
    ]


def error_event() -> dict:
    return {"event_id": ERROR_ID, "timestamp": (T0 + 2700) / 1000, "level": "error",
            "exception": {"values": [{"type": "TypeError", "value": "order failed", "stacktrace": {
                "frames": [{"function": "pay", "filename": "https://shop.example/app.js?v=QSECRET6",
                            "lineno": 7, "colno": 3, "in_app": True}]}}]},
            "tags": {"replayId": b.REPLAY_ID}, "contexts": {"trace": {"trace_id": "a" * 32}}}


def write(folder: Path) -> Path:
    """The recording as an envelope file (recording, replay_event, linked error)."""
    path = folder / "secret-replay.bin"
    payload = b.recording_payload(0, events())
    header = {"event_id": ERROR_ID, "trace": {"trace_id": "a" * 32, "replay_id": b.REPLAY_ID}}
    path.write_bytes(b.envelope(0, payload, urls=[PAGE], error_ids=[ERROR_ID]) + b"\n"
                     + b"\n".join([json.dumps(header).encode(), b'{"type":"event"}',
                                   json.dumps(error_event()).encode()]) + b"\n")
    return path

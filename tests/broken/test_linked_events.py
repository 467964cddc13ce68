"""Sentry events and spans beside a recording, with fields of the wrong type, still load."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests import builders as b
from tests.fuzz.outcome import ERROR, OK, classify_input

ERROR_EVENT: dict[str, Any] = json.loads(b.error_envelope("e" * 32, b.T0 + 100).split(b"\n")[2])
TRACE = {"trace": {"trace_id": "f" * 32}}
TRANSACTION = {**ERROR_EVENT, "type": "transaction", "start_timestamp": b.T0 / 1000,
               "contexts": TRACE}
SPAN = {"trace_id": "f" * 32, "span_id": "a" * 16, "name": "x", "start_timestamp": b.T0 / 1000,
        "end_timestamp": b.T0 / 1000 + 1, "attributes": {"sentry.op": {"value": "http"}}}
#: Found by a check after fuzzing: each crashed `load_replay` with an AttributeError/TypeError.
BROKEN_EVENTS = {
    "contexts a string": {**ERROR_EVENT, "contexts": "x"},
    "trace context a string": {**ERROR_EVENT, "contexts": {"trace": "x"}},
    "stacktrace a string": {**ERROR_EVENT, "exception": {"values": [
        {"type": "T", "value": "v", "stacktrace": "x"}]}},
    "transaction contexts a string": {**TRANSACTION, "contexts": "x"},
    "transaction span data a string": {**TRANSACTION, "spans": [
        {"data": "x", "start_timestamp": b.T0 / 1000}]},
    "exception a string": {**ERROR_EVENT, "exception": "x"},
    "tags a string": {**ERROR_EVENT, "tags": "x"},
}
BROKEN_SPANS = {
    "span attributes a list": {**SPAN, "attributes": [1]},
    "span start a string": {**SPAN, "start_timestamp": "x"},
    "span start 1e308": {**SPAN, "start_timestamp": 1e308},
}


def item_envelope(kind: str, payload: Any) -> bytes:
    header = {"event_id": "e" * 32, "sent_at": "2023-11-14T22:13:20.000Z",
              "trace": {"trace_id": "f" * 32, "replay_id": b.REPLAY_ID}}
    return b"\n".join([json.dumps(header).encode(), json.dumps({"type": kind}).encode(),
                       json.dumps(payload).encode()]) + b"\n"


def load_beside_recording(tmp_path: Path, envelope: bytes) -> None:
    (tmp_path / "recording.bin").write_bytes(b.envelope(0))
    (tmp_path / "linked.bin").write_bytes(envelope)
    result = classify_input([str(tmp_path)])
    assert result.outcome in (OK, ERROR), result.detail


@pytest.mark.parametrize("name", list(BROKEN_EVENTS))
def test_broken_error_or_transaction_event(tmp_path: Path, name: str) -> None:
    event = BROKEN_EVENTS[name]
    kind = "transaction" if event.get("type") == "transaction" else "event"
    load_beside_recording(tmp_path, item_envelope(kind, event))


@pytest.mark.parametrize("name", list(BROKEN_SPANS))
def test_broken_span_item(tmp_path: Path, name: str) -> None:
    load_beside_recording(tmp_path, item_envelope("span", {"items": [BROKEN_SPANS[name]]}))

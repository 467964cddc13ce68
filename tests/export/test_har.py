"""HAR 1.2 export: valid against the HAR 1.2 schema, every request there with what Sentry
captured (headers, bodies of every shape, truncation warnings, failures, sizes, timings)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests import builders as b
from tests.conftest import DATA, sentry_recording
from viewer.cli import main
from viewer.export.har import build_har
from viewer.model import Replay, load_replay

SCHEMA = json.loads((DATA / "har-1.2.schema.json").read_text())
T0 = b.T0


def validate(har: dict[str, Any]) -> None:
    """The schema, and the rules it cannot say (sums, references, order)."""
    jsonschema.validate(har, SCHEMA)
    log = har["log"]
    pages = {p["id"] for p in log["pages"]}
    starts = [datetime.fromisoformat(e["startedDateTime"].replace("Z", "+00:00"))
              for e in log["entries"]]
    assert starts == sorted(starts)
    for entry in log["entries"]:
        timings = entry["timings"]
        total = sum(v for k, v in timings.items() if k != "comment" and v != -1)
        assert entry["time"] == pytest.approx(total)
        assert entry.get("pageref") is None or entry["pageref"] in pages
        assert "#" not in entry["request"]["url"]  # HAR URLs carry no fragment


def span(ts: int, url: str, op: str = "resource.fetch", status: int | None = 200,
         length: int = 50, **data: Any) -> dict[str, Any]:
    payload_data = {"method": data.pop("method", "GET"), **data}
    if status is not None:
        payload_data["statusCode"] = status
    return {"type": 5, "timestamp": ts / 1000, "data": {"tag": "performanceSpan", "payload": {
        "op": op, "description": url, "startTimestamp": ts / 1000,
        "endTimestamp": (ts + length) / 1000, "data": payload_data}}}


def body_shapes_replay(tmp_path: Path) -> Replay:
    events = [
        b.meta(T0, "https://shop.example/cart?x=1"), b.full_snapshot(T0 + 1),
        span(T0 + 100, "/api/object", method="POST",
             request={"headers": {"content-type": "application/json"}, "size": 14,
                      "body": {"qty": 2}},
             response={"headers": {"content-type": "application/json"}, "size": 11,
                       "body": {"ok": True}}),
        span(T0 + 200, "https://api.example/text?a=1&b=two", response={"body": "plain ünïcode"}),
        span(T0 + 300, "/api/list", response={"body": [1, 2, 3]}),
        span(T0 + 400, "/api/cut", response={"body": '{"items": [1, 2', "size": 200000,
                                             "_meta": {"warnings": ["MAYBE_JSON_TRUNCATED"]}}),
        span(T0 + 500, "/api/skipped", response={"_meta": {"warnings": ["URL_SKIPPED"]}}),
        span(T0 + 600, "/api/down", status=0, length=3000),
        span(T0 + 700, "/api/legacy", op="resource.xhr", requestBodySize=5,
             responseBodySize=7),
        span(T0 + 800, "https://cdn.example/logo.png", op="resource.img", status=None,
             size=1234),
        {"type": 3, "timestamp": T0 + 5000, "data": {"source": 1, "positions": []}},
    ]
    path = tmp_path / "shapes.json"
    path.write_text(json.dumps(events))
    return load_replay([str(path)])


def test_every_body_shape_becomes_valid_har(tmp_path: Path) -> None:
    replay = body_shapes_replay(tmp_path)
    har = build_har(replay, replay.start_ms, replay.end_ms)
    validate(har)
    entries = {e["request"]["url"]: e for e in har["log"]["entries"]}
    assert len(entries) == 8
    obj = entries["https://shop.example/api/object"]  # relative URL resolved on the page
    assert obj["request"]["method"] == "POST"
    assert json.loads(obj["request"]["postData"]["text"]) == {"qty": 2}
    assert obj["request"]["postData"]["mimeType"] == "application/json"
    assert obj["request"]["bodySize"] == 14
    assert json.loads(obj["response"]["content"]["text"]) == {"ok": True}
    assert obj["response"]["headers"] == [{"name": "content-type", "value": "application/json"}]
    assert obj["startedDateTime"] == "2023-11-14T22:13:20.100Z" and obj["time"] == 50
    text = entries["https://api.example/text?a=1&b=two"]
    assert text["request"]["queryString"] == [{"name": "a", "value": "1"},
                                              {"name": "b", "value": "two"}]
    assert text["response"]["content"]["text"] == "plain ünïcode"
    assert json.loads(entries["https://shop.example/api/list"]["response"]["content"]["text"]) \
        == [1, 2, 3]
    cut = entries["https://shop.example/api/cut"]
    assert cut["response"]["content"]["text"] == '{"items": [1, 2'
    assert "truncated" in cut["comment"] and cut["response"]["bodySize"] == 200000
    assert "not captured" in entries["https://shop.example/api/skipped"]["comment"]
    down = entries["https://shop.example/api/down"]
    assert down["response"]["status"] == 0 and "no response status" in down["comment"]
    assert down["timings"]["wait"] == 3000
    legacy = entries["https://shop.example/api/legacy"]
    assert legacy["_resourceType"] == "xhr" and legacy["response"]["bodySize"] == 7
    image = entries["https://cdn.example/logo.png"]
    assert image["_resourceType"] == "image" and image["response"]["_transferSize"] == 1234


@pytest.mark.parametrize("name", ["checkout", "masked", "tiny", "long"])
def test_corpus_recordings_export_valid_har(tmp_path: Path, name: str) -> None:
    out = tmp_path / f"{name}.har"
    assert main(["export", str(sentry_recording(name)), "--har", str(out)]) == 0
    har = json.loads(out.read_text())
    validate(har)
    replay = load_replay([str(sentry_recording(name))])
    assert len(har["log"]["entries"]) == len(replay.frames_of("network")) + len(
        replay.frames_of("resource"))
    assert har["log"]["pages"], "browsers' importers need the pages list"
    assert all(e["request"]["url"].startswith("http") for e in har["log"]["entries"])


def test_range_limits_the_requests(tmp_path: Path) -> None:
    out = tmp_path / "part.har"
    source = str(sentry_recording("checkout"))
    assert main(["export", source, "--har", str(out), "--from", "30s", "--to", "40s"]) == 0
    har = json.loads(out.read_text())
    validate(har)
    replay = load_replay([source])
    lo, hi = replay.start_ms + 30_000, replay.start_ms + 40_000
    want = [f for f in replay.frames if f.kind in ("network", "resource") and lo <= f.ts_ms <= hi]
    assert len(har["log"]["entries"]) == len(want) > 0

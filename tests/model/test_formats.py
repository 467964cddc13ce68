"""Hand-made recordings in every accepted format load to the same replay."""

from __future__ import annotations

import base64
import gzip
import json
import zlib
from pathlib import Path

import pytest
import zstandard

from tests import builders as b
from viewer.model import load_replay
from viewer.model.summary import summarize

SEGMENTS = [b.segment_events(i) for i in range(3)]
ALL_EVENTS = [e for seg in SEGMENTS for e in seg]
RRWEB = [e for e in ALL_EVENTS if e["type"] != 5]


def write(tmp_path: Path, name: str, data: bytes | str) -> str:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return str(path)


def check_full(paths: list[str], replay_id: str | None = b.REPLAY_ID) -> dict:
    summary = summarize(load_replay(paths))
    assert summary["replay_id"] == replay_id
    assert summary["rrweb_events"] == len(RRWEB)
    assert summary["started_at_ms"] == b.T0
    assert summary["frames"]["click"] == 3
    assert summary["frames"]["network"] == 3
    assert summary["frames"]["network_by_status"] == {"2xx": 2, "5xx": 1}
    return summary


def test_envelopes_one_file_each(tmp_path: Path) -> None:
    paths = [write(tmp_path, f"e{i}.bin", b.envelope(i)) for i in range(3)]
    summary = check_full(paths)
    assert summary["segments"] == [0, 1, 2]
    assert summary["missing_segments"] == []
    assert summary["problems"] == []


def test_envelopes_in_one_file_and_in_a_folder(tmp_path: Path) -> None:
    check_full([write(tmp_path, "all.bin", b"\n".join(b.envelope(i) for i in (2, 0, 1)))])
    folder = tmp_path / "folder"
    folder.mkdir()
    for i in (2, 0, 1):
        write(folder, f"seg{i}.envelope", b.envelope(i))
    check_full([str(folder)])


def test_plain_and_gzip_recording_bodies(tmp_path: Path) -> None:
    paths = [
        write(tmp_path, "a.bin", b.envelope(0, b.recording_payload(0, compression="plain"))),
        write(tmp_path, "b.bin", b.envelope(1, b.recording_payload(1, compression="gzip"))),
        write(tmp_path, "c.bin", b.envelope(2)),
    ]
    check_full(paths)


def test_missing_segment_is_reported_and_rest_still_loads(tmp_path: Path) -> None:
    paths = [write(tmp_path, f"e{i}.bin", b.envelope(i)) for i in (0, 2)]
    summary = summarize(load_replay(paths))
    assert summary["segments"] == [0, 2]
    assert summary["missing_segments"] == [1]
    assert any("missing segments: 1" in p for p in summary["problems"])


def test_raw_recording_payloads(tmp_path: Path) -> None:
    paths = [write(tmp_path, f"seg{i}", b.recording_payload(i)) for i in range(3)]
    check_full(paths, replay_id=None)


def test_recording_segments_download(tmp_path: Path) -> None:
    api = json.dumps([SEGMENTS[0], [], SEGMENTS[2], SEGMENTS[1]])  # [] = a missing blob
    summary = summarize(load_replay([write(tmp_path, "segments.json", api)]))
    assert summary["segments"] == [0, 2, 3]
    assert summary["missing_segments"] == [1]
    assert summary["frames"]["click"] == 3


def test_plain_rrweb_wrappers_ndjson_and_compression(tmp_path: Path) -> None:
    text = json.dumps(ALL_EVENTS)
    for name, data in [
        ("plain.json", text),
        ("wrapped.json", json.dumps({"events": ALL_EVENTS})),
        ("pages.json", json.dumps([{"events": ALL_EVENTS[:4]}, {"events": ALL_EVENTS[4:]}])),
        ("events.ndjson", "\n".join(json.dumps(e) for e in ALL_EVENTS) + "\n"),
        ("plain.json.gz", gzip.compress(text.encode())),
        ("plain.json.zst", zstandard.ZstdCompressor().compress(text.encode())),
        ("plain.json.zlib", zlib.compress(text.encode())),
    ]:
        check_full([write(tmp_path, name, data)], replay_id=None)


def pack(event: dict) -> str:
    return zlib.compress(json.dumps({**event, "v": "v1"}).encode()).decode("latin-1")


def test_rrweb_packer_strings(tmp_path: Path) -> None:
    packed = [pack(e) for e in ALL_EVENTS]
    packed[1] = ALL_EVENTS[1]  # containers may mix packed strings and plain events
    check_full([write(tmp_path, "packed.json", json.dumps(packed))], replay_id=None)


def test_packer_with_unknown_version_is_refused(tmp_path: Path) -> None:
    bad = [zlib.compress(json.dumps({**ALL_EVENTS[0], "v": "v9"}).encode()).decode("latin-1")]
    from viewer.model import LoadError

    with pytest.raises(LoadError, match="packer version"):
        load_replay([write(tmp_path, "packed.json", json.dumps(bad))])


def posthog_gzip(value: object) -> str:
    return gzip.compress(json.dumps(value).encode()).decode("latin-1")


def test_posthog_export_files(tmp_path: Path) -> None:
    old = {"version": "2022-12-02", "data": {"person": None, "snapshotsByWindowId": {
        "w1": RRWEB, "w2": RRWEB[:1]}}}
    new = {"version": "2023-04-28", "data": {"id": "s", "snapshots": [
        {**e, "windowId": "w1"} for e in RRWEB]}}
    for name, value in (("old.json", old), ("new.json", new)):
        replay = load_replay([write(tmp_path, name, json.dumps(value))])
        assert len(replay.events) == len(RRWEB)
        assert "PostHog export" in replay.formats


def test_posthog_jsonl_and_event_compression(tmp_path: Path) -> None:
    snapshot = {**RRWEB[1], "cv": "2024-10", "data": posthog_gzip(RRWEB[1]["data"])}
    mutation = {"type": 3, "timestamp": b.T0 + 50, "cv": "2024-10", "data": {
        "source": 0, "adds": posthog_gzip([]), "removes": posthog_gzip([]),
        "texts": posthog_gzip([{"id": 6, "value": "bye"}]), "attributes": posthog_gzip([])}}
    lines = [json.dumps(["w1", RRWEB[0]]), json.dumps(["w1", snapshot]),
             json.dumps({"window_id": "w1", "data": [mutation]})]
    replay = load_replay([write(tmp_path, "blob.jsonl", "\n".join(lines))])
    assert [e["type"] for e in replay.events] == [4, 2, 3]
    assert replay.events[1]["data"]["node"]["type"] == 0
    assert replay.events[2]["data"]["texts"] == [{"id": 6, "value": "bye"}]


def test_posthog_legacy_gzip_base64_chunks(tmp_path: Path) -> None:
    blob = base64.b64encode(gzip.compress(json.dumps(RRWEB).encode("utf-16-le"))).decode()
    line = {"event": "$snapshot", "properties": {"$window_id": "w", "$snapshot_data": {
        "compression": "gzip-base64", "data_items": [blob]}}}
    replay = load_replay([write(tmp_path, "legacy.jsonl", json.dumps(line) + "\n" +
                                json.dumps(line))])
    assert len(replay.events) == 2 * len(RRWEB)


def test_sentry_ui_download_json_says_breadcrumbs_are_absent(tmp_path: Path) -> None:
    export = [*RRWEB, {"type": 5, "timestamp": b.T0 + 20000,
                       "data": {"tag": "replay.end", "payload": {}}}]
    replay = load_replay([write(tmp_path, "rrweb.json", json.dumps(export))])
    assert any("Download JSON" in p for p in replay.problems)


def test_seconds_and_ms_custom_timestamps_are_both_normalised(tmp_path: Path) -> None:
    events = [*RRWEB[:2],
              {"type": 5, "timestamp": (b.T0 + 500) / 1000, "data": {"tag": "breadcrumb",
               "payload": {"timestamp": (b.T0 + 500) / 1000, "category": "ui.blur"}}},
              {"type": 5, "timestamp": b.T0 + 700.5, "data": {"tag": "breadcrumb",
               "payload": {"timestamp": (b.T0 + 700.5) / 1000, "category": "console",
                           "level": "warning", "message": "careful", "data": {
                               "arguments": ["careful"], "logger": "console"}}}}]
    replay = load_replay([write(tmp_path, "r.json", json.dumps(events))])
    blur, console = replay.frames
    assert blur.kind == "blur" and blur.ts_ms == pytest.approx(b.T0 + 500)
    assert console.kind == "console" and console.offset_ms == pytest.approx(700.5)
    assert console.level == "warning"


def test_slow_clicks_are_classified_like_sentry(tmp_path: Path) -> None:
    def slow(ts: int, tag: str, count: int, reason: str) -> dict:
        return {"type": 5, "timestamp": ts, "data": {"tag": "breadcrumb", "payload": {
            "timestamp": ts / 1000, "category": "ui.slowClickDetected", "message": tag,
            "data": {"node": {"tagName": tag}, "clickCount": count, "endReason": reason,
                     "timeAfterClickMs": 7000}}}}
    events = [*RRWEB[:2], slow(b.T0 + 10, "button", 1, "timeout"),
              slow(b.T0 + 20, "div", 1, "timeout"), slow(b.T0 + 30, "a", 6, "timeout"),
              slow(b.T0 + 40, "button", 1, "mutation")]
    replay = load_replay([write(tmp_path, "r.json", json.dumps(events))])
    assert [f.kind for f in replay.frames] == ["dead-click", "slow-click", "rage-click",
                                               "slow-click"]


def test_errors_beside_the_replay_are_linked(tmp_path: Path) -> None:
    paths = [write(tmp_path, f"e{i}.bin", b.envelope(i)) for i in range(3)]
    paths.append(write(tmp_path, "err.bin", b.error_envelope("a" * 32, b.T0 + 2000)))
    paths.append(write(tmp_path, "other.bin", b.error_envelope("b" * 32, b.T0, "c" * 32)))
    summary = summarize(load_replay(paths))
    assert summary["error_ids"] == ["a" * 32]
    assert summary["frames"]["error"] == 1
    assert summary["trace_ids"] == ["f" * 32]
    assert any("another replay" in p for p in summary["problems"])


def test_events_option_links_errors_from_another_file(tmp_path: Path) -> None:
    paths = [write(tmp_path, f"e{i}.bin", b.envelope(i)) for i in range(3)]
    err = write(tmp_path, "error.json", b.error_envelope("d" * 32, b.T0 + 30_000).split(b"\n")[2])
    replay = load_replay(paths, [err])
    (error,) = replay.errors
    assert error.event_id == "d" * 32 and error.error_title == "TypeError: x is undefined"
    assert not error.in_recording  # 30 s after a 10 s recording: listed, and said so
    assert error.stack[0].function == "main"


def test_sentry_logs_beside_the_replay_are_linked(tmp_path: Path) -> None:
    paths = [write(tmp_path, f"e{i}.bin", b.envelope(i)) for i in range(3)]
    paths.append(write(tmp_path, "logs.bin", b.log_envelope([
        b.log_item(b.T0 + 3000, "warn", "cart is slow", route="/cart"),
        b.log_item(b.T0 + 1000, "info", "user signed in")])))
    paths.append(write(tmp_path, "other.bin", b.log_envelope(
        [b.log_item(b.T0, "error", "not ours")], replay_id="c" * 32)))
    replay = load_replay(paths)
    assert [(f.level, f.body, f.offset_ms) for f in replay.logs] == [
        ("info", "user signed in", 1000.0), ("warn", "cart is slow", 3000.0)]
    assert replay.logs[1].attributes == {"route": "/cart"}
    assert summarize(replay)["logs"] == 2

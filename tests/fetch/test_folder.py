"""How the viewer reads a fetched folder: manifest, replay details' ids and segment count."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests import builders as b
from viewer.fetch.store import FetchFolder
from viewer.model import LoadError, load_replay

ERROR_ID = "abcdefabcdefabcdefabcdefabcdef01"


def error_event(ts_ms: int, **extra: object) -> dict:
    """An error event as Sentry's event JSON gives it, here with no replay reference."""
    return {"event_id": ERROR_ID, "timestamp": ts_ms / 1000, "level": "error",
            "exception": {"values": [{"type": "TypeError", "value": "x is undefined"}]},
            "contexts": {"trace": {"trace_id": "d" * 32}}, **extra}


def fetched(tmp_path: Path, segments: int, details: dict, complete: bool = True,
            missing: str = "") -> Path:
    folder = FetchFolder.claim(tmp_path / "r", b.REPLAY_ID)
    for segment_id in range(segments):
        folder.write_segment(segment_id, json.dumps(b.segment_events(segment_id)).encode())
    folder.write_json("replay.json", {"data": {"id": b.REPLAY_ID, "project_id": "1",
                                               **details}})
    folder.write_manifest({"replay_id": b.REPLAY_ID, "complete": complete,
                           "segments": {"missing": missing}})
    return folder.path


def test_a_complete_fetch_reads_without_problems(tmp_path: Path) -> None:
    replay = load_replay([str(fetched(tmp_path, 3, {"count_segments": 3}))])
    assert replay.segments == [0, 1, 2] and replay.problems == []
    assert "replay-viewer fetch manifest" in replay.formats


def test_an_incomplete_fetch_says_so_and_shows_what_is_there(tmp_path: Path) -> None:
    replay = load_replay([str(fetched(tmp_path, 2, {"count_segments": 4}, complete=False,
                                      missing="2–3"))])
    assert replay.segments == [0, 1]
    assert replay.missing_segments == [2, 3]  # from the details' count_segments
    assert any("incomplete (segments 2–3 are missing)" in p for p in replay.problems)


def test_an_incomplete_fetch_without_segments_says_why_it_cannot_open(tmp_path: Path) -> None:
    folder = fetched(tmp_path, 0, {"count_segments": 4}, complete=False)
    with pytest.raises(LoadError, match=r"no replay recording found .*incomplete"):
        load_replay([str(folder)])


def test_the_details_error_ids_link_an_error_with_no_replay_reference(tmp_path: Path) -> None:
    ts = b.T0 + 6000
    folder = fetched(tmp_path, 3, {"count_segments": 3, "error_ids": [ERROR_ID],
                                   "trace_ids": ["d" * 32], "releases": ["shop@2"],
                                   "urls": ["https://example.com/checkout"]})
    (folder / "errors" / f"{ERROR_ID}.json").write_text(json.dumps(error_event(ts)))
    replay = load_replay([str(folder)])
    assert [(e.event_id, e.ts_ms, e.error_title) for e in replay.errors] == [
        (ERROR_ID, ts, "TypeError: x is undefined")]
    assert replay.error_ids == [ERROR_ID] and "d" * 32 in replay.trace_ids
    assert replay.metadata["release"] == "shop@2"
    assert "https://example.com/checkout" in replay.urls


def test_without_the_details_such_an_error_belongs_to_another_replay(tmp_path: Path) -> None:
    folder = fetched(tmp_path, 3, {"count_segments": 3})
    (folder / "errors" / f"{ERROR_ID}.json").write_text(json.dumps(error_event(b.T0 + 6000)))
    replay = load_replay([str(folder)])
    assert replay.errors == []
    assert any("belong to another replay" in p for p in replay.problems)


def test_claiming_a_folder_of_another_replay_is_refused(tmp_path: Path) -> None:
    from viewer.fetch import FetchError

    fetched(tmp_path, 1, {"count_segments": 1})
    with pytest.raises(FetchError, match="holds another replay"):
        FetchFolder.claim(tmp_path / "r", "f" * 32)
    assert FetchFolder.claim(tmp_path / "r", b.REPLAY_ID).segment_ids() == {0}


def test_a_half_written_temp_file_is_ignored_and_cleaned_up(tmp_path: Path) -> None:
    folder = fetched(tmp_path, 2, {"count_segments": 2})
    temp = folder / "segments" / ".000002.replay_recording.4242.7.tmp"
    temp.write_bytes(b'{"segment_id":2}\n[{"type":3,')  # a fetch killed mid-write
    assert load_replay([str(folder)]).problems == []
    FetchFolder.claim(folder, b.REPLAY_ID)
    assert not temp.exists()

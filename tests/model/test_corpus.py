"""Every corpus recording loads, and the figures match the corpus facts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CORPUS, SENTRY_RECORDINGS, sentry_recording
from viewer.model import LoadError, load_replay
from viewer.model.summary import summarize


def facts(name: str) -> dict:
    return json.loads((CORPUS / "sentry" / f"{name}.facts.json").read_text())


@pytest.mark.parametrize("name", SENTRY_RECORDINGS)
def test_sentry_recording_matches_facts(name: str) -> None:
    expected = facts(name)
    summary = summarize(load_replay([str(sentry_recording(name))]))
    assert summary["replay_id"] == expected["replay_id"]
    assert summary["segments"] == expected["segments"]
    assert summary["missing_segments"] == expected["missing_segments"]
    assert summary["rrweb_events"] == expected["rrweb_events"]
    assert summary["started_at_ms"] == expected["started_at_ms"]
    for kind, count in expected["frames"].items():
        assert summary["frames"][kind] == count, kind
    assert sorted(summary["error_ids"]) == sorted(expected["error_ids"])
    # the replay_event trace ids are what the SDK listed; span items may add linked traces
    assert sorted(summary["replay_event_trace_ids"]) == sorted(expected["trace_ids"])
    assert set(expected["trace_ids"]) <= set(summary["trace_ids"])
    assert summary["problems"] == []


@pytest.mark.parametrize("name", SENTRY_RECORDINGS)
def test_rrweb_event_count_matches_rrweb_oracle(name: str) -> None:
    """The expected dumps were made from the same events: their count must agree."""
    oracle = json.loads((CORPUS / "sentry" / f"{name}.expected.json").read_text())
    replay = load_replay([str(sentry_recording(name))])
    assert len(replay.events) == oracle["rrweb_events"]
    assert replay.events.timestamps[0] == oracle["first"]


def test_checkout_spans_link_by_dsc_and_add_three_traces() -> None:
    """Span items whose envelope DSC names the replay are linked even when replay_event
    did not list their trace (three SPA navigations in this recording)."""
    replay = load_replay([str(sentry_recording("checkout"))])
    extra = set(replay.trace_ids) - set(replay.replay_event_trace_ids)
    assert extra == {"1ce94cf9158747eaae599d3239b41b96", "8f0b38ee72db41d39d305910129013e7",
                     "37871f9a5dcc45448c0daa6735e03acb"}
    assert all(s.trace_id in replay.trace_ids for s in replay.traces)


def test_envelopes_in_any_order_give_the_same_replay(tmp_path: Path) -> None:
    folder = sentry_recording("checkout")
    files = sorted(str(p) for p in folder.iterdir())
    forward = summarize(load_replay(files))
    backward = summarize(load_replay(list(reversed(files))))
    assert forward == {**backward, "formats": forward["formats"]}


def test_segment_sent_twice_counts_once() -> None:
    folder = sentry_recording("tiny")
    once = load_replay([str(folder)])
    twice = load_replay([str(folder), *map(str, folder.iterdir())])
    assert len(twice.events) == len(once.events)
    assert twice.segments == once.segments
    assert twice.problems == []


def test_checkout_timestamps_are_normalised_to_ms() -> None:
    replay = load_replay([str(sentry_recording("checkout"))])
    for frame in replay.frames:
        if frame.kind == "error":
            continue
        assert replay.start_ms - 120_000 < frame.ts_ms < replay.end_ms + 60_000, frame
        assert frame.offset_ms == pytest.approx(frame.ts_ms - replay.start_ms)
    network = [f for f in replay.frames if f.kind == "network"]
    assert all(0 < f.duration_ms < 10_000 for f in network)
    assert {f.status_class for f in network} == {"2xx", "4xx", "5xx"}


def test_checkout_errors_have_titles_and_stacks() -> None:
    replay = load_replay([str(sentry_recording("checkout"))])
    assert len(replay.errors) == 3
    for error in replay.errors:
        assert error.has_event and error.in_recording
        assert error.error_title and error.stack
        assert replay.start_ms <= error.ts_ms <= replay.end_ms


def test_plain_and_packed_rrweb_give_the_same_events() -> None:
    plain = load_replay([str(CORPUS / "rrweb" / "plain.json")])
    packed = load_replay([str(CORPUS / "rrweb" / "plain.packed.json")])
    oracle = json.loads((CORPUS / "rrweb" / "plain.expected.json").read_text())
    assert len(plain.events) == len(packed.events) == oracle["rrweb_events"]
    assert plain.events.timestamps == packed.events.timestamps
    assert list(plain.events) == list(packed.events)
    assert plain.replay_id is None
    assert "@rrweb/packer" in packed.formats


def _thirdparty_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()
                  and not p.name.endswith((".expected.json", ".md")))


def test_every_shared_corpus_file_loads_or_says_why(shared_corpus: Path) -> None:
    """Each file of the shared corpus either loads or fails with a one-line LoadError."""
    loaded = failed = 0
    for path in _thirdparty_files(shared_corpus / "thirdparty"):
        try:
            replay = load_replay([str(path)])
        except LoadError as e:
            assert "\n" not in str(e) and str(path) in str(e)
            failed += 1
            continue
        loaded += 1
        assert replay.events.timestamps == sorted(replay.events.timestamps)
        for i in range(len(replay.events)):
            assert isinstance(replay.events[i], dict)
    assert loaded > 180
    assert failed < 50

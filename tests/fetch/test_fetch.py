"""`replay-viewer fetch` against a local Sentry: what lands in the folder, pagination, resume."""

from __future__ import annotations

import argparse
import io
from pathlib import Path
from typing import Any

import orjson
import pytest

from tests.conftest import sentry_recording
from tests.fetch.local_sentry import ISSUE_ID, ORG, TOKEN, Knobs, LocalSentry, Recording
from viewer.cli import main, moment_of
from viewer.fetch import FetchOptions, FetchResult, fetch, parse_target
from viewer.fetch.config import cache_dir
from viewer.fetch.progress import Progress
from viewer.fetch.run import moment_to_open
from viewer.model import load_replay
from viewer.model.summary import summarize
from viewer.model.timeparse import end_moment

#: What must be the same whether a replay is read from the SDK's envelopes or from a fetch.
SAME_KEYS = ("replay_id", "started_at_ms", "duration_ms", "segments", "missing_segments",
             "rrweb_events", "custom_events", "event_types", "incremental_sources", "frames",
             "error_ids", "errors")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def replay_url(sentry: LocalSentry, query: str = "") -> str:
    return f"{sentry.url}/organizations/{ORG}/replays/{sentry.recording.replay_id}/{query}"


def fetch_quietly(url: str, output: Path, **options: Any) -> tuple[FetchResult, str]:
    """Fetch with the Python API; returns the result and what was said on the progress stream."""
    stream = io.StringIO()
    result = fetch(parse_target(url), FetchOptions(TOKEN, output, **options),
                   Progress(stream, "test"))
    return result, stream.getvalue()


def manifest(folder: Path) -> dict:
    return orjson.loads((folder / "manifest.json").read_bytes())


def cursors(sentry: LocalSentry) -> list[str]:
    return sorted((s.query.get("cursor") or ["?"])[0] for s in sentry.seen
                  if s.path.endswith("/recording-segments/"))


@pytest.mark.parametrize("name", ["checkout", "masked"])
def test_the_fetched_folder_shows_what_the_sdk_sent(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path, name: str) -> None:
    recording = Recording.from_envelopes(sentry_recording(name))
    folder = tmp_path / "fetched"
    with LocalSentry(recording) as sentry:
        status, out, err = run(capsys, "fetch", replay_url(sentry), "--token", TOKEN,
                               "-o", str(folder))
    assert status == 0, err
    assert out.strip() == str(folder)
    fetched = summarize(load_replay([str(folder)]))
    sent = summarize(load_replay([str(sentry_recording(name))]))
    assert {k: fetched[k] for k in SAME_KEYS} == {k: sent[k] for k in SAME_KEYS}
    assert fetched["problems"] == []
    assert fetched["errors"] and all(e["has_event"] for e in fetched["errors"])
    details = recording.details()
    assert fetched["trace_spans"] > 0
    assert set(fetched["trace_ids"]) >= set(details["trace_ids"])
    written = manifest(folder)
    assert written["complete"] is True
    assert written["segments"] == {"expected": len(recording.segments),
                                   "present": len(recording.segments), "missing": "",
                                   "per_page": 100}
    assert sorted(written["error_events"]["present"]) == sorted(recording.errors)
    status, out, _ = run(capsys, "info", str(folder))
    assert status == 0 and "problems   none" in out


def test_the_token_is_written_nowhere(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                      checkout: Recording) -> None:
    with LocalSentry(checkout) as sentry:
        status, out, err = run(capsys, "fetch", replay_url(sentry), "--token", TOKEN,
                               "-o", str(tmp_path / "r"))
    assert status == 0
    assert TOKEN not in out + err
    files = [p for p in (tmp_path / "r").rglob("*") if p.is_file()]
    assert len(files) > 20
    assert not [p for p in files if TOKEN.encode() in p.read_bytes()]


def test_pages_follow_the_link_cursor_when_sentry_serves_fewer(
        tmp_path: Path, long_recording: Recording) -> None:
    with LocalSentry(long_recording, Knobs(page_cap=10)) as sentry:
        _, progress = fetch_quietly(replay_url(sentry), tmp_path / "r", traces=False)
        assert cursors(sentry) == sorted(f"0:{o}:0" for o in range(0, 77, 10))
    assert "segments 77/77" in progress
    replay = load_replay([str(tmp_path / "r")])
    assert replay.segments == list(range(77)) and not replay.missing_segments
    sent = load_replay([str(sentry_recording("long"))])
    assert len(replay.events) == len(sent.events)


def test_pages_are_asked_for_in_parallel_by_offset(tmp_path: Path, checkout: Recording) -> None:
    with LocalSentry(checkout) as sentry:
        fetch_quietly(replay_url(sentry), tmp_path / "r", per_page=3, traces=False)
        assert cursors(sentry) == sorted(f"0:{o}:0" for o in (0, 3, 6, 9, 12))
        assert all(s.query["per_page"] == ["3"] and s.query["download"] == ["true"]
                   for s in sentry.seen if s.path.endswith("/recording-segments/"))
    assert load_replay([str(tmp_path / "r")]).segments == list(range(14))


def test_a_failed_page_leaves_an_incomplete_folder_and_the_next_run_fetches_only_it(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, long_recording: Recording) -> None:
    folder = tmp_path / "r"
    with LocalSentry(long_recording, Knobs(failing_pages={40})) as sentry:
        status, _, err = run(capsys, "fetch", replay_url(sentry), "--token", TOKEN, "-o",
                             str(folder), "--no-traces", "--per-page", "20")
        sentry.knobs.failing_pages.clear()
        assert status == 2
        last = err.strip().splitlines()[-1]
        assert "segments 40–" in last and "503" in last and "run the same command again" in last
        written = manifest(folder)
        assert written["complete"] is False
        replay = load_replay([str(folder)])
        assert any("incomplete" in p for p in replay.problems)
        assert replay.missing_segments == list(range(40, 60))
        before = cursors(sentry)
        status, _, err = run(capsys, "fetch", replay_url(sentry), "--token", TOKEN, "-o",
                             str(folder), "--no-traces", "--per-page", "20")
        assert status == 0, err
        assert len(cursors(sentry)) == len(before) + 1  # only the page that failed
        assert cursors(sentry).count("0:40:0") == before.count("0:40:0") + 1
    assert manifest(folder)["complete"] is True
    assert load_replay([str(folder)]).segments == list(range(77))


def test_a_second_run_asks_only_for_what_is_missing(tmp_path: Path, checkout: Recording) -> None:
    live = Knobs(details={"finished_at": "2999-01-01T00:00:00Z"})  # not finished: ask again
    with LocalSentry(checkout, live) as sentry:
        fetch_quietly(replay_url(sentry), tmp_path / "r")
        seen = len(sentry.seen)
        (tmp_path / "r" / "segments" / "000004.replay_recording").unlink()
        (tmp_path / "r" / "errors" / "8185f54ab396424e992dd69704e187fd.json").unlink()
        fetch_quietly(replay_url(sentry), tmp_path / "r", per_page=2)
        routes = [s.path for s in sentry.seen[seen:]]
    assert len([p for p in routes if p.endswith("/recording-segments/")]) == 1
    assert len([p for p in routes if "/events/" in p]) == 1
    assert not [p for p in routes if "/trace/" in p]
    assert load_replay([str(tmp_path / "r")]).segments == list(range(14))


def test_a_finished_replay_fetched_whole_opens_without_asking_sentry(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, checkout: Recording) -> None:
    with LocalSentry(checkout) as sentry:
        status, out, _ = run(capsys, "fetch", replay_url(sentry), "--token", TOKEN)
        assert status == 0
        assert out.strip() == str(cache_dir(checkout.replay_id))
        seen = len(sentry.seen)
        status, out, err = run(capsys, "fetch", replay_url(sentry))  # no token needed
        assert status == 0 and "already fetched" in err
        assert len(sentry.seen) == seen
        status, _, _ = run(capsys, "fetch", replay_url(sentry), "--token", TOKEN, "--refresh")
        assert status == 0 and len(sentry.seen) > seen


def test_a_broken_segment_is_kept_and_listed(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path, checkout: Recording) -> None:
    with LocalSentry(checkout, Knobs(broken_segments={5})) as sentry:
        status, _, err = run(capsys, "fetch", replay_url(sentry), "--token", TOKEN, "-o",
                             str(tmp_path / "r"), "--no-traces")
        singles = sentry.count("segment")
    assert status == 0, err
    assert "segment 5: cannot be decoded" in err
    assert singles == 14  # the page would not parse: each of its segments on its own
    kept = tmp_path / "r" / "segments" / "000005.replay_recording"
    assert kept.is_file()
    written = manifest(tmp_path / "r")
    assert written["complete"] is True
    assert any("segment 5" in p for p in written["problems"])
    replay = load_replay([str(tmp_path / "r")])
    assert replay.segments == [s for s in range(14) if s != 5]
    assert any("000005.replay_recording" in p and "segment 5" in p for p in replay.problems)


def test_an_issue_link_opens_a_second_before_its_error(tmp_path: Path,
                                                      checkout: Recording) -> None:
    event_id = "d370b8a593e14aa2b6754417e29d8336"
    with LocalSentry(checkout) as sentry:
        url = f"{sentry.url}/organizations/{ORG}/issues/{ISSUE_ID}/events/{event_id}/"
        target = parse_target(url)
        result = fetch(target, FetchOptions(TOKEN, tmp_path / "r"), Progress(io.StringIO(), "t"))
    assert result.replay_id == checkout.replay_id and result.error_id == event_id
    at, error = moment_to_open(target, result)
    assert (at, error) == (None, event_id)
    replay = load_replay([str(result.folder)])
    moment = moment_of(replay, argparse.Namespace(at=at, error=error))
    assert moment == checkout.errors[event_id]["timestamp"] * 1000 - 1000


def test_a_replay_link_opens_at_its_t(tmp_path: Path, checkout: Recording) -> None:
    with LocalSentry(checkout) as sentry:
        target = parse_target(replay_url(sentry, "?t=30"))
        result = fetch(target, FetchOptions(TOKEN, tmp_path / "r", traces=False),
                       Progress(io.StringIO(), "t"))
    at, error = moment_to_open(target, result)
    replay = load_replay([str(result.folder)])
    assert moment_of(replay, argparse.Namespace(at=at, error=error)) == replay.start_ms + 30_000


def test_a_bare_url_fetches_into_the_cache_and_opens_there(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        checkout: Recording) -> None:
    opened: list[tuple[list[str], float | None]] = []

    def run_window(replay: object, files: list[str], allow_remote_assets: bool = False,
                   at: float | None = None, view: object = None,
                   exit_after_first_frame: bool = False) -> int:
        opened.append((list(files), at))
        return 0

    import viewer.ui.app

    monkeypatch.setattr(viewer.ui.app, "run_window", run_window)
    monkeypatch.setattr(viewer.ui.app, "start_view", lambda *_: None)  # no window here
    monkeypatch.setenv("SENTRY_AUTH_TOKEN", TOKEN)
    with LocalSentry(checkout) as sentry:
        status, _, err = run(capsys, replay_url(sentry, "?t=83"), "--no-traces")
    assert status == 0, err
    folder = cache_dir(checkout.replay_id)
    replay = load_replay([str(folder)])
    assert opened == [([str(folder)], min(replay.start_ms + 83_000, end_moment(replay)))]


def test_an_error_event_without_its_json_comes_from_the_serialized_event(
        tmp_path: Path, checkout: Recording) -> None:
    with LocalSentry(checkout, Knobs(status={"event_json": 404})) as sentry:
        fetch_quietly(replay_url(sentry), tmp_path / "r", traces=False)
        assert sentry.count("eventids") == len(checkout.errors)
    fetched = summarize(load_replay([str(tmp_path / "r")]))
    sent = summarize(load_replay([str(sentry_recording("checkout"))]))
    assert fetched["errors"] == sent["errors"]
    stacks = {e.event_id: len(e.stack) for e in load_replay([str(tmp_path / "r")]).errors}
    assert stacks == {e.event_id: len(e.stack)
                      for e in load_replay([str(sentry_recording("checkout"))]).errors}


def test_a_bare_replay_id_with_org_and_url(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                           checkout: Recording) -> None:
    with LocalSentry(checkout) as sentry:
        status, out, err = run(capsys, "fetch", checkout.replay_id, "--org", ORG, "--url",
                               sentry.url, "--token", TOKEN, "-o", str(tmp_path / "r"))
    assert status == 0, err
    assert load_replay([out.strip()]).replay_id == checkout.replay_id


def test_ids_from_sentry_never_become_paths_outside_the_folder(tmp_path: Path,
                                                               checkout: Recording) -> None:
    hostile = Knobs(details={"error_ids": ["../../../outside", *checkout.errors],
                             "trace_ids": ["../../outside-trace"]})
    with LocalSentry(checkout, hostile) as sentry:
        result, progress = fetch_quietly(replay_url(sentry), tmp_path / "in" / "r")
    assert "not event ids (skipped)" in progress
    assert not [p for p in tmp_path.rglob("*outside*")]
    assert sorted(p.name for p in (tmp_path / "in").iterdir()) == ["r"]
    assert sorted(result.manifest["error_events"]["present"]) == sorted(checkout.errors)

"""How a fetch fails: one line and exit status 2 for 401/403/404/429/network/no token, retries
that recover, and a token that never leaves the link's host."""

from __future__ import annotations

import io
import socket
import time
from pathlib import Path

import orjson
import pytest

from tests.fetch.local_sentry import ISSUE_ID, ORG, TOKEN, Knobs, LocalSentry, Recording
from tests.fetch.test_fetch import manifest, replay_url, run
from viewer.fetch import FetchError, FetchOptions, fetch, parse_target
from viewer.fetch.client import SentryClient, _wait_seconds
from viewer.fetch.progress import Progress
from viewer.fetch.segments import next_cursor


def one_line(err: str) -> str:
    """The error: the last stderr line, which names the program."""
    lines = err.strip().splitlines()
    assert lines and lines[-1].startswith("replay-viewer: ")
    return lines[-1]


def test_no_token_says_where_one_comes_from(capsys: pytest.CaptureFixture[str],
                                           checkout: Recording) -> None:
    with LocalSentry(checkout) as sentry:
        status, _, err = run(capsys, "fetch", replay_url(sentry))
        assert sentry.seen == []
    assert status == 2
    line = one_line(err)
    assert "no Sentry auth token" in line and "SENTRY_AUTH_TOKEN" in line
    assert "~/.sentryclirc" in line


def test_the_token_comes_from_sentryclirc(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                          private_home: Path, checkout: Recording) -> None:
    (private_home / ".sentryclirc").write_text(f"[auth]\ntoken={TOKEN}\n")
    with LocalSentry(checkout) as sentry:
        status, _, err = run(capsys, "fetch", replay_url(sentry), "-o", str(tmp_path / "r"),
                             "--no-traces")
    assert status == 0, err


def test_a_refused_token_is_401(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                checkout: Recording) -> None:
    with LocalSentry(checkout) as sentry:
        status, _, err = run(capsys, "fetch", replay_url(sentry), "--token", "wrong", "-o",
                             str(tmp_path / "r"))
    assert status == 2
    assert "401" in one_line(err) and "invalid, expired or revoked" in one_line(err)
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize(("route", "scope"), [("details", "org:read"),
                                              ("segments", "project:read"),
                                              ("issue_event", "event:read")])
def test_403_names_the_missing_scope(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                     checkout: Recording, route: str, scope: str) -> None:
    with LocalSentry(checkout, Knobs(status={route: 403})) as sentry:
        url = replay_url(sentry)
        if route == "issue_event":
            url = f"{sentry.url}/organizations/{ORG}/issues/{ISSUE_ID}/events/latest/"
        status, _, err = run(capsys, "fetch", url, "--token", TOKEN, "-o", str(tmp_path / "r"))
    assert status == 2
    line = one_line(err)
    assert "403" in line and f"`{scope}`" in line
    if route == "segments":  # the folder exists but does not look complete
        assert manifest(tmp_path / "r")["complete"] is False


def test_a_deleted_replay_is_404(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                 checkout: Recording) -> None:
    with LocalSentry(checkout) as sentry:
        url = f"{sentry.url}/organizations/{ORG}/replays/{'0' * 32}/"
        status, _, err = run(capsys, "fetch", url, "--token", TOKEN, "-o", str(tmp_path / "r"))
    assert status == 2
    assert "not found (404)" in one_line(err) and "retention" in one_line(err)


def test_an_archived_replay_says_it_was_deleted(capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path, checkout: Recording) -> None:
    with LocalSentry(checkout, Knobs(details={"is_archived": True})) as sentry:
        status, _, err = run(capsys, "fetch", replay_url(sentry), "--token", TOKEN)
    assert status == 2 and "was deleted" in one_line(err)


def test_429_waits_as_told_and_retries(tmp_path: Path, checkout: Recording) -> None:
    knobs = Knobs(rate_limit={"details": 1, "segments": 1}, retry_after="1")
    with LocalSentry(checkout, knobs) as sentry:
        started = time.monotonic()
        stream = io.StringIO()
        result = fetch(parse_target(replay_url(sentry)),
                       FetchOptions(TOKEN, tmp_path / "r", traces=False),
                       Progress(stream, "t"))
        elapsed = time.monotonic() - started
        assert sentry.count("details") == 2 and sentry.count("segments") == 2
    assert elapsed >= 2.0  # two Retry-After: 1 pauses
    assert result.complete
    assert any("429" in note for note in result.manifest["notes"])


def test_429_without_end_gives_up_and_says_so(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path, checkout: Recording) -> None:
    with LocalSentry(checkout, Knobs(rate_limit={"details": 100})) as sentry:
        status, _, err = run(capsys, "fetch", replay_url(sentry), "--token", TOKEN, "-o",
                             str(tmp_path / "r"))
        asked = sentry.count("details")
    assert status == 2
    assert "429" in one_line(err) and "run again later" in one_line(err)
    assert asked == 6  # the first try and five more


def test_a_connection_dropped_mid_download_is_tried_again(tmp_path: Path,
                                                          checkout: Recording) -> None:
    with LocalSentry(checkout, Knobs(drop={"segments": 1})) as sentry:
        result = fetch(parse_target(replay_url(sentry)),
                       FetchOptions(TOKEN, tmp_path / "r", traces=False, backoff=0.01),
                       Progress(io.StringIO(), "t"))
        assert sentry.count("segments") == 2
    assert result.complete and result.manifest["segments"]["present"] == 14


def test_a_connection_that_keeps_dropping_stops_with_one_line(tmp_path: Path,
                                                              checkout: Recording) -> None:
    with LocalSentry(checkout, Knobs(drop={"segments": 100})) as sentry, \
            pytest.raises(FetchError, match="kept dropping") as caught:
        fetch(parse_target(replay_url(sentry)),
              FetchOptions(TOKEN, tmp_path / "r", traces=False, backoff=0.01),
              Progress(io.StringIO(), "t"))
    assert "\n" not in str(caught.value) and "ConnectionResetError" not in str(caught.value)
    assert "the answer stopped after" in str(caught.value)
    assert manifest(tmp_path / "r")["complete"] is False


def test_no_network_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/organizations/{ORG}/replays/{'a' * 32}/"
    status, _, err = run(capsys, "fetch", url, "--token", TOKEN, "-o", str(tmp_path / "r"))
    assert status == 2
    assert "cannot reach 127.0.0.1" in one_line(err) and "refused" in one_line(err)


def test_the_token_goes_only_to_the_links_host(tmp_path: Path, checkout: Recording) -> None:
    """Link headers and redirects that point elsewhere never carry the token."""
    with LocalSentry(checkout, Knobs(require_token=False)) as elsewhere:
        knobs = Knobs(page_cap=5, link_host=elsewhere.url,
                      redirect={"event_json": elsewhere.url, "trace": elsewhere.url})
        with LocalSentry(checkout, knobs) as sentry:
            result = fetch(parse_target(replay_url(sentry)), FetchOptions(TOKEN, tmp_path / "r"),
                           Progress(io.StringIO(), "t"))
            assert all(s.authorization == f"Bearer {TOKEN}" for s in sentry.seen)
        assert elsewhere.seen  # the redirects were followed…
        assert all(s.authorization is None for s in elsewhere.seen)  # …without the token
        assert elsewhere.count("segments") == 0  # Link URLs are never followed, only cursors
    assert result.complete
    assert len(result.manifest["error_events"]["present"]) == 3
    assert result.manifest["traces"]["spans_fetched"] > 0


def test_the_token_over_plain_http_to_another_machine_is_warned_about() -> None:
    warnings: list[str] = []
    SentryClient("http://sentry.example.com", TOKEN, warn=warnings.append)
    SentryClient("https://sentry.example.com", TOKEN, warn=warnings.append)
    SentryClient("http://127.0.0.1:9000", TOKEN, warn=warnings.append)
    SentryClient("http://localhost:9000", TOKEN, warn=warnings.append)
    assert len(warnings) == 1 and "plain http to sentry.example.com" in warnings[0]
    assert TOKEN not in warnings[0] and TOKEN not in repr(SentryClient("https://x.io", TOKEN))


def test_traces_the_token_may_not_read_are_a_note(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path, checkout: Recording) -> None:
    with LocalSentry(checkout, Knobs(status={"trace": 403})) as sentry:
        status, _, err = run(capsys, "fetch", replay_url(sentry), "--token", TOKEN, "-o",
                             str(tmp_path / "r"))
        assert sentry.count("trace") == 1  # the rest is skipped after the first 403
    assert status == 0
    assert "traces: the token may not read them (403" in err
    assert manifest(tmp_path / "r")["complete"] is True


def test_a_folder_holding_other_files_is_not_written_to(capsys: pytest.CaptureFixture[str],
                                                        tmp_path: Path,
                                                        checkout: Recording) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    with LocalSentry(checkout) as sentry:
        status, _, err = run(capsys, "fetch", replay_url(sentry), "--token", TOKEN, "-o",
                             str(folder))
    assert status == 2 and "is not empty" in one_line(err)
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]


def test_an_event_without_a_replay_says_so(capsys: pytest.CaptureFixture[str],
                                           checkout: Recording) -> None:
    for event in checkout.errors.values():
        assert event["contexts"]["replay"]["replay_id"] == checkout.replay_id
    stripped = Recording(checkout.replay_id, checkout.segments, checkout.replay_events,
                         {k: {**e, "contexts": {}, "tags": {}} for k, e in checkout.errors.items()},
                         checkout.spans)
    with LocalSentry(stripped) as sentry:
        url = f"{sentry.url}/organizations/{ORG}/issues/{ISSUE_ID}/events/latest/"
        status, _, err = run(capsys, "fetch", url, "--token", TOKEN)
    assert status == 2 and "has no replay" in one_line(err)


def test_retry_after_and_sentrys_reset_header() -> None:
    assert _wait_seconds({"retry-after": "2"}) == 2.0
    assert _wait_seconds({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}) == 0.0
    reset = _wait_seconds({"x-sentry-rate-limit-reset": str(time.time() + 30)})
    assert reset is not None and 25 < reset <= 30
    assert _wait_seconds({}) is None


def test_the_next_cursor_is_read_from_sentrys_link_header() -> None:
    link = ('<https://us.sentry.io/api/0/x/?cursor=0:0:1>; rel="previous"; results="false"; '
            'cursor="0:0:1", <https://us.sentry.io/api/0/x/?cursor=0:100:0>; rel="next"; '
            'results="true"; cursor="0:100:0"')
    assert next_cursor(link) == (100, True)
    assert next_cursor(link.replace('results="true"', 'results="false"')) == (100, False)
    assert next_cursor(None) == (None, False)


def test_the_manifest_is_json_without_secrets(tmp_path: Path, checkout: Recording) -> None:
    with LocalSentry(checkout) as sentry:
        url = replay_url(sentry, "?t=3").replace("http://", "http://user:pw@")
        fetch(parse_target(url), FetchOptions(TOKEN, tmp_path / "r", traces=False),
              Progress(io.StringIO(), "t"))
    written = orjson.loads((tmp_path / "r" / "manifest.json").read_bytes())
    assert written["replay_viewer_fetch"] == 1
    assert written["source"] == replay_url(sentry, "?t=3")
    assert "pw" not in orjson.dumps(written).decode()


def test_a_replay_without_segments_on_the_server_is_one_line(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, checkout: Recording) -> None:
    empty = Recording(checkout.replay_id, {}, checkout.replay_events, checkout.errors,
                      checkout.spans)
    with LocalSentry(empty, Knobs(details={"count_segments": 14})) as sentry:
        status, _, err = run(capsys, "fetch", replay_url(sentry), "--token", TOKEN, "-o",
                             str(tmp_path / "r"))
    assert status == 2
    assert "holds no recording segments" in one_line(err) and "retention" in one_line(err)
    assert manifest(tmp_path / "r")["complete"] is False

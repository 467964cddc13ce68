"""Time arguments: clock forms, units, epoch ms, Sentry URLs and error moments."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pytest

from viewer.model.frames import ErrorFrame
from viewer.model.timeparse import error_moment, find_error, parse_time

START = 1_700_000_000_000.0


@pytest.mark.parametrize(("text", "offset"), [
    ("01:23.456", 83_456.0),
    ("1:23", 83_000.0),
    ("0:00", 0.0),
    ("1:02:03.5", 3_723_500.0),
    ("83.4s", 83_400.0),
    ("83.4 s", 83_400.0),
    ("1500ms", 1500.0),
    ("2m", 120_000.0),
    (" 12.5s ", 12_500.0),
])
def test_offsets_count_from_the_start(text: str, offset: float) -> None:
    assert parse_time(text, START) == pytest.approx(START + offset)


def test_epoch_ms_is_absolute() -> None:
    assert parse_time("1700000012345", START) == 1_700_000_012_345.0


@pytest.mark.parametrize(("url", "expected"), [
    ("https://sentry.io/replays/abc/?t=83", START + 83_000),
    ("https://acme.sentry.io/replays/abc/?project=1&t=12.5&query=", START + 12_500),
    ("https://sentry.io/replays/abc/?event_t=1700000005000", 1_700_000_005_000),
    ("https://sentry.io/replays/abc/?event_t=1700000005", 1_700_000_005_000),
    ("?t=3", START + 3000),
])
def test_sentry_urls(url: str, expected: float) -> None:
    assert parse_time(url, START) == pytest.approx(expected)


@pytest.mark.parametrize(("text", "message"), [
    ("", "empty"),
    ("83", "ambiguous"),
    ("soon", "cannot read"),
    ("1:75", "seconds must be below 60"),
    ("https://sentry.io/replays/abc/", "no ?t="),
    ("https://sentry.io/replays/abc/?t=abc", "expected a number"),
    ("https://sentry.io/replays/abc/?event_t=12", "epoch timestamp"),
])
def test_bad_input_says_why(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("?", r"\?")):
        parse_time(text, START)


def _replay(*errors: ErrorFrame) -> SimpleNamespace:
    return SimpleNamespace(frames=list(errors), start_ms=START, end_ms=START + 60_000)


def _error(event_id: str, offset: float) -> ErrorFrame:
    return ErrorFrame("error", START + offset, offset, event_id)


def test_error_moment_leads_by_a_second_and_clamps() -> None:
    replay = _replay(_error("aaaa1111", 30_000), _error("bbbb2222", 200), _error("cccc", 90_000))
    assert error_moment(replay, "aaaa1111") == START + 29_000  # type: ignore[arg-type]
    assert error_moment(replay, "bbbb2222") == START  # type: ignore[arg-type]
    # past the end: the end moment, just after the last event (every event shown)
    assert error_moment(replay, "cccc") == math.nextafter(START + 60_000, math.inf)  # type: ignore[arg-type]
    assert find_error(replay, "AAAA").event_id == "aaaa1111"  # type: ignore[arg-type]


def test_unknown_error_lists_known_ids() -> None:
    replay = _replay(_error("aaaa1111", 30_000))
    with pytest.raises(ValueError, match="known error ids: aaaa1111"):
        error_moment(replay, "ffff")  # type: ignore[arg-type]


def test_error_moment_on_the_checkout_sample() -> None:
    from viewer.model import load_replay
    replay = load_replay(["sample_replays/checkout"])
    error = replay.errors[0]
    moment = error_moment(replay, error.event_id)
    assert moment == pytest.approx(max(replay.start_ms, error.ts_ms - 1000))


def test_adjacent_error_walks_errors_from_their_moments() -> None:
    from viewer.model.timeparse import adjacent_error

    a, b = _error("aaaa", 10_000), _error("bbbb", 20_000)
    replay = _replay(b, a)
    assert adjacent_error(replay, START) is a  # type: ignore[arg-type]
    at_a = error_moment(replay, "aaaa")  # type: ignore[arg-type]
    assert adjacent_error(replay, at_a) is b  # type: ignore[arg-type]
    assert adjacent_error(replay, error_moment(replay, "bbbb")) is None  # type: ignore[arg-type]
    assert adjacent_error(replay, error_moment(replay, "bbbb"), -1) is a  # type: ignore[arg-type]
    assert adjacent_error(replay, at_a, -1) is None  # type: ignore[arg-type]

"""Inputs the fuzzer once broke (base recording + mutation ops), kept as regression tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fuzz.mutate import mutated_recording
from tests.fuzz.outcome import ERROR, OK, classify_input

#: (base, ops, what broke) — each op is (mutation, seed), replayed by `mutated_recording`.
FOUND = [
    ("rrweb/plain", [("drop_key", 42), ("swap_values", 2144)],
     "SeekIndex: event_cost took len() of a mutation field that was an int"),
    ("sentry/tiny", [("change_type", 1540604849), ("delete", 3835004250)],
     "seek keyframe: hash of a node meta whose textContent was a list"),
    ("sentry/tiny", [("change_type", 1962232123), ("swap_values", 2754965758)],
     "replay metadata: replay_event `contexts` was a string"),
    ("sentry/tiny", [("swap_values", 2832757)],
     "info summary: replay_event `request` was a string (found by the long hypothesis run)"),
    ("sentry/tiny", [("truncate_list", 2719422583), ("change_type", 30695901),
                     ("truncate_list", 398958219), ("truncate_list", 962294764)],
     "Meta URLs: a Meta event whose data was a number (found by the second long run)"),
]


@pytest.mark.parametrize(("base", "ops", "what"), FOUND, ids=[f[2][:40] for f in FOUND])
def test_found_by_fuzzing(tmp_path: Path, base: str, ops: list[tuple[str, int]],
                          what: str) -> None:
    result = classify_input(mutated_recording(base, ops, tmp_path / "rec"))
    assert result.outcome in (OK, ERROR), f"{what}: {result.detail}"

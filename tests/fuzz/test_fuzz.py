"""Mutated corpus recordings load and play to the end, or fail with the one-line error."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.mutate import BASES, BYTE_OPS, JSON_OPS, mutated_recording
from tests.fuzz.outcome import ERROR, OK, classify_input

OPS = st.lists(st.tuples(st.sampled_from(BYTE_OPS + JSON_OPS), st.integers(0, 2**32 - 1)),
               min_size=1, max_size=4)
#: Seconds one input may take to load and play (tiny recordings take well under one).
BUDGET_S = 10.0


def check(base: str, ops: list[tuple[str, int]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = mutated_recording(base, ops, Path(tmp) / "rec")
        result = classify_input(paths, BUDGET_S)
    assert result.outcome in (OK, ERROR), f"{base} {ops}: {result.outcome}: {result.detail}"


# CI: the same 25 examples every run (derandomized); the long run below explores.
@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(base=st.sampled_from(BASES), ops=OPS)
def test_mutated_recordings_load_or_fail_in_one_line(base: str, ops: list[tuple[str, int]]
                                                     ) -> None:
    check(base, ops)


# `pytest tests/fuzz --run-slow` (FUZZ_EXAMPLES=N for more); a hang fails after BUDGET_S.
@pytest.mark.slow
@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "3000")), deadline=None,
          suppress_health_check=list(HealthCheck))
@given(base=st.sampled_from(BASES), ops=OPS)
def test_mutated_recordings_long_run(base: str, ops: list[tuple[str, int]]) -> None:
    check(base, ops)

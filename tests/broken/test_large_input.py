"""Large input is refused early with one clear line, and refusing it takes little memory."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import sentry_recording
from tests.fuzz.outcome import run_cli, time_limit
from viewer.model import LoadError, load_replay, sources

#: Python memory a refusal may use: far below the sizes involved (hundreds of MiB).
REFUSAL_MEMORY = 16 * 1024**2


def sparse(path: Path, size: int, head: bytes = b"[") -> Path:
    """A file of `size` bytes that takes no disk space (a hole after `head`)."""
    with open(path, "wb") as f:
        f.write(head)
        f.truncate(size)
    return path


def refusal(load: Callable[[], object]) -> tuple[str, int]:
    """The LoadError message of `load()` and the peak of Python allocations meanwhile."""
    tracemalloc.start()
    try:
        with time_limit(30), pytest.raises(LoadError) as caught:
            load()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return str(caught.value), peak


def test_a_file_over_1_gib_is_refused_unread(tmp_path: Path) -> None:
    path = sparse(tmp_path / "huge.ndjson", sources.MAX_FILE_BYTES + 1, b'{"type": 4}\n')
    message, peak = refusal(lambda: load_replay([str(path)]))
    assert "\n" not in message and "huge.ndjson" in message and "1 GiB" in message
    assert peak < REFUSAL_MEMORY
    status, err = run_cli([str(path)])
    assert status == 2 and len(err.strip().splitlines()) == 1


def test_a_folder_of_files_over_1_gib_together_is_refused_unread(tmp_path: Path) -> None:
    folder = tmp_path / "envelopes"
    folder.mkdir()
    for i in range(3):  # each under every per-file limit, 1.2 GiB together
        sparse(folder / f"envelope-{i:03d}.bin", 400 * 1024**2, b'{"event_id": "x"}\n')
    message, peak = refusal(lambda: load_replay([str(folder)]))
    assert "\n" not in message and "3 files total" in message and "1.17 GiB" in message
    assert peak < REFUSAL_MEMORY
    status, err = run_cli([str(folder)])
    assert status == 2 and len(err.strip().splitlines()) == 1


def test_a_folder_of_plain_json_over_the_json_budget_is_refused_unread(tmp_path: Path) -> None:
    folder = tmp_path / "ndjson"
    folder.mkdir()
    for i in range(2):  # 600 MiB together: under 1 GiB on disk, over 512 MiB of JSON
        sparse(folder / f"part-{i}.ndjson", 300 * 1024**2, b'{"type": 4}\n')
    message, peak = refusal(lambda: load_replay([str(folder)]))
    assert "\n" not in message and "600 MiB of uncompressed data" in message
    assert peak < REFUSAL_MEMORY


def test_plain_json_over_the_json_budget_is_refused_unread(tmp_path: Path) -> None:
    path = sparse(tmp_path / "big.json", sources.MAX_JSON_BYTES + 1)
    message, peak = refusal(lambda: load_replay([str(path)]))
    assert "\n" not in message and "512 MiB of JSON" in message
    assert peak < REFUSAL_MEMORY


def test_compressed_segments_count_against_the_json_budget(
        monkeypatch: pytest.MonkeyPatch) -> None:
    folder = sentry_recording("tiny")
    assert load_replay([str(folder)]).segments  # fine within the budget
    # tiny: 37 KB of envelopes on disk, ~69 KB once its segments are inflated
    monkeypatch.setattr(sources, "MAX_JSON_BYTES", 50_000)
    message, _ = refusal(lambda: load_replay([str(folder)]))
    assert "\n" not in message and "of JSON (after decompression)" in message

"""The seek index cache: the same keyframes come back for the same recording, and nothing else
(a corrupt, truncated, stale or foreign file is ignored)."""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import pytest

from tests.conftest import sentry_recording
from viewer.model import load_replay
from viewer.render.engine import SeekIndex, Timeline, dump
from viewer.render.engine import index_cache as C


@pytest.fixture(scope="module")
def built() -> tuple[Timeline, SeekIndex, str]:
    replay = load_replay([str(sentry_recording("checkout"))])
    timeline = Timeline(replay.events, replay.recorder)
    index = SeekIndex(timeline)
    key = C.index_key(replay.events.content_digest(), timeline.flavor, index.budget)
    return timeline, index, key


def test_a_saved_index_comes_back_and_seeks_the_same(built: tuple[Timeline, SeekIndex, str],
                                                     tmp_path: Path) -> None:
    timeline, index, key = built
    assert C.save(index, key, tmp_path) == tmp_path / f"{key}.idx"
    again = C.load(timeline, key, tmp_path)
    assert again is not None and again.complete
    assert [(k.position, k.blob) for k in again.keyframes] == [
        (k.position, k.blob) for k in index.keyframes]
    assert again.max_nodes == index.max_nodes > 0
    rnd = random.Random(1)
    for position in sorted(rnd.randrange(len(timeline) + 1) for _ in range(10)):
        a, b = again.engine_at_position(position), index.engine_at_position(position)
        assert a.document is not None and b.document is not None
        assert dump(a.document) == dump(b.document)


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty", "garbage"])
def test_a_damaged_file_is_ignored(built: tuple[Timeline, SeekIndex, str], tmp_path: Path,
                                   damage: str) -> None:
    timeline, index, key = built
    path = C.save(index, key, tmp_path)
    assert path is not None
    data = bytearray(path.read_bytes())
    if damage == "flip":
        data[len(data) // 2] ^= 0xFF
    elif damage == "truncate":
        data = data[: len(data) // 3]
    elif damage == "empty":
        data = bytearray()
    else:
        data = bytearray(b"RVSEEK1\n" + bytes(range(256)) * 10)
    path.write_bytes(bytes(data))
    assert C.load(timeline, key, tmp_path) is None


def test_another_recording_or_engine_has_another_key(built: tuple[Timeline, SeekIndex, str],
                                                     tmp_path: Path) -> None:
    timeline, index, key = built
    tiny = load_replay([str(sentry_recording("tiny"))])
    other = C.index_key(tiny.events.content_digest(), timeline.flavor, index.budget)
    assert other != key
    assert C.index_key("digest", "sentry", 600) != C.index_key("digest", "rrweb", 600)
    assert C.index_key("digest", "sentry", 600) != C.index_key("digest", "sentry", 601)
    C.save(index, key, tmp_path)
    (tmp_path / f"{key}.idx").rename(tmp_path / f"{other}.idx")  # right file name, wrong key
    assert C.load(Timeline(tiny.events, tiny.recorder), other, tmp_path) is None


def test_the_same_recording_delivered_differently_has_the_same_key(tmp_path: Path) -> None:
    folder = sentry_recording("tiny")
    for path in folder.iterdir():  # the same envelopes, each file gzipped
        (tmp_path / f"{path.name}.gz").write_bytes(gzip.compress(path.read_bytes()))
    gzipped = load_replay([str(tmp_path)])
    assert gzipped.formats != [] and len(gzipped.events) == len(load_replay([str(folder)]).events)
    assert gzipped.events.content_digest() == load_replay([str(folder)]).events.content_digest()


def test_the_cache_stays_under_its_size(built: tuple[Timeline, SeekIndex, str], tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    _, index, key = built
    first = C.save(index, "a" * 40, tmp_path)
    assert first is not None
    monkeypatch.setattr(C, "MAX_CACHE_BYTES", first.stat().st_size + 10)
    C.save(index, key, tmp_path)
    assert sorted(p.name for p in tmp_path.glob("*.idx")) == [f"{key}.idx"]

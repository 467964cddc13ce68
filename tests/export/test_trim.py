"""A trimmed replay rebuilds exactly what the original shows at every moment of its range,
loads in the viewer (`info`), and keeps the range's Sentry breadcrumbs, spans and errors."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest

from tests.conftest import CORPUS, DATA, sentry_recording
from viewer.cli import main
from viewer.export.trim import trimmed_replay
from viewer.model import Replay, load_replay
from viewer.render.engine import dom_dumps

THIRDPARTY = DATA / "thirdparty"


def round_trip(replay: Replay, start: float, end: float, tmp_path: Path,
               flavor: str | None = None) -> Replay:
    """Trim, write, load back (what a user of the file gets)."""
    path = tmp_path / "trimmed.json"
    path.write_bytes(orjson.dumps(trimmed_replay(replay, start, end, flavor=flavor)))
    return load_replay([str(path)])


def moments(replay: Replay, start: float, end: float, count: int = 24) -> list[float]:
    """The range's edges, a few points between, and moments right after events."""
    stamps = [t for t in replay.events.timestamps if start < t <= end]
    picked = stamps[:: max(1, len(stamps) // count)]
    return sorted({start + 0.5, start + 1, (start + end) / 2, end - 0.5, end + 1,
                   *(t + 0.5 for t in picked)})


def same_dom(original: Replay, trimmed: Replay, times: list[float], flavor: str) -> list[float]:
    """Moments where the two differ."""
    a = dom_dumps(original.events, times, flavor)
    b = dom_dumps(trimmed.events, times, flavor)
    return [x["t"] for x, y in zip(a, b, strict=True) if x["dom"] != y["dom"]]


@pytest.mark.parametrize("name, fractions", [
    ("tiny", (0.2, 0.6)), ("checkout", (0.15, 0.45, 0.8)), ("masked", (0.3, 0.7)),
])
def test_sentry_recordings_trimmed_anywhere(tmp_path: Path, name: str,
                                            fractions: tuple[float, ...]) -> None:
    replay = load_replay([str(sentry_recording(name))])
    for f in fractions:
        start = replay.start_ms + replay.duration_ms * f
        end = min(replay.end_ms, start + replay.duration_ms * 0.4)
        trimmed = round_trip(replay, start, end, tmp_path)
        assert trimmed.recorder == "sentry" and trimmed.replay_id == replay.replay_id
        assert trimmed.problems == []
        assert same_dom(replay, trimmed, moments(replay, start, end), "sentry") == []


def test_long_recording_trimmed_in_the_middle(tmp_path: Path) -> None:
    replay = load_replay([str(sentry_recording("long"))])
    start = replay.start_ms + replay.duration_ms * 0.62
    end = start + 20_000
    trimmed = round_trip(replay, start, end, tmp_path)
    assert same_dom(replay, trimmed, moments(replay, start, end, 12), "sentry") == []
    assert len(trimmed.events) < len(replay.events) / 10


def test_plain_rrweb_recording_trimmed(tmp_path: Path) -> None:
    replay = load_replay([str(CORPUS / "rrweb" / "plain.json")])
    for f in (0.1, 0.5):
        start = replay.start_ms + replay.duration_ms * f
        trimmed = round_trip(replay, start, replay.end_ms, tmp_path)
        assert trimmed.recorder == "rrweb"
        assert same_dom(replay, trimmed, moments(replay, start, replay.end_ms), "rrweb") == []


def _thirdparty() -> list[Path]:
    return sorted(THIRDPARTY.rglob("*.expected.json"))


@pytest.mark.parametrize("expected", _thirdparty(), ids=lambda p: p.name[:60])
def test_thirdparty_fixtures_trimmed_at_their_sample_moments(tmp_path: Path,
                                                             expected: Path) -> None:
    """Iframes, shadow DOM, constructed and edited stylesheets, selections, canvas, media:
    trimmed at a middle sample moment, every later sample moment is rebuilt the same."""
    meta = json.loads(expected.read_text())
    replay = load_replay([str(expected.parent / meta["events_file"])])
    flavor = "sentry" if "sentry" in meta.get("oracle", "") else "rrweb"
    times = sorted({d["t"] for d in meta["dumps"]})
    for start in times[len(times) // 3: -1: max(1, len(times) // 4)] or times[:1]:
        trimmed = round_trip(replay, start, replay.end_ms, tmp_path, flavor)
        later = [t for t in times if t > start]
        assert same_dom(replay, trimmed, later, flavor) == []


def test_range_keeps_its_breadcrumbs_spans_and_errors(tmp_path: Path) -> None:
    replay = load_replay([str(sentry_recording("checkout"))])
    start, end = replay.start_ms + 20_000, replay.start_ms + 50_000
    trimmed = round_trip(replay, start, end, tmp_path)
    for kind in ("click", "network", "console", "navigation"):
        want = [round(f.ts_ms) for f in replay.frames_of(kind) if start <= f.ts_ms <= end]
        assert want and [round(f.ts_ms) for f in trimmed.frames_of(kind)] == want, kind
    assert [e.event_id for e in trimmed.errors] == [
        e.event_id for e in replay.errors if start <= e.ts_ms <= end]
    assert [e.stack for e in trimmed.errors] == [
        e.stack for e in replay.errors if start <= e.ts_ms <= end]
    assert trimmed.metadata["release"] == replay.metadata["release"]
    assert trimmed.start_ms == start and trimmed.end_ms <= end


def test_cli_writes_a_trimmed_replay_that_info_opens(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cut.json"
    source = str(sentry_recording("checkout"))
    assert main(["export", source, "--replay", str(out), "--from", "00:20", "--to", "50s"]) == 0
    capsys.readouterr()
    assert main(["info", "--json", str(out)]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["duration_ms"] <= 30_000 and info["full_snapshots"] >= 1
    assert info["problems"] == []
    document = json.loads(out.read_text())
    first = document["events"][:2]
    assert [e["type"] for e in first] == [4, 2]  # Meta, then the FullSnapshot of the state
    assert document["export"]["from_ms"] == first[0]["timestamp"]

"""Recordings the inspection tests run on: the Sentry corpus, plain rrweb, third-party fixtures."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from tests.conftest import CORPUS, DATA, sentry_recording
from viewer.model import LoadError, Replay, load_replay
from viewer.render.engine import Timeline
from viewer.render.engine.inspection import HistoryIndex

THIRDPARTY = DATA / "thirdparty"
SENTRY = ("tiny", "checkout", "masked", "long")


def thirdparty_files() -> list[str]:
    """Every third-party recording kept in tests/data (not the expected dumps)."""
    return sorted(
        "thirdparty/" + str(p.relative_to(THIRDPARTY))
        for p in THIRDPARTY.rglob("*.json")
        if not p.name.endswith(".expected.json")
    )


@cache
def recording(name: str) -> Replay | None:
    """`sentry/<name>`, `rrweb/plain`, or `thirdparty/<path under tests/data/thirdparty>`
    (None when the file is not a recording the loader accepts)."""
    if name.startswith("sentry/"):
        folder = sentry_recording(name.split("/", 1)[1])
        return load_replay(sorted(str(p) for p in folder.glob("envelope-*.bin")))
    path = CORPUS / "rrweb" / "plain.json" if name == "rrweb/plain" else DATA / name
    try:
        return load_replay([str(Path(path))])
    except LoadError:
        return None


@cache
def history_index(name: str) -> HistoryIndex:
    """The (built) history index of a recording, shared by the tests."""
    replay = recording(name)
    assert replay is not None, name
    return HistoryIndex(Timeline(replay.events, replay.recorder)).build()

"""rrweb Replayer reference pictures (tests/data/visual) and ours of the same moments."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PySide6.QtGui import QImage

from tests.conftest import CORPUS, DATA, sentry_recording
from viewer.model import Replay, load_replay
from viewer.render.engine import Timeline
from viewer.render.engine.cursor import engine_at
from viewer.render.headless import snapshot_view
from viewer.render.picture_compare import framed

VISUAL = DATA / "visual"
#: Incremental source of canvas mutations (rrweb IncrementalSource.CanvasMutation).


@dataclass(frozen=True)
class Moment:
    """One reference picture: entry `name`, its `index`-th moment `t` (epoch ms), the page size
    the reference was taken at, and where the picture and the recording are."""

    name: str
    index: int
    t: float
    width: int
    height: int
    picture: Path
    source: Path

    @property
    def id(self) -> str:
        return f"{self.name}#{self.index}"


def input_path(relative: str) -> Path:
    """The project's copy of a shared-corpus input (`index.json` paths are relative to it)."""
    if relative.startswith("sentry/"):
        return sentry_recording(relative.removeprefix("sentry/"))
    if relative.startswith("thirdparty/"):
        return DATA / relative
    return CORPUS / relative


def moments() -> list[Moment]:
    index = json.loads((VISUAL / "index.json").read_text())
    out = []
    for name, entry in index.items():
        for i, (t, picture) in enumerate(zip(entry["times"], entry["pictures"], strict=True)):
            out.append(Moment(name, i, float(t), int(entry["width"]), int(entry["height"]),
                              VISUAL / picture, input_path(entry["input"])))
    return out


@cache
def replay_of(source: Path) -> Replay:
    return load_replay([str(source)])


def our_picture(moment: Moment) -> QImage:
    """`snapshot` of the moment, framed as the reference was taken: the replay unscaled at the
    top left of a page of the reference's size. The references' page is the size of the
    recording's first viewport; when the viewport has changed since (a ViewportResize), rrweb's
    iframe takes the new size inside that page, so ours is rendered at the new size, unscaled."""
    replay = replay_of(moment.source)
    engine = engine_at(Timeline(replay.events, replay.recorder), moment.t)
    width = engine.width or moment.width
    height = engine.height or moment.height
    image = snapshot_view(replay, moment.t, width)
    if (width, height) == (moment.width, moment.height):
        return image
    return framed(image, moment.width, moment.height)

"""Headless uses of the web view: domdumps of the rendered document, and PNG snapshots."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from viewer.model import Replay
from viewer.render.engine import Cursor, Timeline
from viewer.render.view import ReplayView

#: A headless step that takes longer than this has hung (the page or the render process died).
STEP_TIMEOUT_MS = 60_000
STABLE_MS = 60
STABLE_TRIES = 40


class HeadlessError(RuntimeError):
    """The web view did not answer."""


def wait(start: Callable[[Callable[..., None]], None], what: str) -> Any:
    """Run `start(done)` and spin an event loop until `done(value)` is called."""
    loop = QEventLoop()
    box: dict[str, Any] = {}

    def done(value: Any = None) -> None:
        box["value"] = value
        loop.quit()

    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(STEP_TIMEOUT_MS)
    start(done)
    if "value" not in box:
        loop.exec()
    timer.stop()
    if "value" not in box:
        raise HeadlessError(f"the web view did not answer ({what})")
    return box["value"]


def wait_ready(view: ReplayView) -> None:
    def start(done: Callable[..., None]) -> None:
        view.ready.connect(lambda: done(True))

    if not view.is_ready:
        wait(start, "loading the player page")


def wait_painted(view: ReplayView) -> None:
    def start(done: Callable[..., None]) -> None:
        token = view.when_painted()
        view.player_page.painted.connect(lambda t: done(t) if t == token else None)
    wait(start, "painting")


def stable_grab(widget: QWidget, view: ReplayView) -> QImage:
    """Grab `widget` once the page has painted and two grabs STABLE_MS apart agree (the web
    view's compositor hands frames to Qt a little after the page paints them)."""
    wait_painted(view)
    image = widget.grab().toImage()
    for _ in range(STABLE_TRIES):
        wait(lambda done: QTimer.singleShot(STABLE_MS, done), "a frame")
        again = widget.grab().toImage()
        if again == image:
            break
        image = again
    return image


def web_dumps(replay: Replay, times: Sequence[float], flavor: str | None = None
              ) -> list[dict[str, Any]]:
    """Domdumps of the document as rendered in an offscreen web view, one per moment.
    `flavor`: whose replayer quirks to follow ("sentry"/"rrweb"; default: the recorder's)."""
    view = ReplayView()
    view.resize(1280, 800)
    try:
        wait_ready(view)
        cursor = Cursor(Timeline(replay.events, flavor or replay.recorder), ops=False)
        out = []
        for t in times:
            cursor.seek(t)
            view.apply_ops([cursor.reset_op()])
            dom = wait(view.dump, f"dumping the document at {t}")
            out.append({"t": t, "dom": dom})
        return out
    finally:
        view.shutdown()


def snapshot_view(replay: Replay, t: float, width: int) -> QImage:
    """The replay at moment `t`, rendered `width` pixels wide at the recorded aspect ratio."""
    from viewer.render.player import Player

    view = ReplayView()
    try:
        player = Player(replay, view)
        player.seek(t)
        engine = player.cursor.engine
        w, h = (engine.width or 1280), (engine.height or 800)
        view.resize(width, max(1, round(width * h / w)))
        view.show()
        wait_ready(view)
        return stable_grab(view, view)
    finally:
        view.shutdown()

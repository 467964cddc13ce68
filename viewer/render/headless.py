"""Headless uses of the web view: domdumps of the rendered document, and PNG snapshots."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from viewer.model import Replay
from viewer.render.engine import Timeline
from viewer.render.view import ReplayView

#: A headless step that takes longer than this has hung (the page or the render process died).
STEP_TIMEOUT_MS = 60_000
STABLE_MS = 60
STABLE_TRIES = 40
#: After the page has painted, how long to wait for a frame to reach the view (polled).
FRAME_WAIT_MS = 120
FRAME_POLL_MS = 10


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
    if not view.is_ready:
        wait(lambda done: view.ready.connect(lambda: done(True)), "loading the player page")


def wait_painted(view: ReplayView) -> None:
    def start(done: Callable[..., None]) -> None:
        token = view.when_painted()
        view.player_page.painted.connect(lambda t: done(t) if t == token else None)
    wait(start, "painting")


class _PaintCounter(QObject):
    """Counts the paints of the widget that shows the page's frames (the view's render widget:
    Chromium hands it each new frame a little after the page has painted it)."""

    def __init__(self, target: QObject) -> None:
        super().__init__(target)
        self.count = 0
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def stable_grab(widget: QWidget, view: ReplayView) -> QImage:
    """Grab `widget` once the page has painted, a frame has reached the view since (or
    FRAME_WAIT_MS passed: the frame may have come before the page said so), and two grabs
    STABLE_MS apart agree. Under load the compositor hands frames to Qt late: without the
    wait, two equal grabs of the frame before could pass for the new one."""
    target = view.focusProxy() or view
    paints = _PaintCounter(target)
    try:
        wait_painted(view)
        seen = paints.count
        for _ in range(FRAME_WAIT_MS // FRAME_POLL_MS):
            if paints.count > seen:
                break
            wait(lambda done: QTimer.singleShot(FRAME_POLL_MS, done), "a frame")
        image = widget.grab().toImage()
        for _ in range(STABLE_TRIES):
            wait(lambda done: QTimer.singleShot(STABLE_MS, done), "a frame")
            again = widget.grab().toImage()
            if again == image:
                break
            image = again
        return image
    finally:
        target.removeEventFilter(paints)
        paints.deleteLater()


def web_dumps(replay: Replay, times: Sequence[float], flavor: str | None = None
              ) -> list[dict[str, Any]]:
    """Domdumps of the document as rendered in an offscreen web view, one per moment.
    `flavor`: whose replayer quirks to follow ("sentry"/"rrweb"; default: the recorder's)."""
    view = ReplayView()
    view.resize(1280, 800)
    try:
        wait_ready(view)
        timeline = Timeline(replay.events, flavor or replay.recorder)
        out = []
        for t in times:
            view.apply_ops([timeline.engine_at(t).reset_op()])
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
        w, h = (player.engine.width, player.engine.height) if player.engine else (1280, 800)
        w, h = (w or 1280), (h or 800)
        view.resize(width, max(1, round(width * h / w)))
        view.show()
        wait_ready(view)
        return stable_grab(view, view)
    finally:
        view.shutdown()

"""Headless uses of the web view: domdumps of the rendered document, and PNG snapshots."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QElapsedTimer, QEventLoop, QPoint, QTimer
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QWidget

from viewer.model import Replay
from viewer.render.engine import Cursor, Timeline
from viewer.render.view import ReplayView

#: A headless step that takes longer than this has hung (the page or the render process died).
STEP_TIMEOUT_MS = 60_000
STABLE_MS = 60
STABLE_TRIES = 40
#: How long to wait for the compositor to hand Qt a frame newer than the page's last change.
FRESH_TIMEOUT_MS = 15_000
#: A small square of an unlikely colour the trusted page shows for a moment at the view's top
#: left: once a grab shows it, and then a grab no longer does, the grab is of a frame the page
#: made after everything sent before it (the compositor can hand frames to Qt late under load).
MARK_COLOR = QColor(1, 254, 3)
MARK_SIZE = 4
_MARK_JS = (
    "(function (on) {{ let m = document.getElementById('replay-viewer-frame-mark');"
    " if (on && !m) {{ m = document.createElement('div'); m.id = 'replay-viewer-frame-mark';"
    " m.style.cssText = 'position:fixed;left:0;top:0;width:{size}px;height:{size}px;"
    "z-index:2147483647;pointer-events:none;background:rgb({r},{g},{b})';"
    " document.documentElement.appendChild(m); }}"
    " if (!on && m) m.remove(); }})({on})"
)


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


def wait_painted(view: ReplayView, frames: int = 0) -> None:
    """Wait until what was sent has been through `frames` animation frames (0: the default
    number, see `ReplayView.when_painted`)."""
    def start(done: Callable[..., None]) -> None:
        token = view.when_painted(frames)
        view.player_page.painted.connect(lambda t: done(t) if t == token else None)
    wait(start, "painting")


def _marked(image: QImage, origin: QPoint) -> bool:
    """Does the grab show the frame mark (every pixel of it) at `origin`?"""
    if image.width() < origin.x() + MARK_SIZE or image.height() < origin.y() + MARK_SIZE:
        return False
    return all(image.pixelColor(origin.x() + dx, origin.y() + dy).rgb() == MARK_COLOR.rgb()
               for dx in range(MARK_SIZE) for dy in range(MARK_SIZE))


def _grab_until(widget: QWidget, done: Callable[[QImage], bool]) -> QImage:
    """Grab every STABLE_MS until `done(grab)` (or FRESH_TIMEOUT_MS passed)."""
    clock = QElapsedTimer()
    clock.start()
    image = widget.grab().toImage()
    while not done(image) and clock.elapsed() < FRESH_TIMEOUT_MS:
        wait(lambda ready: QTimer.singleShot(STABLE_MS, ready), "a frame")
        image = widget.grab().toImage()
    return image


def fresh_grab(widget: QWidget, view: ReplayView) -> QImage:
    """A grab of `widget` showing a frame the page made after everything sent to it so far: the
    page shows the frame mark, a grab must show it; the page removes it, a grab must not."""
    origin = view.mapTo(widget, QPoint(0, 0)) if widget is not view else QPoint(0, 0)
    ratio = widget.devicePixelRatioF()
    origin = QPoint(round(origin.x() * ratio), round(origin.y() * ratio))
    for on in (True, False):
        code = _MARK_JS.format(size=MARK_SIZE, r=MARK_COLOR.red(), g=MARK_COLOR.green(),
                               b=MARK_COLOR.blue(), on="true" if on else "false")
        view.player_page.runJavaScript(code, 0)
        wait_painted(view)

        def shows(grab: QImage, on: bool = on) -> bool:
            return _marked(grab, origin) == on

        image = _grab_until(widget, shows)
    return image


def stable_grab(widget: QWidget, view: ReplayView) -> QImage:
    """Grab `widget` once the page has painted (a fresh frame, see `fresh_grab`) and two grabs
    STABLE_MS apart agree (images and fonts may still be arriving)."""
    image = fresh_grab(widget, view)
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

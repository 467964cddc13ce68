"""Runs an export off the GUI thread, with progress and cancel; its pictures are painted on it.

`run_export` (Qt-free: redaction, the engine, writing, encoding) runs in a worker thread, so
the window never freezes. What needs Qt runs on the GUI thread, asked for through a `GuiBridge`:
the bug report's pictures (`BridgedImages`) and the video's frames (`ThreadedPainter` in front
of a `VideoPainter`). The command line runs the same runner in a local event loop.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from viewer.export.job import ExportRequest, ExportResult, run_export
from viewer.export.output import ExportCancelled, ExportError
from viewer.export.video_encode import Picture
from viewer.export.video_plan import FrameScript
from viewer.model import Replay
from viewer.model.pointer import OverlayCall
from viewer.ui.export_images import QtImages
from viewer.ui.video_painter import VideoPainter

log = logging.getLogger("viewer.ui.export_runner")

#: How often a waiting worker looks at the cancel flag (s).
POLL_S = 0.1
#: A frame or picture that takes longer than this means the web view died (s).
ANSWER_TIMEOUT_S = 60.0


class GuiBridge(QObject):
    """Runs functions on the GUI thread for a worker thread: `post(fn, *args)` → Future."""

    _request = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._request.connect(self._run, Qt.ConnectionType.QueuedConnection)

    def post(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        future: Future[Any] = Future()
        self._request.emit((fn, args, future))
        return future

    def _run(self, request: tuple[Callable[..., Any], tuple[Any, ...], Future[Any]]) -> None:
        fn, args, future = request
        if not future.set_running_or_notify_cancel():
            return
        try:
            future.set_result(fn(*args))
        except BaseException as e:  # handed to the waiting worker
            future.set_exception(e)


def wait_for(future: Future[Any], cancel: threading.Event, what: str) -> Any:
    """The future's result; ExportCancelled when cancelled meanwhile, ExportError when the
    GUI thread does not answer within ANSWER_TIMEOUT_S."""
    waited = 0.0
    while True:
        if cancel.is_set():
            future.cancel()
            raise ExportCancelled("the export was cancelled")
        try:
            return future.result(timeout=POLL_S)
        except FutureTimeout:
            waited += POLL_S
            if waited > ANSWER_TIMEOUT_S:
                raise ExportError(f"the web view did not answer ({what})") from None


class BridgedImages:
    """The bug report's pictures (`ImageMaker`), rendered on the GUI thread."""

    def __init__(self, bridge: GuiBridge, cancel: threading.Event) -> None:
        self.bridge, self.cancel, self.images = bridge, cancel, QtImages()

    def screenshot(self, replay: Replay, t_ms: float, width: int) -> bytes:
        return bytes(wait_for(self.bridge.post(self.images.screenshot, replay, t_ms, width),
                              self.cancel, "a screenshot"))

    def timeline(self, replay: Replay, start_ms: float, end_ms: float, playhead_ms: float,
                 width: int) -> bytes:
        return bytes(wait_for(self.bridge.post(self.images.timeline, replay, start_ms, end_ms,
                                               playhead_ms, width),
                              self.cancel, "the timeline picture"))


class ThreadedPainter:
    """`FramePainter` for the worker thread: a `VideoPainter` on the GUI thread does the work."""

    def __init__(self, bridge: GuiBridge, cancel: threading.Event) -> None:
        self.bridge, self.cancel = bridge, cancel
        self.painter: VideoPainter | None = None
        self.pictures: queue.Queue[Picture] = queue.Queue()
        self.ready = threading.Event()

    def open(self, width: int, height: int, setup: Sequence[OverlayCall]) -> None:
        wait_for(self.bridge.post(self._make, width, height, list(setup)), self.cancel,
                 "starting the web view")
        waited = 0.0
        while not self.ready.wait(POLL_S):
            waited += POLL_S
            if self.cancel.is_set():
                raise ExportCancelled("the export was cancelled")
            if waited > ANSWER_TIMEOUT_S:
                raise ExportError("the web view did not answer (loading the player page)")

    def _make(self, width: int, height: int, setup: list[OverlayCall]) -> None:
        painter = self.painter = VideoPainter(width, height, setup)
        painter.painted.connect(lambda _index, picture: self.pictures.put(picture))
        painter.ready.connect(self.ready.set)
        if painter.is_ready:
            self.ready.set()

    def submit(self, script: FrameScript) -> None:
        assert self.painter is not None, "open() first"
        self.bridge.post(self.painter.paint, script)

    def take(self) -> Picture:
        waited = 0.0
        while True:
            if self.cancel.is_set():
                raise ExportCancelled("the export was cancelled")
            try:
                return self.pictures.get(timeout=POLL_S)
            except queue.Empty:
                waited += POLL_S
                if waited > ANSWER_TIMEOUT_S:
                    raise ExportError("the web view did not answer (painting a frame)") from None

    def close(self) -> None:
        painter, self.painter = self.painter, None
        if painter is not None:
            # not cancellable: the view must go on the GUI thread before the export ends
            self.bridge.post(painter.shutdown).result(timeout=ANSWER_TIMEOUT_S)


class ExportRunner(QObject):
    """One export in a worker thread. Signals arrive on the GUI thread: `progress(step, done,
    total)` (total 0: no count), then one of `finished(ExportResult)`, `failed(message)`,
    `cancelled()`; `ended` after any of them."""

    progress = Signal(str, int, int)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    ended = Signal()
    _outcome = Signal(str, object)
    _progress = Signal(str, int, int)

    def __init__(self, replay: Replay, request: ExportRequest,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.replay = replay
        self.request = request
        self.cancel_event = threading.Event()
        self.bridge = GuiBridge(self)
        self.worker: threading.Thread | None = None
        self.result: ExportResult | None = None
        self.error: Exception | None = None  # ExportError, or RuntimeError for a bug
        self._outcome.connect(self._end, Qt.ConnectionType.QueuedConnection)
        self._progress.connect(self.progress, Qt.ConnectionType.QueuedConnection)

    def start(self) -> None:
        self.worker = threading.Thread(target=self._work, name="export", daemon=True)
        self.worker.start()

    def cancel(self) -> None:
        """Stop at the next step or frame; the partial file is removed, then `cancelled`."""
        self.cancel_event.set()

    def _work(self) -> None:
        images = BridgedImages(self.bridge, self.cancel_event)
        painter = ThreadedPainter(self.bridge, self.cancel_event)
        try:
            result = run_export(self.replay, self.request, images, self._progress.emit,
                                painter, self.cancel_event.is_set)
        except ExportCancelled:
            self._outcome.emit("cancelled", None)
        except ExportError as e:
            self._outcome.emit("failed", e)
        except Exception as e:  # a bug: say it, keep the window alive
            log.exception("export failed")
            self._outcome.emit("failed", RuntimeError(
                f"internal error ({type(e).__name__}: {e})"))
        else:
            self._outcome.emit("finished", result)

    def _end(self, outcome: str, value: Any) -> None:
        if self.worker is not None:
            self.worker.join()
        if outcome == "finished":
            self.result = value
            self.finished.emit(value)
        elif outcome == "failed":
            self.error = value
            self.failed.emit(str(value))
        else:
            self.cancelled.emit()
        self.ended.emit()


class StderrProgress:
    """The command line's progress: one line per step, frame counts at most every
    `EVERY_S` seconds (and the last one)."""

    EVERY_S = 1.0

    def __init__(self, prog: str, stream: Any, clock: Callable[[], float]) -> None:
        self.prog, self.stream, self.clock = prog, stream, clock
        self.step = ""
        self.last = -1e9

    def __call__(self, step: str, done: int, total: int) -> None:
        if total:
            now = self.clock()
            if done < total and now - self.last < self.EVERY_S:
                return
            self.last = now
            self.stream.write(f"{self.prog}: {step} ({100 * done // total} %)\n")
        elif step != self.step:
            self.stream.write(f"{self.prog}: {step}…\n")
        self.step = step
        self.stream.flush()


def run_blocking(replay: Replay, request: ExportRequest,
                 progress: Callable[[str, int, int], None]) -> ExportResult:
    """Run an export to its end in a local event loop (the command line; needs the
    QApplication). Ctrl+C cancels it (nothing is left) and raises KeyboardInterrupt."""
    import signal

    from PySide6.QtCore import QEventLoop, QTimer

    runner = ExportRunner(replay, request)
    loop = QEventLoop()
    runner.progress.connect(progress)
    runner.ended.connect(loop.quit)
    interrupted = []

    def interrupt(_signum: int, _frame: object) -> None:
        interrupted.append(True)
        runner.cancel()

    previous = signal.signal(signal.SIGINT, interrupt)
    wake = QTimer()  # lets Python run its signal handler while Qt waits
    wake.timeout.connect(lambda: None)
    wake.start(200)
    try:
        runner.start()
        loop.exec()
    finally:
        wake.stop()
        signal.signal(signal.SIGINT, previous)
    if interrupted:
        raise KeyboardInterrupt
    if runner.error is not None:
        raise runner.error
    if runner.result is None:
        raise ExportCancelled("the export was cancelled")
    return runner.result

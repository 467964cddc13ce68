"""The player: a thin Qt adapter, clock → playback cursor → web view."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Sequence

from PySide6.QtCore import QObject, QThread, QTimer, Signal

from viewer.model import Replay
from viewer.model.events import EventList
from viewer.model.playback import Playback, State
from viewer.model.pointer import PointerTrack
from viewer.model.timeparse import end_moment
from viewer.render.engine import Cursor, Timeline, index_cache, index_worker
from viewer.render.engine.cursor import Kind, Step
from viewer.render.engine.seek import DEFAULT_BUDGET, SeekIndex, paused_gc
from viewer.render.view import ReplayView

log = logging.getLogger("viewer.render.player")

FRAME_MS = 16
#: Set to 0, the seek index is built by the window's thread alone (no helper process).
NO_HELPER_ENV = "REPLAY_VIEWER_INDEX_HELPER"
#: The seek index starts when the page has painted its first frame, or after this long.
START_WAIT_MS = 1500


class IndexBuilder(QThread):
    """Gets the seek index off the GUI thread: from the cache when this recording was indexed
    before, else by playing the whole recording once (then cached for the next open). With a
    second core and the recording's files at hand, a helper process builds the later part
    meanwhile (`index_worker`); this thread takes its keyframes when they come, or finishes
    alone if they do not."""

    built = Signal(object)
    progress = Signal(float)  # fraction of the events indexed

    STEP_EVENTS = 2000

    def __init__(self, timeline: Timeline, use_cache: bool = True,
                 files: Sequence[str] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timeline = timeline
        self.use_cache = use_cache
        self.files = list(files)
        self.from_cache = False
        self.helper: index_worker.Helper | None = None  # the helper process, once started
        self.helped = False  # the later part came from a helper process

    def run(self) -> None:
        started = time.perf_counter()
        events = self.timeline.events
        digest = None  # the cache's key, and what the helper checks it read
        if isinstance(events, EventList) and (self.use_cache or self.files):
            digest = events.content_digest()
        key = None
        if self.use_cache and digest is not None:
            key = index_cache.index_key(digest, self.timeline.flavor, DEFAULT_BUDGET)
            cached = index_cache.load(self.timeline, key)
            if cached is not None:
                self.from_cache = True
                log.info("seek index: %d keyframes from the cache in %.2f s",
                         len(cached.keyframes), time.perf_counter() - started)
                self.built.emit(cached)
                return
        index = SeekIndex(self.timeline, lazy=True)
        request = self._helper_request(digest)
        self.helper = self._start_helper(request) if request is not None else None
        try:
            if not self._build(index):
                return  # the player is going away
        finally:
            if self.helper is not None:
                self.helper.stop()
        log.info("seek index: %d keyframes, %.1f MB, built in %.2f s%s", len(index.keyframes),
                 index.nbytes / 1e6, time.perf_counter() - started,
                 " (the later part by a helper process)" if self.helped else "")
        self.built.emit(index)
        if key is not None:
            index_cache.save(index, key)

    def _helper_request(self, digest: str | None) -> index_worker.Request | None:
        if digest is None or not self.files or os.environ.get(NO_HELPER_ENV) == "0":
            return None
        split = index_worker.choose_split(self.timeline)
        if split is None:
            return None
        return index_worker.Request(self.files, self.timeline.flavor, DEFAULT_BUDGET, split,
                                    digest, len(self.timeline))

    def _build(self, index: SeekIndex) -> bool:
        """Index in steps until complete (False: interrupted). Past the helper's split, its
        keyframes replace this thread's own as soon as they come."""
        total = max(1, len(self.timeline))
        helper = self.helper
        split = helper.request.split if helper is not None else None
        while not index.complete:
            if self.isInterruptionRequested():
                return False
            stop = index.built + self.STEP_EVENTS
            if split is not None and index.built < split.position:
                stop = min(stop, split.position)
            index.build_until(stop)
            self.progress.emit(min(index.built / total, 1.0))
            if helper is None or split is None or index.built < split.position:
                continue
            if index.built == split.position and not split.carries_over(index.builder):
                split = None  # its part would not continue this one: go on alone
            elif helper.ready():
                part = helper.result()
                split = None
                if part is not None:
                    index.complete_with(*part)
                    self.helped = True
        return True

    @staticmethod
    def _start_helper(request: index_worker.Request) -> index_worker.Helper | None:
        try:
            return index_worker.Helper(request)
        except OSError as e:
            log.info("seek index: no helper process (%s)", e)
            return None


class Player(QObject):
    """Plays a replay in a ReplayView: the clock moves the cursor, the cursor's ops go to the view.

    Where playback is belongs to `cursor` (engine state, position, time); this adapter only
    drives it with the playback clock and the user's commands, and reports what it shows.
    """

    position_changed = Signal(float)  # epoch ms
    state_changed = Signal(str)  # playing / paused / finished
    event_changed = Signal(int, int)  # events applied, total
    page_changed = Signal(str, int, int)  # url, viewport width, height
    index_ready = Signal()  # seeking is instant from now on
    index_progress = Signal(float)  # fraction indexed so far
    #: Every move, as (Step, events applied before it, cause: "step", "play" or "seek"):
    #: `about_to_show` while the page still shows the previous state, `moved` once its ops
    #: have been sent (after `position_changed` and `event_changed`).
    about_to_show = Signal(object, int, str)
    moved = Signal(object, int, str)

    def __init__(self, replay: Replay, view: ReplayView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.replay = replay
        self.view = view
        self.cursor = Cursor(Timeline(replay.events, replay.recorder))
        self.builder: IndexBuilder | None = None
        self._index_token = -1  # the paint the index waits for (see `build_index`)
        self._stopped = False
        self.pointer = PointerTrack.from_events(replay.events)
        self.playback = Playback(replay.start_ms, end_moment(replay), time.monotonic,
                                 replay.inactivity)
        self._page = ("", 0, 0)
        self.highlighted: int | None = None  # the node the highlight box follows
        self.timer = QTimer(self)
        self.timer.setInterval(FRAME_MS)
        self.timer.timeout.connect(self._tick)
        view.call("replayOverlay.setTouch", self.pointer.is_touch)
        view.call("replay.setPaused", True)
        view.apply_ops([self.cursor.reset_op()])

    def build_index(self, use_cache: bool = True, files: Sequence[str] = ()) -> None:
        """Get the seek index in the background (from the cache, or built, with a helper
        process reading `files` when that is quicker; seeks replay from the last full snapshot
        until it is ready). The work starts once the page has painted what it shows now (or
        after `START_WAIT_MS`, for a view never shown): started at once, it slowed an uncached
        first frame by 100–400 ms."""
        if self.builder is not None or self.cursor.index is not None:
            return
        builder = self.builder = IndexBuilder(self.cursor.timeline, use_cache, files, self)
        builder.built.connect(self._index_built)
        builder.progress.connect(self.index_progress)
        self._index_token = self.view.when_painted(frames=1)
        self.view.player_page.painted.connect(self._painted)
        QTimer.singleShot(START_WAIT_MS, self, self._start_index)  # a page that never paints

    def _painted(self, token: int) -> None:
        if token == self._index_token:
            self._start_index()

    def _start_index(self) -> None:
        builder = self.builder
        if builder is not None and not builder.isRunning() and not builder.isFinished() \
                and not self._stopped:
            builder.start(QThread.Priority.LowPriority)

    def _index_built(self, index: SeekIndex) -> None:
        self.cursor.use_index(index)
        self.index_ready.emit()

    def stop(self) -> None:
        """Stop the clock and wait for the index thread (before the player is deleted)."""
        self._stopped = True
        self.timer.stop()
        if self.builder is not None:
            self.builder.requestInterruption()
            self.builder.wait()

    @property
    def playing(self) -> bool:
        return self.playback.state is State.PLAYING

    # -- commands ------------------------------------------------------------------------------
    def play(self) -> None:
        t = self.playback.play(self.cursor.time)
        if t != self.cursor.time:
            self._go(t, animate=False)
        self.timer.start()
        self.view.call("replay.setPaused", False)
        self.state_changed.emit(self.playback.state.value)

    def pause(self) -> None:
        t = self.playback.advance(self.cursor.time)
        self.playback.pause()
        self.timer.stop()
        self.view.call("replay.setPaused", True)
        self._go(t, animate=False)
        self.state_changed.emit(self.playback.state.value)

    def toggle(self) -> None:
        if self.playing:
            self.pause()
        else:
            self.play()

    def seek(self, t: float) -> None:
        self._go(self.playback.moved_to(t), animate=False)

    def jump(self, delta_ms: float) -> None:
        self.seek(self.playback.advance(self.cursor.time) + delta_ms)

    def restart(self) -> None:
        self.seek(self.playback.start)

    def set_speed(self, speed: float) -> None:
        t = self.playback.set_speed(speed, self.cursor.time)
        if t != self.cursor.time:
            self._go(t, animate=True, cause="play")
        self.view.call("replayOverlay.setSpeed", speed)

    def set_skip_inactive(self, on: bool) -> None:
        self.playback.skip_inactive = on

    def step(self, delta: int, kind: Kind | None = None) -> None:
        """Event-exact stepping, paused: `delta` events more (or fewer), or with `kind` (rrweb
        type, incremental source or None) to the next (previous) event of that kind."""
        if self.playing:
            self.pause()
        before, previous = self.cursor.time, self.cursor.position
        with paused_gc():
            if kind is None:
                step = self.cursor.step(delta)
            else:
                step = self.cursor.step_to_kind(kind, forward=delta > 0)
            self.playback.moved_to(step.time)
            self._show(step, False, before, previous, "step")

    def go_to_position(self, position: int) -> None:
        """Show exactly the first `position` events, paused (a node's history entry, its
        next change): labelled just after the last of them, as a step would be."""
        if self.playing:
            self.pause()
        before, previous = self.cursor.time, self.cursor.position
        with paused_gc():
            step = self.cursor.move(position, self.cursor.time_of(position))
            self.playback.moved_to(step.time)
            self._show(step, False, before, previous, "seek")

    def first_frame_time(self) -> float:
        """Where to open: the first full snapshot (the replay may start with a Meta event)."""
        first = self.cursor.timeline.first_snapshot()
        return self.cursor.time_of(first + 1) if first is not None else self.replay.start_ms

    def highlight(self, node_id: int | None) -> None:
        """Outline a node in the replay (None: no outline); the outline follows it while the
        page changes."""
        self.highlighted = node_id
        self.view.call("replayOverlay.highlight", node_id)

    # -- internals -----------------------------------------------------------------------------
    def _tick(self) -> None:
        t = self.playback.advance(self.cursor.time)
        self._go(t, animate=not self.playback.skipping(t), cause="play")
        if not self.playing:
            self.timer.stop()
            self.view.call("replay.setPaused", True)
            self.state_changed.emit(self.playback.state.value)

    def _go(self, t: float, animate: bool, cause: str = "seek") -> None:
        """Show moment `t` (playing forward animates the pointer along its recorded path)."""
        before, previous = self.cursor.time, self.cursor.position
        with paused_gc():  # the collection the move's garbage calls for waits for the ops
            self._show(self.cursor.seek(t), animate, before, previous, cause)

    def _show(self, step: Step, animate: bool, before: float, previous: int,
              cause: str) -> None:
        self.about_to_show.emit(step, previous, cause)
        self.view.apply_ops(step.ops)
        if self.highlighted is not None and step.ops:
            self.view.call("replayOverlay.highlight", self.highlighted)
        self._update_pointer(before, step.time, animate and step.how != "reset")
        engine = self.cursor.engine
        page = (engine.href, engine.width, engine.height)
        if page != self._page:
            self._page = page
            self.page_changed.emit(*page)
        self.position_changed.emit(step.time)
        self.event_changed.emit(step.position, step.total)
        self.moved.emit(step, previous, cause)

    def _update_pointer(self, previous: float, t: float, animate: bool) -> None:
        for function, args in self.pointer.overlay_calls(previous, t, animate):
            self.view.call(function, *args)

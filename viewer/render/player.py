"""The player: moves the DOM engine with the playback clock and pushes its patch ops to the view."""

from __future__ import annotations

import bisect
import logging
import time
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal

from viewer.model import Replay
from viewer.model.playback import USER_INTERACTION_SOURCES, Playback, State
from viewer.model.pointer import PointerTrack
from viewer.render.engine import DomEngine, Timeline
from viewer.render.engine.diff import diff_ops
from viewer.render.engine.seek import SeekIndex
from viewer.render.view import ReplayView

log = logging.getLogger("viewer.render.player")

#: Playing forward more events than this at once sends a full tree instead of every op.
MAX_FORWARD_OPS_EVENTS = 400
#: Pointer actions are animated only when playing at most this fast (else: final position).
MAX_ANIMATED_POINTER = 60
FRAME_MS = 16


class IndexBuilder(QThread):
    """Builds the seek index off the GUI thread (it plays the whole recording once)."""

    built = Signal(object)
    progress = Signal(float)  # fraction of the events indexed

    STEP_EVENTS = 2000

    def __init__(self, timeline: Timeline, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timeline = timeline

    def run(self) -> None:
        started = time.perf_counter()
        index = SeekIndex(self.timeline, lazy=True)
        done = 0
        total = max(1, len(self.timeline))
        while not index.build_some(self.STEP_EVENTS):
            if self.isInterruptionRequested():
                return  # the player is going away
            done += self.STEP_EVENTS
            self.progress.emit(min(done / total, 1.0))
        log.info("seek index: %d keyframes, %.1f MB, built in %.2f s", len(index.keyframes),
                 index.nbytes / 1e6, time.perf_counter() - started)
        self.built.emit(index)


class Player(QObject):
    """Plays a replay in a ReplayView. Times are epoch ms; positions are event counts."""

    position_changed = Signal(float)  # epoch ms
    state_changed = Signal(str)  # playing / paused / finished
    event_changed = Signal(int, int)  # events applied, total
    page_changed = Signal(str, int, int)  # url, viewport width, height
    frame_shown = Signal(float)  # the view has been told to show this moment
    index_ready = Signal()  # seeking is instant from now on
    index_progress = Signal(float)  # fraction indexed so far

    def __init__(self, replay: Replay, view: ReplayView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.replay = replay
        self.view = view
        self.timeline = Timeline(replay.events, replay.recorder)
        self.index: SeekIndex | None = None
        self.builder: IndexBuilder | None = None
        self.pointer = PointerTrack.from_events(replay.events)
        interactions = [t for t, s in zip(replay.events.timestamps, replay.events.sources,
                                          strict=True) if s in USER_INTERACTION_SOURCES]
        self.playback = Playback(replay.start_ms, replay.end_ms, time.monotonic, interactions)
        self.engine: DomEngine | None = None
        self.applied = 0  # events applied to what the view shows
        self.time = replay.start_ms
        self._page = ("", 0, 0)
        self.timer = QTimer(self)
        self.timer.setInterval(FRAME_MS)
        self.timer.timeout.connect(self._tick)
        view.call("replayOverlay.setTouch", self.pointer.is_touch)
        view.call("replay.setPaused", True)

    def build_index(self) -> None:
        """Start building the seek index in the background (seeks replay from the last full
        snapshot until it is ready)."""
        if self.builder is None and self.index is None:
            self.builder = IndexBuilder(self.timeline, self)
            self.builder.built.connect(self._index_built)
            self.builder.progress.connect(self.index_progress)
            self.builder.start(QThread.Priority.LowPriority)

    def _index_built(self, index: SeekIndex) -> None:
        self.index = index
        self.index_ready.emit()

    def stop(self) -> None:
        """Stop the clock and wait for the index thread (before the player is deleted)."""
        self.timer.stop()
        if self.builder is not None:
            self.builder.requestInterruption()
            self.builder.wait()

    @property
    def total(self) -> int:
        return len(self.timeline)

    # -- commands ------------------------------------------------------------------------------
    def play(self) -> None:
        self.playback.play()
        if self.playback.position != self.time:
            self.seek(self.playback.position)
        self.timer.start()
        self.view.call("replay.setPaused", False)
        self.state_changed.emit(self.playback.state.value)

    def pause(self) -> None:
        self.playback.pause()
        self.timer.stop()
        self.view.call("replay.setPaused", True)
        self._show(self.playback.position, animate=False)
        self.state_changed.emit(self.playback.state.value)

    def toggle(self) -> None:
        if self.playback.state is State.PLAYING:
            self.pause()
        else:
            self.play()

    def seek(self, t: float) -> None:
        self._show(self.playback.seek(t), animate=False)

    def jump(self, delta_ms: float) -> None:
        self._show(self.playback.jump(delta_ms), animate=False)

    def restart(self) -> None:
        self._show(self.playback.restart(), animate=False)

    def set_speed(self, speed: float) -> None:
        self.playback.set_speed(speed)
        self.view.call("replayOverlay.setSpeed", speed)

    def set_skip_inactive(self, on: bool) -> None:
        self.playback.skip_inactive = on

    def step(self, delta: int, kind: tuple[int, int | None] | None = None) -> None:
        """Show exactly `delta` events more (or fewer): event-exact stepping, paused.
        With `kind` (rrweb type, incremental source or None), step to the next (previous)
        event of that kind instead."""
        if self.playback.state is State.PLAYING:
            self.pause()
        target = min(max(self.applied + delta, 0), self.total)
        if kind is not None:
            found = self.find_event(kind, forward=delta > 0)
            if found is None:
                return
            target = found + 1
        t = self.timeline.timestamps[target - 1] + 1e-3 if target else self.replay.start_ms
        self.playback.seek(t)
        self._show_position(target, t, animate=False)

    def find_event(self, kind: tuple[int, int | None], forward: bool) -> int | None:
        """Index of the next event of `kind` after the shown one (or the last one before it)."""
        events = self.replay.events
        type_, source = kind
        indices = range(self.applied, self.total) if forward else range(self.applied - 2, -1, -1)
        for i in indices:
            if events.types[i] == type_ and (source is None or events.sources[i] == source):
                return i
        return None

    def step_to(self, index: int) -> None:
        """Show the state right after event `index` (0-based) was applied."""
        self.step(index + 1 - self.applied)

    def current_event(self) -> dict[str, Any] | None:
        """The last applied rrweb event (what "event N of M" points at)."""
        return self.timeline.events[self.applied - 1] if self.applied else None

    # -- internals -----------------------------------------------------------------------------
    def _tick(self) -> None:
        t = self.playback.tick()
        self._show(t, animate=not self.playback.skipping)
        if self.playback.state is not State.PLAYING:
            self.timer.stop()
            self.view.call("replay.setPaused", True)
            self.state_changed.emit(self.playback.state.value)

    def _show(self, t: float, animate: bool) -> None:
        # as rrweb's player: every event at or before the playhead is applied
        self._show_position(bisect.bisect_right(self.timeline.timestamps, t), t, animate)

    def first_frame_time(self) -> float:
        """Where to open: the first full snapshot (the replay may start with a Meta event)."""
        first = self.timeline.first_snapshot()
        return self.timeline.timestamps[first] if first is not None else self.replay.start_ms

    def _engine_at(self, position: int) -> DomEngine:
        """A new engine after `position` events: from the nearest keyframe when the index is
        ready, else from the last full snapshot."""
        if self.index is not None:
            return self.index.engine_at_position(position)
        return self.timeline.replay_from_snapshot(position)

    def _show_position(self, target: int, t: float, animate: bool) -> None:
        previous_time = self.time
        engine = self.engine
        ops: list[dict[str, Any]] | None = None
        if (engine is not None and target >= self.applied
                and target - self.applied <= MAX_FORWARD_OPS_EVENTS):
            engine.ops = []
            self.timeline.apply_range(engine, self.applied, target)
            ops, engine.ops = engine.ops, None
        else:
            shown, engine = engine, self._engine_at(target)
            ops = diff_ops(shown, engine) if shown is not None else None
            if ops is None:
                ops = [engine.reset_op()]
            animate = False
        self.engine = engine
        self.applied = target
        self.time = t
        self.view.apply_ops(ops)
        self._update_pointer(previous_time, t, animate)
        page = (engine.href, engine.width, engine.height)
        if page != self._page:
            self._page = page
            self.page_changed.emit(*page)
        self.position_changed.emit(t)
        self.event_changed.emit(target, self.total)
        self.frame_shown.emit(t)

    def _update_pointer(self, previous: float, t: float, animate: bool) -> None:
        actions = self.pointer.between(previous, t) if animate and t >= previous else None
        if actions is not None and len(actions) <= MAX_ANIMATED_POINTER:
            for a in actions:
                self.view.call("replayOverlay.pointer", a.kind, a.x, a.y, a.node_id, a.t)
            return
        last, touching = self.pointer.at(t)
        if last is None:
            self.view.call("replayOverlay.place", None, None, None, False)
        else:
            self.view.call("replayOverlay.place", last.x, last.y, last.node_id, touching)

    def highlight(self, node_id: int | None) -> None:
        self.view.call("replayOverlay.highlight", node_id)

"""The window's inspector: the Elements panel kept on the player's state, picking an element in
the replay, change flashing, node history and its previous / next change, and DevTools."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

import orjson
import shiboken6
from PySide6.QtCore import QObject, QThread, QTimer, Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from viewer.model import Replay
from viewer.render.engine.cursor import Step
from viewer.render.engine.inspection import HistoryIndex, ids_named_between
from viewer.render.engine.inspection.pages import PageBreaks
from viewer.render.engine.inspection.step_changes import MAX_EVENTS, MoveChanges, move_changes
from viewer.render.engine.timeline import Timeline
from viewer.render.player import Player
from viewer.render.view import ReplayView
from viewer.ui.diff_controller import DiffController
from viewer.ui.panels.diff import DiffPanel
from viewer.ui.panels.elements import ElementsPanel
from viewer.ui.panels.issues import IssuesPanel

log = logging.getLogger("viewer.ui.inspector")

#: While playing, the Elements panel shows the player's state at most this often.
THROTTLE_MS = 100
#: Flashing while playing (when asked for) only up to this speed.
FLASH_MAX_SPEED = 1.0
#: Events the history index takes in one go before checking whether to stop.
HISTORY_STEP = 2000


class Job(QThread):
    """Runs `work(stop)` off the GUI thread and hands its result over (`done`); `stop()` says
    when to give up (the window is going away). The result is not shared until it is done."""

    done = Signal(object)

    def __init__(self, work: Callable[[Callable[[], bool]], Any],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.work = work

    def run(self) -> None:
        result = self.work(self.isInterruptionRequested)
        if not self.isInterruptionRequested():
            self.done.emit(result)


def build_history(timeline: Timeline, stop: Callable[[], bool]) -> HistoryIndex | None:
    """A replay's node history index: one forward play, in steps (None when stopped)."""
    index = HistoryIndex(timeline)
    while not index.build_some(HISTORY_STEP):
        if stop():
            return None
    return index


def find_page_loads(breaks: PageBreaks, stop: Callable[[], bool]) -> list[int]:
    """The full snapshots that load another page (each decided with a seek)."""
    loads = []
    for snapshot in breaks.seek.timeline.snapshots[1:]:
        if stop():
            break
        if breaks.is_new_page(snapshot):
            loads.append(snapshot)
    return loads


class Inspector(QObject):
    """Wires the Elements panel to the player and the replay view (see the module doc); the
    Diff panel's logic is `DiffController`. The node history index and the page loads are
    worked out in the background (`Job`), when the Elements tab or a node first needs them.
    `status(text)` is a message for the status bar, `pick_changed(on)` says when pick mode
    starts or ends."""

    status = Signal(str)
    pick_changed = Signal(bool)

    def __init__(self, replay: Replay, player: Player, view: ReplayView,
                 panels: Sequence[tuple[str, QWidget]], tabs: QTabWidget,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.replay, self.player, self.view, self.tabs = replay, player, view, tabs
        widgets = [w for _, w in panels]
        self.elements = next(w for w in widgets if isinstance(w, ElementsPanel))
        diff_panel = next(w for w in widgets if isinstance(w, DiffPanel))
        issues = next((w for w in widgets if isinstance(w, IssuesPanel)), None)
        self.history: HistoryIndex | None = None
        self.builder: Job | None = None  # the history index's
        self.loads_job: Job | None = None  # the page loads'
        self._page_loads: list[int] | None = None
        self.picking = False
        self.flash_playing = False
        self.devtools: Any = None  # viewer.ui.devtools.DevToolsWindow, once opened
        self._breaks: PageBreaks | None = None
        self._shown: int | None = None  # position the Elements panel shows (None: nothing yet)
        self._dirty = True
        self._changes: MoveChanges | None = None  # of the move being shown (for flashing)
        self._pending_change: int | None = None  # a previous / next change asked for early
        self._throttle = QTimer(self)
        self._throttle.setSingleShot(True)
        self._throttle.setInterval(THROTTLE_MS)
        self._throttle.timeout.connect(self._refresh_if_shown)

        player.about_to_show.connect(self._before_move)
        player.moved.connect(self._after_move)
        player.index_ready.connect(self._index_ready)
        view.player_page.picked.connect(self._picked)
        tabs.currentChanged.connect(lambda _: self._refresh_if_shown())
        el = self.elements
        el.selected.connect(self._selected)
        el.position_requested.connect(player.go_to_position)
        el.pick_toggled.connect(self.set_picking)
        el.change_requested.connect(self.go_to_change)
        el.flash_toggled.connect(self._set_flash_playing)
        self.diff = DiffController(self, diff_panel)
        if issues is not None:
            issues.hydration_diff_requested.connect(self.diff.show_hydration)

    # -- following the player ------------------------------------------------------------

    @property
    def elements_shown(self) -> bool:
        return self.tabs.currentWidget() is self.elements and self.elements.isVisible()

    def _flashes(self, cause: str) -> bool:
        if cause == "step":
            return True
        return (cause == "play" and self.flash_playing
                and self.player.playback.speed <= FLASH_MAX_SPEED)

    def _before_move(self, step: Step, previous: int, cause: str) -> None:
        """The page still shows the previous state: removed nodes flash now, while they are
        still there to be measured."""
        self._changes = None
        if not self._flashes(cause) or step.position == previous:
            return
        cursor = self.player.cursor
        changes = move_changes(cursor.timeline.events, previous, step.position,
                               cursor.engine.mirror)
        self._changes = changes
        if changes.removed and not changes.page:
            self.view.call("replayOverlay.flash", [[i, "removed"] for i in changes.removed])

    def _after_move(self, step: Step, previous: int, cause: str) -> None:
        changes, self._changes = self._changes, None
        if changes is not None and not changes.page and (changes.added or changes.changed):
            entries = [[i, "added"] for i in changes.added]
            entries += [[i, "changed"] for i in changes.changed]
            self.view.call("replayOverlay.flash", entries)
        self._dirty = True
        if not self.elements_shown:
            return
        if cause == "play":
            if not self._throttle.isActive():
                self._throttle.start()
            return
        self._throttle.stop()
        self.refresh(changes.named if changes is not None else None)

    def _refresh_if_shown(self) -> None:
        if self.elements_shown and self._dirty:
            self.refresh()
        if self.elements_shown:
            self.ensure_history()

    def refresh(self, changed: set[int] | None = None) -> None:
        """Show the player's state in the Elements panel now; `changed`: the ids the last
        move touched (default: those named by the events since the state shown before)."""
        cursor = self.player.cursor
        position = cursor.position
        if changed is None:
            changed = set()
            shown = self._shown
            if shown is not None and 0 < abs(position - shown) <= MAX_EVENTS:
                changed = ids_named_between(cursor.timeline.events, min(shown, position),
                                            max(shown, position))
        self.elements.show_state(cursor.engine, changed)
        self._shown = position
        self._dirty = False
        if not self.player.playing:
            self.request_box()

    # -- the selected node ---------------------------------------------------------------

    def _selected(self, node_id: int) -> None:
        self.ensure_history()
        self.request_box(node_id)

    def request_box(self, node_id: int | None = None) -> None:
        """Ask the page for the selected node's box (shown in its details when it comes)."""
        node_id = self.elements.selected_id if node_id is None else node_id
        if node_id is None:
            return
        elements = self.elements

        def show(text: Any) -> None:
            box = orjson.loads(text) if isinstance(text, str) and text else None
            if shiboken6.isValid(elements):
                elements.show_box(node_id, box if isinstance(box, dict) else None)

        self.view.call("replayOverlay.box", node_id, callback=show)

    def reveal(self, node_id: int) -> bool:
        """Show the Elements panel with the node selected in the player's state (and its
        box highlighted in the replay); False when the node is not in that state."""
        self.tabs.setCurrentWidget(self.elements)
        if self._dirty or self._shown != self.player.cursor.position:
            self.refresh()
        found = self.elements.select_node(node_id)
        self.ensure_history()
        self.request_box(node_id)
        if found:
            self.player.highlight(node_id)
        return found

    # -- pick mode -----------------------------------------------------------------------

    def set_picking(self, on: bool) -> None:
        """Start or end pick mode (the next click in the replay selects its element)."""
        if on == self.picking:
            return
        self.picking = on
        self.view.call("replayPick.start" if on else "replayPick.stop")
        button = self.elements.pick_button
        button.blockSignals(True)
        button.setChecked(on)
        button.blockSignals(False)
        if on:
            self.tabs.setCurrentWidget(self.elements)
            self.status.emit("Pick mode: click an element in the replay (Esc leaves)")
        self.pick_changed.emit(on)

    def toggle_picking(self) -> None:
        self.set_picking(not self.picking)

    def _picked(self, node_id: int) -> None:
        """The page reports the element clicked in pick mode (pick mode has ended there)."""
        if self.picking:
            self.picking = False
            button = self.elements.pick_button
            button.blockSignals(True)
            button.setChecked(False)
            button.blockSignals(False)
            self.pick_changed.emit(False)
        if node_id <= 0:
            self.status.emit("No recorded element there")
        elif not self.reveal(node_id):
            self.status.emit(f"Node #{node_id} is not in the Elements tree")

    # -- node history --------------------------------------------------------------------

    def ensure_history(self) -> None:
        """Start building the node history index (once; it is built in the background)."""
        if self.history is not None or self.builder is not None:
            return
        timeline = self.player.cursor.timeline
        self.builder = Job(lambda stop: build_history(timeline, stop), self)
        self.builder.done.connect(self._history_built)
        self.builder.start(QThread.Priority.LowPriority)
        self.elements.set_history_pending()
        self._find_page_loads()

    def _history_built(self, index: HistoryIndex | None) -> None:
        if index is None:
            return
        self.history = index
        self.elements.set_history(index, self.replay.start_ms, self._page_loads or [])
        pending, self._pending_change = self._pending_change, None
        if pending is not None:
            self.go_to_change(pending)

    def breaks(self) -> PageBreaks | None:
        """Which full snapshots load another page (None until the seek index is ready)."""
        index = self.player.cursor.index
        if index is None:
            return None
        if self._breaks is None or self._breaks.seek is not index:
            self._breaks = PageBreaks(index)
        return self._breaks

    def _find_page_loads(self) -> None:
        """Decide which snapshots load a page (for the history's marks) in the background,
        once the seek index is there (a seek per snapshot: a long replay has many)."""
        index = self.player.cursor.index
        if index is None or self.loads_job is not None or self._page_loads is not None:
            return
        breaks = PageBreaks(index)  # the job's own until it is done
        self.loads_job = Job(lambda stop: (breaks, find_page_loads(breaks, stop)), self)
        self.loads_job.done.connect(self._page_loads_found)
        self.loads_job.start(QThread.Priority.LowPriority)

    def _page_loads_found(self, result: tuple[PageBreaks, list[int]]) -> None:
        breaks, loads = result
        self._page_loads = loads
        if breaks.seek is self.player.cursor.index:
            self._breaks = breaks  # its decisions are made: the diffs use them too
        if self.history is not None:
            self.elements.set_history(self.history, self.replay.start_ms, loads)

    def _index_ready(self) -> None:
        if self.builder is not None:  # the history is wanted: its page marks too
            self._find_page_loads()
        self.diff.index_ready()

    def go_to_change(self, step: int) -> None:
        """Move to just after the selected node's next (step > 0) or previous change."""
        node_id = self.elements.selected_id
        if node_id is None:
            self.status.emit("Select a node first (Elements panel, or pick one in the replay)")
            return
        if self.history is None:
            self._pending_change = step
            self.ensure_history()
            self.status.emit("Indexing node history…")
            return
        position = self.player.cursor.position
        found = self.history.change_near(node_id, position if step > 0 else position - 1, step)
        if found is None:
            way = "later" if step > 0 else "earlier"
            self.status.emit(f"No {way} change of node #{node_id}")
            return
        self.player.go_to_position(found + 1)
        self.status.emit(f"Node #{node_id}: event {found}")

    def _set_flash_playing(self, on: bool) -> None:
        self.flash_playing = on

    # -- DevTools ------------------------------------------------------------------------

    def open_devtools(self) -> None:
        """Chromium's DevTools for the replay page, in a window of its own."""
        from viewer.ui.devtools import DevToolsWindow

        if (self.devtools is None or not shiboken6.isValid(self.devtools)
                or self.devtools.closed):
            self.devtools = DevToolsWindow(self.view)
        self.devtools.show()
        self.devtools.raise_()
        self.devtools.activateWindow()

    def stop(self) -> None:
        """Before the player and view go: stop the history builder, close DevTools."""
        self._throttle.stop()
        for job in (self.builder, self.loads_job):
            if job is not None:
                job.requestInterruption()
                job.wait()
        if self.devtools is not None and shiboken6.isValid(self.devtools):
            self.devtools.shutdown()
        self.devtools = None

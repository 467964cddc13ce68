"""A/B diff in the window: marks at the playhead, the diff of the two moments (or around a
hydration error) in the Diff panel, and each change's node selected where it exists."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from viewer.render.engine.inspection.hydration import hydration_diff
from viewer.render.engine.inspection.moment_diff import diff_positions
from viewer.render.engine.inspection.reports import clock
from viewer.ui.panels.diff import DiffPanel

if TYPE_CHECKING:
    from viewer.ui.inspector import Inspector

Mark = tuple[int, float]  # (events applied, epoch ms)


class DiffController(QObject):
    """Marks A and B, and what the Diff panel shows; diffs wait for the seek index."""

    def __init__(self, inspector: Inspector, panel: DiffPanel) -> None:
        super().__init__(inspector)
        self.inspector = inspector
        self.panel = panel
        self.marks: dict[str, Mark | None] = {"A": None, "B": None}
        self._waiting: tuple[str, Any] | None = None  # a diff asked for before the index
        panel.mark_requested.connect(self.mark)
        panel.clear_requested.connect(self.clear)
        panel.change_chosen.connect(self.choose)

    @property
    def player(self) -> Any:
        return self.inspector.player

    def mark(self, which: str) -> None:
        """Mark the playhead as moment A or B; with both marks, show their diff."""
        cursor = self.player.cursor
        self.marks[which] = (cursor.position, cursor.time)
        self.panel.show_marks(self.marks["A"], self.marks["B"])
        a, b = self.marks["A"], self.marks["B"]
        self.inspector.status.emit(f"Moment {which}: {clock(cursor.time, self.start_ms)} "
                                   f"(event {cursor.position})")
        if a is not None and b is not None:
            self._run(("marks", None))
        else:
            self.panel.show_note(f"Moment {which} marked; mark moment "
                                 f"{'B' if which == 'A' else 'A'} too to see the diff")

    def clear(self) -> None:
        self.marks = {"A": None, "B": None}
        self._waiting = None
        self.panel.show_marks(None, None)
        self.panel.show_note("Mark two moments (A and B) to see what changed in the page "
                             "between them")

    def show_hydration(self, error_ms: float) -> None:
        """The page before and after the hydration error at `error_ms` (as Sentry shows it)."""
        self._run(("hydration", error_ms))

    def index_ready(self) -> None:
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            self._run(waiting)

    @property
    def start_ms(self) -> float:
        return float(self.inspector.replay.start_ms)

    def _run(self, job: tuple[str, Any]) -> None:
        self.inspector.tabs.setCurrentWidget(self.panel)
        seek = self.player.cursor.index
        if seek is None:
            self._waiting = job
            self.panel.show_note("Waiting for the seek index (see the status bar)…")
            return
        breaks = self.inspector.breaks()
        kind, arg = job
        if kind == "hydration":
            report = hydration_diff(seek, arg, breaks)
            a, b = report["from"], report["to"]
            self.marks = {"A": (a["event"], a["t"]), "B": (b["event"], b["t"])}
            self.panel.show_marks(self.marks["A"], self.marks["B"])
            self.panel.show_diff(report, f"Hydration error at {clock(arg, self.start_ms)}: "
                                         "the page before (A) and after (B)")
            return
        mark_a, mark_b = self.marks["A"], self.marks["B"]
        if mark_a is None or mark_b is None:
            return
        report = diff_positions(seek, mark_a[0], mark_b[0], breaks)
        report["from"]["t"], report["to"]["t"] = mark_a[1], mark_b[1]
        self.panel.show_diff(report)

    def choose(self, change: dict[str, Any]) -> None:
        """Select a change's node in the Elements panel at a moment where it exists (the
        playhead stays when it is already at such a mark)."""
        a, b = self.marks["A"], self.marks["B"]
        if a is None or b is None:
            return
        where = change.get("exists")
        position = self.player.cursor.position
        if where == "A":
            target = a
        elif where == "B":
            target = b
        else:
            target = a if position == a[0] else b
        if position != target[0]:
            self.player.go_to_position(target[0])
        node_id = int(change["id"])
        if not self.inspector.reveal(node_id):
            self.inspector.status.emit(f"Node #{node_id} has no row in the Elements tree")

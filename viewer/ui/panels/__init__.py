"""Side panels (breadcrumbs, elements, console, logs, network, errors, issues, diff, trace,
memory/vitals, metadata)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from viewer.model.replay import Replay
    from viewer.timeline.widget import TimelineWidget


def build_panels(replay: Replay) -> list[tuple[str, QWidget]]:
    """Every panel for a replay as (tab title, widget), in the order a tab widget shows them.

    Each widget has `seek_requested(float epoch_ms)`, `set_time(epoch_ms)` and
    `select_frame(frame)`; the breadcrumbs and issues panels emit `highlight_node(int node_id)`
    while a click/input row is hovered (and `highlight_cleared()` after), the Elements panel
    while a row of its tree is. The Elements and Diff panels are driven by the window's
    inspector (`viewer.ui.inspector`), not by the clock.
    """
    from viewer.ui.panels.breadcrumbs import BreadcrumbsPanel
    from viewer.ui.panels.console import ConsolePanel
    from viewer.ui.panels.diff import DiffPanel
    from viewer.ui.panels.elements import ElementsPanel
    from viewer.ui.panels.errors import ErrorsPanel
    from viewer.ui.panels.issues import IssuesPanel
    from viewer.ui.panels.logs import LogsPanel
    from viewer.ui.panels.memory import MemoryVitalsPanel
    from viewer.ui.panels.metadata import MetadataPanel
    from viewer.ui.panels.network import NetworkPanel
    from viewer.ui.panels.trace import TracePanel

    errors = ErrorsPanel(replay)
    issues = IssuesPanel(replay)
    return [
        ("Breadcrumbs", BreadcrumbsPanel(replay)),
        ("Elements", ElementsPanel()),
        ("Console", ConsolePanel(replay)),
        (f"Logs ({len(replay.logs)})" if replay.logs else "Logs", LogsPanel(replay)),
        ("Network", NetworkPanel(replay)),
        (f"Errors ({errors.count})" if errors.count else "Errors", errors),
        (f"Issues ({issues.count})" if issues.count else "Issues", issues),
        ("Diff", DiffPanel(replay)),
        ("Trace", TracePanel(replay)),
        ("Memory / Vitals", MemoryVitalsPanel(replay)),
        ("Metadata", MetadataPanel(replay)),
    ]


def connect_panels(panels: list[tuple[str, QWidget]], timeline: TimelineWidget | None,
                   seek: Callable[[float], Any],
                   highlight: Callable[[int | None], Any] | None = None
                   ) -> Callable[[float], None]:
    """Wire the panels and the timeline to a player; returns `show_time(epoch_ms)`.

    Every `seek_requested` goes to `seek` (e.g. `player.seek`); a frame chosen on the
    timeline or in a panel is selected in the timeline and every other panel (selecting
    emits nothing, so there are no loops); `highlight_node` goes to `highlight` (e.g.
    `player.highlight`), `highlight_cleared` as `highlight(None)`; zooming the timeline
    scales the network waterfall. Connect the returned function to the player's position
    signal: it moves the playhead and lets each panel follow it.
    """
    widgets = [w for _, w in panels]
    for widget in widgets:
        widget.seek_requested.connect(seek)  # type: ignore[attr-defined]
        if highlight is not None:
            widget.highlight_node.connect(highlight)  # type: ignore[attr-defined]
            widget.highlight_cleared.connect(  # type: ignore[attr-defined]
                lambda h=highlight: h(None))
        for other in widgets:
            if other is not widget:
                widget.frame_activated.connect(other.select_frame)  # type: ignore[attr-defined]
        if timeline is not None:
            widget.frame_activated.connect(timeline.select_frame)  # type: ignore[attr-defined]
    if timeline is not None:
        timeline.seek_requested.connect(seek)
        for widget in widgets:
            timeline.frame_selected.connect(widget.select_frame)  # type: ignore[attr-defined]
            if hasattr(widget, "set_view"):
                timeline.view_changed.connect(widget.set_view)

    def show_time(epoch_ms: float) -> None:
        if timeline is not None:
            timeline.set_playhead(epoch_ms)
        for widget in widgets:
            widget.set_time(epoch_ms)  # type: ignore[attr-defined]

    return show_time

"""Side panels (breadcrumbs, console, network, errors, trace, memory & vitals, metadata)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from viewer.model.replay import Replay


def build_panels(replay: Replay) -> list[tuple[str, QWidget]]:
    """Every panel for a replay as (tab title, widget), in the order a tab widget shows them.

    Each widget has `seek_requested(float epoch_ms)`, `set_time(epoch_ms)` and
    `select_frame(frame)`; the breadcrumbs panel also has `highlight_node(int node_id)`.
    """
    from viewer.ui.panels.breadcrumbs import BreadcrumbsPanel
    from viewer.ui.panels.console import ConsolePanel
    from viewer.ui.panels.errors import ErrorsPanel
    from viewer.ui.panels.memory import MemoryVitalsPanel
    from viewer.ui.panels.metadata import MetadataPanel
    from viewer.ui.panels.network import NetworkPanel
    from viewer.ui.panels.trace import TracePanel

    errors = ErrorsPanel(replay)
    return [
        ("Breadcrumbs", BreadcrumbsPanel(replay)),
        ("Console", ConsolePanel(replay)),
        ("Network", NetworkPanel(replay)),
        (f"Errors ({errors.count})" if errors.count else "Errors", errors),
        ("Trace", TracePanel(replay)),
        ("Memory / Vitals", MemoryVitalsPanel(replay)),
        ("Metadata", MetadataPanel(replay)),
    ]

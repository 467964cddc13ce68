"""The one table of frame kinds: title, timeline lane, colour and description, for every view.

Panels, the timeline and `info` all read it (Sentry's replay reader keeps the same kind of
table). An unknown kind falls back to `custom`, so a new frame never breaks a view. Colours are
for the dark timeline and the panels' kind column; some kinds are drawn in the colour of their
status or level instead (`STATUS_COLORS`, `LEVEL_COLORS`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FrameKind:
    """How one kind of frame is named, placed and drawn."""

    title: str
    lane: str | None  # the timeline lane (see `LANES`), or None: listed in panels only
    color: str  # hex
    description: str


#: Timeline lanes, top to bottom (errors first, so they are always on top).
LANES = ("errors", "clicks", "inputs", "navigation", "network", "console", "traces")

KINDS: dict[str, FrameKind] = {
    "click": FrameKind("Click", "clicks", "#7aa2f7", "A click or tap on an element."),
    "dead-click": FrameKind("Dead click", "clicks", "#e0af68",
                            "A click after which the page did not change for 7 s."),
    "rage-click": FrameKind("Rage click", "clicks", "#ff7a45",
                            "A dead click repeated several times in a row."),
    "slow-click": FrameKind("Slow click", "clicks", "#d4b45a",
                            "A click the page took long to react to."),
    "multi-click": FrameKind("Multi-click", "clicks", "#7dcfff",
                             "Several clicks on the same element in quick succession."),
    "input": FrameKind("Input", "inputs", "#9ece6a", "Text typed or a value chosen in a field."),
    "keydown": FrameKind("Key press", "inputs", "#73daca",
                         "A key pressed with a modifier or outside a text field."),
    "focus": FrameKind("Window focus", None, "#a9b1d6", "The browser tab got the focus."),
    "blur": FrameKind("Window blur", None, "#6b7394", "The browser tab lost the focus."),
    "navigation": FrameKind("Navigation", "navigation", "#bb9af7",
                            "A page load or an in-app (history) navigation."),
    "console": FrameKind("Console", "console", "#a9b1d6",
                         "A console message (coloured by its level)."),
    "network": FrameKind("Network request", "network", "#4fa3a5",
                         "A fetch or XHR request (coloured by its status)."),
    "resource": FrameKind("Resource", None, "#6b7394",
                          "A script, stylesheet, image or other resource loaded by the page."),
    "paint": FrameKind("Paint", None, "#6b7394", "A paint timing mark (first paint, FCP)."),
    "web-vital": FrameKind("Web vital", None, "#73daca",
                           "A Core Web Vital measurement (LCP, CLS, INP, FID…)."),
    "memory": FrameKind("Memory", None, "#6b7394", "A sample of the page's JS heap."),
    "mutations": FrameKind("Large DOM mutation", None, "#e0af68",
                           "A mutation batch large enough for the SDK to report it."),
    "hydrate-error": FrameKind("Hydration error", "errors", "#ff5370",
                               "Server-rendered HTML did not match the client's render."),
    "feedback": FrameKind("User feedback", None, "#c099ff", "Feedback the user sent."),
    "error": FrameKind("Error", "errors", "#ff5370", "An error event linked to the replay."),
    "log": FrameKind("Log", None, "#a9b1d6", "A Sentry structured log linked to the replay."),
    "custom": FrameKind("Breadcrumb", None, "#a9b1d6", "A breadcrumb of another category."),
}

#: Network requests by status class; console messages by level.
STATUS_COLORS = {"2xx": "#4fa3a5", "3xx": "#6c9bd2", "4xx": "#e0af68", "5xx": "#ff5370",
                 "failed": "#ff5370", "unknown": "#6b7394"}
LEVEL_COLORS = {"error": "#ff5370", "warn": "#e0af68", "info": "#7aa2f7", "log": "#a9b1d6",
                "debug": "#6b7394"}
#: Error events outside the recorded time; traces, and traces that failed.
OUTSIDE_COLOR = "#b04a5a"
TRACE_COLORS = {"ok": "#c099ff", "failed": "#ff5370"}


def kind_of(kind: str) -> FrameKind:
    """The table entry of a kind (`custom` for kinds it does not know)."""
    return KINDS.get(kind, KINDS["custom"])

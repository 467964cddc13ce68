"""The `inspect` and `diff` command results: JSON objects and their readable text forms."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from viewer.model.summary import clock as duration_clock

from ..seek import SeekIndex
from ..timeline import Timeline
from .history import HistoryIndex
from .moment_diff import diff_moments, moment_of_position
from .node_info import describe
from .node_lookup import node_at
from .pages import PageBreaks

#: Keyframe budget of the seek index the commands use: sparse keyframes (a command seeks a
#: few times, so the viewer's dense index would cost more to build than it saves).
COMMAND_BUDGET = 20_000


class UnknownNode(ValueError):
    """No event names this node id."""


def command_seek_index(events: Sequence[Any], flavor: str) -> SeekIndex:
    """A lazily built seek index for one command run."""
    return SeekIndex(Timeline(events, flavor), budget=COMMAND_BUDGET, lazy=True)


def inspect_report(
    events: Sequence[Any],
    flavor: str,
    node_id: int,
    t: float | None = None,
    via: bool = False,
    pages: bool = False,
) -> dict[str, Any]:
    """`{"node": {...}, "history": [...]}` for a node at moment t (None: after every event).

    With `pages`, also `"page_loads"`: the indices of the FullSnapshots that load another page
    (the same id may name another node after one; the text form marks them).
    Raises UnknownNode when no event names the id.
    """
    seek = command_seek_index(events, flavor)
    history = HistoryIndex(seek.timeline)
    if not history.known(node_id):
        raise UnknownNode(f"no event names node {node_id}")
    tl = seek.timeline
    position = len(tl) if t is None else tl.count_before(t)
    sighting = node_at(history, seek, node_id, position)
    if sighting is None:
        node: dict[str, Any] = {"id": node_id, "seen": "never"}
    else:
        node = describe(sighting.node)
        node["seen"] = sighting.seen
        node["event"] = sighting.position
        node["t"] = t if sighting.seen == "at" and t is not None else moment_of_position(
            seek, sighting.position)
    report: dict[str, Any] = {"node": node, "history": history.history(node_id, via=via)}
    if pages:
        breaks = PageBreaks(seek)
        report["page_loads"] = [s for s in tl.snapshots[1:] if breaks.is_new_page(s)]
    return report


def diff_report(events: Sequence[Any], flavor: str, t_a: float, t_b: float) -> dict[str, Any]:
    """The diff of the DOM between moments t_a and t_b."""
    return diff_moments(command_seek_index(events, flavor), t_a, t_b)


def clock(t: float, start_ms: float) -> str:
    """`mm:ss.mmm` (or `h:mm:ss.mmm`) from the replay start; negative offsets get a sign."""
    return duration_clock(t - start_ms)


def _q(value: Any) -> str:
    """A value for a text line: strings quoted (shortened), None as `(none)`."""
    if value is None:
        return "(none)"
    if isinstance(value, str):
        text = value if len(value) <= 80 else value[:79] + "…"
        return '"' + text.replace("\n", "\\n") + '"'
    return str(value)


def entry_text(entry: dict[str, Any]) -> str:
    change, d = entry["change"], entry["detail"]
    if "via" in entry:
        return f"removed with ancestor #{entry['via']} ({d.get('by')})"
    if change == "created":
        return f"created by {d['by']} under #{d['parent']}"
    if change == "moved":
        return f"moved from #{d['from']} to #{d['to']}"
    if change == "removed":
        return f"removed from #{d['parent']}"
    if change == "attribute":
        return f"attribute {d['name']}: {_q(d['old'])} → {_q(d['new'])}"
    if change == "text":
        return f"text {_q(d['old'])} → {_q(d['new'])}"
    if change == "input":
        parts = []
        if "value" in d:
            parts.append(f"value {_q(d['old_value'])} → {_q(d['value'])}")
        if "checked" in d:
            parts.append(f"checked {d['old_checked']} → {d['checked']}")
        return "input " + ", ".join(parts)
    if change == "scroll":
        return f"scroll {d['old']} → {d['new']}"
    rest = ", ".join(f"{k} {_num(v)}" for k, v in d.items())
    return f"{change} {rest}".rstrip()


def _num(value: Any) -> Any:
    """Floats with at most two decimals (pointer coordinates, media times)."""
    return f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else value


def inspect_text(report: dict[str, Any], start_ms: float) -> str:
    """The inspect result for people."""
    node, history = report["node"], report["history"]
    lines: list[str] = []
    if node.get("seen") == "never":
        lines.append(f"node #{node['id']}: never present in the replayed document")
    else:
        what = node.get("tag") or node["kind"]
        where = {"at": "at", "before": "last seen at", "after": "first seen at"}[node["seen"]]
        lines.append(f"node #{node['id']} <{what}> {where} {clock(node['t'], start_ms)} "
                     f"({node['event']} events applied)")
        lines.append(f"  path: {node['path']}")
        for name, value in (node.get("attributes") or {}).items():
            lines.append(f"  @{name} = {_q(value)}")
        if "text" in node:
            lines.append(f"  text: {_q(node['text'])}")
        for key in (":value", ":checked", ":scroll"):
            if key in node:
                lines.append(f"  {key} {_q(node[key])}")
        lines.append(f"  children: {node['children']}")
    lines.append(f"history: {len(history)} entries")
    loads = list(report.get("page_loads", ()))
    for entry in history:
        while loads and loads[0] <= entry["event"]:
            lines.append(f"  -- page load (event {loads.pop(0)}): the id may name another "
                         "node from here --")
        lines.append(f"  {clock(entry['t'], start_ms)}  event {entry['event']:>6}  "
                     f"{entry_text(entry)}")
    return "\n".join(lines)


_SIGNS = {"added": "+", "removed": "-", "moved": ">", "replaced": "!"}


def diff_text(report: dict[str, Any], start_ms: float) -> str:
    """The diff result for people."""
    a, b = report["from"], report["to"]
    counts = ", ".join(f"{n} {k}" for k, n in report["counts"].items()) or "no changes"
    page = "same page" if report["same_page"] else "another page"
    lines = [f"diff {clock(a['t'], start_ms)} (event {a['event']}) → "
             f"{clock(b['t'], start_ms)} (event {b['event']}), {page}: {counts}"]
    for c in report["changes"]:
        head = f"{change_sign(c)} #{c['id']} {c['node']} [{c['exists']}]"
        text = change_text(c)
        if c["change"] in ("added", "removed", "moved"):
            lines.append(f"{head} {text}  {c['path']}")
        else:
            lines.append(f"{head} {text}")
    return "\n".join(lines)


def change_sign(change: dict[str, Any]) -> str:
    """`+` added, `-` removed, `>` moved, `!` replaced, `~` a changed value."""
    return _SIGNS.get(change["change"], "~")


def change_text(change: dict[str, Any]) -> str:
    """What one diff change did, without the node: `added (3 nodes)`, `@class: "a" → "b"`."""
    kind, d = change["change"], change["detail"]
    if kind in ("added", "removed"):
        extra = f"{d['nodes']} nodes" + (f", page {d['href']}" if d.get("page") else "")
        return f"{kind} ({extra})"
    if kind == "moved":
        return "moved " + ("reordered" if d.get("order") else f"from #{d['from']} to #{d['to']}")
    if kind == "attribute":
        return f"@{d['name']}: {_q(d['a'])} → {_q(d['b'])}"
    return f"{kind}: {_q(d['a'])} → {_q(d['b'])}"

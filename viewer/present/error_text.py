"""Pure text of errors for the errors panel: notes, details with the stack, search."""

from __future__ import annotations

from viewer.model.frames import ErrorFrame
from viewer.model.summary import clock, iso
from viewer.present.queries import contains


def error_note(frame: ErrorFrame) -> str:
    """What to know beside the title: no event, outside the recording."""
    notes = []
    if not frame.has_event:
        notes.append("id only (no error event given)")
    if not frame.in_recording:
        notes.append("outside the recording")
    return ", ".join(notes)


def error_details(frame: ErrorFrame, start_ms: float) -> str:
    """The error as text: title, message, ids, time, and the stack (innermost frame first)."""
    lines = [frame.error_title or "(no title)"]
    if frame.message and frame.message != frame.error_title:
        lines.append(frame.message)
    lines += ["", f"event id   {frame.event_id}"]
    if frame.trace_id:
        lines.append(f"trace id   {frame.trace_id}")
    lines.append(f"time       {iso(frame.ts_ms)} ({clock(frame.ts_ms - start_ms)} into the "
                 "replay)")
    note = error_note(frame)
    if note:
        lines.append(f"note       {note}")
    if frame.stack:
        lines += ["", "Stack (most recent call first)"]
        for sf in reversed(frame.stack):
            where = f"{sf.filename}:{sf.lineno}" + (f":{sf.colno}" if sf.colno else "")
            app = "  " if not sf.in_app else "▸ "
            lines.append(f"{app}{sf.function or '?'}  {where}")
    elif frame.has_event:
        lines += ["", "(no stack trace)"]
    return "\n".join(lines)


def filter_errors(frames: list[ErrorFrame], search: str) -> list[ErrorFrame]:
    return [f for f in frames
            if contains(f"{f.error_title} {f.message} {f.event_id} {f.trace_id}", search)]

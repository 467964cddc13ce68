"""Tick steps and labels for the time ruler, chosen to fit the zoom (ms up to hours)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from viewer.timeline.scale import TimeScale

#: Candidate tick steps in ms, from 1 ms to 1 hour.
STEPS_MS: tuple[float, ...] = (
    1, 2, 5, 10, 20, 50, 100, 200, 500,
    1_000, 2_000, 5_000, 10_000, 15_000, 30_000,
    60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000,
)


@dataclass(frozen=True)
class Tick:
    t_ms: float  # epoch ms
    x: float
    label: str


def tick_step(ms_per_px: float, min_px: float = 70.0) -> float:
    """The smallest candidate step at least `min_px` pixels wide."""
    for step in STEPS_MS:
        if step / ms_per_px >= min_px:
            return step
    hours = math.ceil(ms_per_px * min_px / 3_600_000)
    return hours * 3_600_000.0


def format_offset(offset_ms: float, step_ms: float) -> str:
    """A replay offset as a clock label precise enough for `step_ms` (`1:05`, `0:12.350`)."""
    sign = "-" if offset_ms < -0.5 else ""
    total = abs(offset_ms)
    hours, rest = divmod(total, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds = rest / 1000.0
    if step_ms < 10:
        sec = f"{seconds:06.3f}"
    elif step_ms < 100:
        sec = f"{seconds:05.2f}"
    elif step_ms < 1000:
        sec = f"{seconds:04.1f}"
    else:
        sec = f"{round(seconds) % 60:02d}"
        if round(seconds) == 60:
            minutes += 1
    if hours or minutes >= 60:
        hours += minutes // 60
        return f"{sign}{int(hours)}:{int(minutes % 60):02d}:{sec}"
    return f"{sign}{int(minutes)}:{sec}"


def ticks(scale: TimeScale, min_px: float = 70.0) -> list[Tick]:
    """Ticks at multiples of the step (counted from the replay start) inside the view."""
    step = tick_step(scale.ms_per_px, min_px)
    first = math.floor((scale.view_start - scale.start_ms) / step)
    last = math.ceil((scale.view_end - scale.start_ms) / step)
    out: list[Tick] = []
    for i in range(first, last + 1):
        offset = i * step
        t = scale.start_ms + offset
        if scale.view_start - 1e-6 <= t <= scale.view_end + 1e-6:
            out.append(Tick(t, scale.x_of(t), format_offset(offset, step)))
    return out

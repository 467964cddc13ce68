"""Time↔pixel scale of the visible slice, with clamped zoom and pan (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass, replace

#: The narrowest visible span (ms): below this, markers stop separating usefully.
MIN_SPAN_MS = 50.0


@dataclass(frozen=True)
class TimeScale:
    """The slice [view_start, view_end] of the replay [start, end] drawn over `width` pixels.

    `x0` is the pixel where the time axis begins (after the lane labels). Immutable: zoom and
    pan return a new scale, so a scale is also a cache key for what was painted with it.
    """

    start_ms: float
    end_ms: float
    view_start: float
    view_end: float
    width: float
    x0: float = 0.0

    @classmethod
    def fitted(cls, start_ms: float, end_ms: float, width: float, x0: float = 0.0) -> TimeScale:
        end = max(end_ms, start_ms + MIN_SPAN_MS)
        return cls(start_ms, end, start_ms, end, max(width, 1.0), x0)

    @property
    def span(self) -> float:
        return self.view_end - self.view_start

    @property
    def full_span(self) -> float:
        return self.end_ms - self.start_ms

    @property
    def ms_per_px(self) -> float:
        return self.span / self.width

    @property
    def is_zoomed(self) -> bool:
        return self.span < self.full_span - 1e-6

    def x_of(self, t_ms: float) -> float:
        return self.x0 + (t_ms - self.view_start) * self.width / self.span

    def t_of(self, x: float) -> float:
        return self.view_start + (x - self.x0) * self.span / self.width

    def with_width(self, width: float, x0: float | None = None) -> TimeScale:
        return replace(self, width=max(width, 1.0), x0=self.x0 if x0 is None else x0)

    def with_view(self, view_start: float, view_end: float) -> TimeScale:
        """The view moved to [view_start, view_end], kept inside the replay and ≥ MIN_SPAN_MS."""
        span = min(max(view_end - view_start, MIN_SPAN_MS), self.full_span)
        start = min(max(view_start, self.start_ms), self.end_ms - span)
        return replace(self, view_start=start, view_end=start + span)

    def zoomed(self, factor: float, anchor_ms: float | None = None) -> TimeScale:
        """Zoom by `factor` (> 1 zooms in) keeping `anchor_ms` at the same pixel."""
        anchor = (self.view_start + self.view_end) / 2 if anchor_ms is None else anchor_ms
        anchor = min(max(anchor, self.view_start), self.view_end)
        span = min(max(self.span / factor, MIN_SPAN_MS), self.full_span)
        fraction = (anchor - self.view_start) / self.span if self.span else 0.5
        return self.with_view(anchor - fraction * span, anchor - fraction * span + span)

    def panned_px(self, dx: float) -> TimeScale:
        """Move the view so content follows a drag of `dx` pixels (positive = drag right)."""
        shift = -dx * self.ms_per_px
        return self.with_view(self.view_start + shift, self.view_end + shift)

    def centered_on(self, t_ms: float) -> TimeScale:
        return self.with_view(t_ms - self.span / 2, t_ms + self.span / 2)

    def fit(self) -> TimeScale:
        return self.with_view(self.start_ms, self.end_ms)

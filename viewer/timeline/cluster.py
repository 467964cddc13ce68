"""Clustering of markers that would overlap at the current zoom."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from viewer.timeline.lanes import TimelineItem


@dataclass(frozen=True)
class Cluster:
    """Markers drawn as one: at the x of the first, coloured by the most important."""

    x: float
    items: tuple[TimelineItem, ...]

    @property
    def lead(self) -> TimelineItem:
        """The item whose look the cluster takes (a strong one if any)."""
        return next((it for it in self.items if it.strong), self.items[0])

    @property
    def count(self) -> int:
        return len(self.items)


def cluster_markers(items: Sequence[TimelineItem], xs: Sequence[float],
                    min_px: float) -> list[Cluster]:
    """Group consecutive markers (sorted by x) closer than `min_px` to the cluster's first one."""
    clusters: list[Cluster] = []
    group: list[TimelineItem] = []
    group_x = 0.0
    for item, x in zip(items, xs, strict=True):
        if group and x - group_x < min_px:
            group.append(item)
            continue
        if group:
            clusters.append(Cluster(group_x, tuple(group)))
        group, group_x = [item], x
    if group:
        clusters.append(Cluster(group_x, tuple(group)))
    return clusters

"""Inspecting a replay's DOM: node histories, a node at a moment, diffs of two moments.

- `named_ids(event)`: which node ids an event names directly (the history rule).
- `HistoryIndex`: every event that named a node, with old → new values, built in one play.
- `node_info`: a node's kind, label, path, form state and JSON form.
"""

from __future__ import annotations

from .history import HistoryIndex
from .named_ids import named_ids

__all__ = ["HistoryIndex", "named_ids"]

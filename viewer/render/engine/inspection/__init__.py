"""Inspecting a replay's DOM: node histories, a node at a moment, diffs of two moments.

- `named_ids`: which node ids an event names directly (the history rule).
- `history.HistoryIndex`: every event that named a node, with old → new values (one play);
  `change_details`: the entries' `detail`.
- `node_lookup.node_at`: a node at a moment, or at its last appearance before it.
- `node_info`: a node's kind, label, path, form state and JSON form.
- `moment_diff`: the changes between two moments; `pages`: which FullSnapshots load a page;
  `hydration`: the diff around a hydration error.
- `element_tree`: rows, row text and search for the Elements panel (no Qt).
- `reports`: the `inspect` / `diff` command results and their text forms.
"""

from __future__ import annotations

from .history import HistoryIndex
from .named_ids import ids_named_between, named_ids

__all__ = ["HistoryIndex", "ids_named_between", "named_ids"]

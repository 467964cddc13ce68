"""Where the viewer keeps what it can make again: the user's cache directory (never the inputs')."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path


def cache_root(env: Mapping[str, str] | None = None) -> Path:
    """`$XDG_CACHE_HOME/replay-viewer` (default `~/.cache/replay-viewer`)."""
    env = os.environ if env is None else env
    root = env.get("XDG_CACHE_HOME", "").strip()
    base = Path(root) if root and Path(root).is_absolute() else Path.home() / ".cache"
    return base / "replay-viewer"

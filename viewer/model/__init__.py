"""The replay model: loading every format into an immutable, typed Replay. Imports no Qt.

`Replay` and `load_replay` are loaded on first use, so that `replay-viewer open` can start the
web view (Chromium starts in its own processes) before the loaders are imported (~50 ms).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from viewer.model.errors import LoadError

if TYPE_CHECKING:
    from viewer.model.replay import Replay, load_replay

__all__ = ["LoadError", "Replay", "load_replay"]


def __getattr__(name: str) -> Any:
    if name in ("Replay", "load_replay"):
        from viewer.model import replay

        return getattr(replay, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""Fetch a replay, its error events and traces from Sentry's REST API into a folder (no Qt).

The names below are loaded on first use: every command line run reads `target` (is the first
argument a Sentry link?), and the HTTP client, TLS and the fetcher cost ~40 ms to import.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from viewer.fetch.errors import FetchError
    from viewer.fetch.run import FetchOptions, FetchResult, fetch
    from viewer.fetch.target import Target, parse_target

__all__ = ["FetchError", "FetchOptions", "FetchResult", "Target", "fetch", "parse_target"]

_HOMES = {"FetchError": "errors", "FetchOptions": "run", "FetchResult": "run", "fetch": "run",
          "Target": "target", "parse_target": "target"}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"viewer.fetch.{home}"), name)

"""Fetch a replay, its error events and traces from Sentry's REST API into a folder (no Qt)."""

from viewer.fetch.errors import FetchError
from viewer.fetch.run import FetchOptions, FetchResult, fetch
from viewer.fetch.target import Target, parse_target

__all__ = ["FetchError", "FetchOptions", "FetchResult", "Target", "fetch", "parse_target"]

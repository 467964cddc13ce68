"""The one error a fetch raises: a one-line message for the user (never holds the token)."""

from __future__ import annotations


class FetchError(Exception):
    """A fetch that cannot go on; `status` is the HTTP status when Sentry answered with one."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status

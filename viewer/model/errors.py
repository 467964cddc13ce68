"""The one error type the loading layer raises: a file and what is wrong with it."""

from __future__ import annotations


class LoadError(Exception):
    """Input that cannot be used at all; `str()` is the one line shown to the user."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem

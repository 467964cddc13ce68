"""Fixtures for hostile recordings: a local HTTP server that logs every request."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.ui.test_security import Server


@pytest.fixture
def server() -> Iterator[Server]:
    s = Server()
    yield s
    s.close()

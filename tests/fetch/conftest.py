"""Fetch tests: a private home and cache, no Sentry settings from the environment, recordings."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import sentry_recording
from tests.fetch.local_sentry import Recording


@pytest.fixture(autouse=True)
def private_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No test reads the user's ~/.sentryclirc or writes to the user's cache."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    for name in ("SENTRY_AUTH_TOKEN", "SENTRY_URL", "SENTRY_ORG"):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture(scope="session")
def checkout() -> Recording:
    return Recording.from_envelopes(sentry_recording("checkout"))


@pytest.fixture(scope="session")
def long_recording() -> Recording:
    return Recording.from_envelopes(sentry_recording("long"))

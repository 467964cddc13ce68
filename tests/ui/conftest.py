"""Fixtures of the Qt window tests."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from tests.conftest import sentry_recording
from viewer.model import load_replay
from viewer.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot) -> MainWindow:
    """The main window on the bundled checkout sample, its page loaded."""
    path = str(sentry_recording("checkout"))
    w = MainWindow(load_replay([path]), [path])
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.view is not None and w.view.is_ready, timeout=30_000)
    return w

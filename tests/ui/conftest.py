"""Fixtures of the Qt window tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from tests.conftest import sentry_recording
from viewer.model import load_replay
from viewer.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    """The main window on the bundled checkout sample, its page loaded (settings in tmp)."""
    path = str(sentry_recording("checkout"))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(load_replay([path]), [path], settings=settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.view is not None and w.view.is_ready, timeout=30_000)
    return w

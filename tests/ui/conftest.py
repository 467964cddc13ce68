"""Fixtures of the Qt window tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from tests.conftest import sentry_recording
from viewer.model import load_replay
from viewer.ui.main_window import MainWindow


def open_window(qtbot: QtBot, tmp_path: Path, *files: str, ready: bool = True,
                **options: Any) -> MainWindow:
    """The main window on `files`, shown (settings in tmp), its page loaded unless `ready` is
    False; `options` go to MainWindow."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(load_replay(list(files)), list(files), settings=settings, **options)
    qtbot.addWidget(w)
    w.show()
    if ready:
        qtbot.waitUntil(lambda: w.view is not None and w.view.is_ready, timeout=30_000)
    return w


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    """The main window on the bundled checkout sample, its page loaded (settings in tmp)."""
    return open_window(qtbot, tmp_path, str(sentry_recording("checkout")))

"""Fixtures of the Qt window tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from tests.conftest import sentry_recording
from viewer.model import load_replay
from viewer.render.view import ReplayView
from viewer.ui.main_window import MainWindow


@contextmanager
def ready_view(qtbot: QtBot, width: int, height: int, show: bool = True
               ) -> Iterator[ReplayView]:
    """A replay view of that size with its player page loaded (shown unless `show` is False),
    shut down afterwards."""
    view = ReplayView()
    view.resize(width, height)
    if show:
        view.show()
    try:
        qtbot.waitUntil(lambda: view.is_ready, timeout=30_000)
        yield view
    finally:
        view.shutdown()


def web_dump(qtbot: QtBot, view: ReplayView) -> Any:
    """The domdump of what the page shows now."""
    box: dict[str, Any] = {}
    view.dump(lambda d: box.setdefault("dom", d))
    qtbot.waitUntil(lambda: "dom" in box, timeout=20_000)
    return box["dom"]


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

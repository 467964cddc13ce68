"""The window opens on a replay and says which one is loaded."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.conftest import sentry_recording
from viewer.model import load_replay
from viewer.ui.main_window import MainWindow


def test_window_shows_the_loaded_replay(qtbot: QtBot) -> None:
    path = str(sentry_recording("tiny"))
    window = MainWindow(load_replay([path]), [path])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert "e6923d41c1134027bf68eb43d15ce50a" in window.windowTitle()
    assert "clicks     3" in window.summary.toPlainText()
    image = window.grab()
    assert image.width() > 0 and image.height() > 0

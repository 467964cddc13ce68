"""The main window: for now the loaded replay's summary (the player arrives in a later step)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QMainWindow, QPlainTextEdit

from viewer.model import Replay
from viewer.model.summary import render_text, summarize


class MainWindow(QMainWindow):
    """Shows which replay is loaded and what it holds."""

    def __init__(self, replay: Replay, files: Sequence[str]) -> None:
        super().__init__()
        self.replay = replay
        self.setWindowTitle(f"Replay Viewer — {replay.replay_id or ', '.join(files)}")
        self.summary = QPlainTextEdit(render_text(summarize(replay)))
        self.summary.setReadOnly(True)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.summary.setFont(font)
        self.setCentralWidget(self.summary)
        self.resize(1000, 640)

"""Start Qt and show the main window for a loaded replay."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence

from viewer.model import Replay

log = logging.getLogger("viewer.ui.app")


def prepare_qt_environment() -> None:
    """Settings that must be in place before the first Qt (WebEngine) import."""
    if hasattr(os, "geteuid") and os.geteuid() == 0 and not os.environ.get(
            "QTWEBENGINE_DISABLE_SANDBOX"):
        os.environ["QTWEBENGINE_DISABLE_SANDBOX"] = "1"
        log.info("running as root: QtWebEngine's Chromium sandbox is turned off "
                 "(the replay iframe's own sandbox still applies)")


def run_window(replay: Replay, files: Sequence[str]) -> int:
    """Open the main window on `replay`; returns the application's exit status."""
    prepare_qt_environment()
    from PySide6.QtWidgets import QApplication

    from viewer.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Replay Viewer")
    window = MainWindow(replay, files)
    window.show()
    return int(app.exec())

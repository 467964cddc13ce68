"""Guard: the installed PySide6 must not drop references to None (6.12.0 did, and Python 3.11
then aborts with "none_dealloc" after a few thousand Qt calls)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer


def test_void_qt_calls_keep_none_alive() -> None:
    timer = QTimer()
    before = sys.getrefcount(None)
    for _ in range(1000):
        timer.setSingleShot(True)
        timer.stop()
    assert sys.getrefcount(None) - before > -10

"""Timeline tests: guard against PySide6 6.12's None reference leak on Python 3.11."""

from __future__ import annotations

from viewer.timeline.pyside_fix import guard_none_refcount

guard_none_refcount()

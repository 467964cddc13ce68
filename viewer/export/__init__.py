"""Exports of a replay to share: bug report, HAR, Playwright spec, trimmed replay. Imports no Qt.

Every format is written from a `Replay` (redacted first when asked, `redact.py`) by its own
module; `job.run_export` picks the writer and writes the file atomically (`output.py`).
Images for the bug report are made by the caller (Qt code) through `job.ImageMaker`.
"""

from viewer.export.output import ExportError

__all__ = ["ExportError"]

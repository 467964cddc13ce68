"""The pictures an export needs, rendered offscreen with Qt: replay screenshots, the timeline."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage

from viewer.model import Replay
from viewer.timeline.widget import TimelineWidget


def png_bytes(image: QImage) -> bytes:
    """A QImage as PNG file bytes."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if image.isNull() or not image.save(buffer, "PNG"):  # type: ignore[call-overload]
        raise RuntimeError("the image could not be encoded as PNG")
    buffer.close()
    return bytes(data.data())


class QtImages:
    """`viewer.export.job.ImageMaker` with the viewer's own web view and timeline widget.

    Needs a QApplication (`viewer.ui.app.application(headless=True)` on the command line).
    """

    def screenshot(self, replay: Replay, t_ms: float, width: int) -> bytes:
        from viewer.render.headless import snapshot_view

        return png_bytes(snapshot_view(replay, t_ms, width))

    def timeline(self, replay: Replay, start_ms: float, end_ms: float, playhead_ms: float,
                 width: int) -> bytes:
        widget = TimelineWidget(replay)
        try:
            widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
            widget.resize(width, widget.height())
            widget.show()
            widget.set_view(start_ms, end_ms)
            widget.set_playhead(playhead_ms)
            return png_bytes(widget.grab().toImage())
        finally:
            widget.close()
            shiboken6.delete(widget)

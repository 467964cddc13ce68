"""Paints a video's frames on the GUI thread: one offscreen web view, scripts in, pictures out.

Per frame: the script's patch ops and overlay calls go to the page, its animations move one
frame of video on (`replayVideo.advance`), and a strip under the stage takes the frame's
colour stamp. The view is grabbed two animation frames later (`ReplayView.when_painted(2)`);
while the grab's stamp is not this frame's (Chromium hands heavy frames — a page rebuilt, a
big mutation, a scroll — to Qt a frame or more later), it is grabbed again one animation frame
later. A rebuilt page (a `reset` op: the first frame, a page load) is grabbed again two
animation frames later until two grabs agree (its fonts and pictures arrive a little later).
The stamp is cropped off; a cut's title card is drawn over the picture. Measured in
bench/video.py --verify: 3 of 1114 frames differed from a grab taken six animation frames
later (bench/RESULTS.md, Video).
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Sequence

from PySide6.QtCore import QObject, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from viewer.export.video_encode import Picture
from viewer.export.video_plan import FrameScript
from viewer.model.pointer import OverlayCall
from viewer.render.view import ReplayView

log = logging.getLogger("viewer.ui.video_painter")

#: Animation frames between sending a frame and grabbing it.
PAINT_FRAMES = 2
#: At most this many more grabs (one animation frame apart) wait for a frame's stamp.
STAMP_TRIES = 120
#: At most this many more grabs wait for a rebuilt page to settle.
SETTLE_TRIES = 15
#: Height of the frame stamp strip under the stage (cropped off the pictures).
STAMP_PX = 2


def stamp_colour(index: int) -> tuple[int, int, int]:
    """Frame index (mod 4096) as a colour, 16 levels per channel (robust to rounding)."""
    return tuple((((index >> shift) & 15) * 16 + 8) for shift in (0, 4, 8))  # type: ignore[return-value]


def stamp_index(rgb: int) -> int:
    """The frame index (mod 4096) a stamp pixel (0xAARRGGBB) says."""
    r, g, b = (rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255
    return (r // 16) | (g // 16) << 4 | (b // 16) << 8


class VideoPainter(QObject):
    """Paints frame scripts in the order given; `painted(index, picture)` for each."""

    ready = Signal()
    painted = Signal(int, object)  # frame index, Picture
    #: bench/video.py --verify: grab every accepted frame again a few animation frames later
    #: and count (in `unsettled_total`) the frames where that grab differs.
    verify = False
    unsettled_total = 0
    #: Grabs that had to be repeated because the stamp was not there yet (all painters).
    regrabs_total = 0

    def __init__(self, width: int, height: int, setup: Sequence[OverlayCall],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.size = (width, height)
        self.view = ReplayView()
        self.view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        self.view.resize(width, height + STAMP_PX)
        self.view.show()
        for function, args in setup:
            self.view.call(function, *args)
        self._todo: deque[FrameScript] = deque()
        self._current: FrameScript | None = None
        self._token = 0
        self._accepted: QImage | None = None
        self._settling: QImage | None = None
        self._tries = self._settles = 0
        self.closed = False
        self.view.player_page.painted.connect(self._grab)
        if self.view.is_ready:
            self.ready.emit()
        else:
            self.view.ready.connect(self.ready)

    @property
    def is_ready(self) -> bool:
        return self.view.is_ready

    def paint(self, script: FrameScript) -> None:
        """Queue a frame (painted after the ones before it)."""
        if self.closed:
            return
        self._todo.append(script)
        if self._current is None:
            self._next()

    def _next(self) -> None:
        if not self._todo:
            self._current = None
            return
        script = self._current = self._todo.popleft()
        self.view.apply_ops(script.ops)
        for function, args in script.calls:
            self.view.call(function, *args)
        self.view.call("replayVideo.advance", script.advance_ms)
        self.view.call("replayVideo.stamp", STAMP_PX, *stamp_colour(script.index))
        self._accepted = self._settling = None
        self._tries = self._settles = 0
        self._token = self.view.when_painted(PAINT_FRAMES)

    def _grab(self, token: int) -> None:
        script = self._current
        if token != self._token or script is None:
            return
        full = self.view.grab().toImage()
        ratio = full.width() / max(1, self.view.width())
        stamp = full.pixel(min(full.width() - 1, round(4 * ratio)),
                           min(full.height() - 1, round((self.size[1] + 1) * ratio)))
        if stamp_index(stamp) != script.index % 4096 and self._tries < STAMP_TRIES:
            self._tries += 1
            VideoPainter.regrabs_total += 1
            self._token = self.view.when_painted(1)
            return
        width, height = self.size
        image = full.copy(0, 0, round(width * ratio), round(height * ratio))
        if ratio != 1:  # a high-DPI screen: back to the video's pixels
            image = image.scaled(width, height, Qt.AspectRatioMode.IgnoreAspectRatio,
                                 Qt.TransformationMode.SmoothTransformation)
        image = image.convertToFormat(QImage.Format.Format_RGB32)
        if (any(op.get("op") == "reset" for op in script.ops) and self._settles < SETTLE_TRIES
                and (self._settling is None or image != self._settling)):
            self._settling = image
            self._settles += 1
            self._token = self.view.when_painted(PAINT_FRAMES)
            return
        if self.verify and self._accepted is None:
            self._accepted = image
            self._token = self.view.when_painted(6)
            return
        if self.verify and self._accepted is not None:
            if image != self._accepted:
                VideoPainter.unsettled_total += 1
                log.info("frame %d changed after it was grabbed (ops: %s)", script.index,
                         sorted({str(op.get("op")) for op in script.ops}))
            image = self._accepted
        if script.card:
            draw_card(image, script.card)
        self.painted.emit(script.index, picture_of(image))
        self._next()

    def shutdown(self) -> None:
        self.closed = True
        self._todo.clear()
        self._current = None
        self.view.shutdown()


def picture_of(image: QImage) -> Picture:
    """The pixels of an RGB32 image: 0xffRRGGBB words, BGRA bytes on little-endian machines
    (every platform Qt 6 runs on)."""
    data = bytes(image.constBits())
    return Picture(image.width(), image.height(), image.bytesPerLine(), data)


def draw_card(image: QImage, text: str) -> None:
    """A cut's title card: the picture dimmed, the text in a band across its middle."""
    w, h = image.width(), image.height()
    painter = QPainter(image)
    try:
        painter.fillRect(0, 0, w, h, QColor(0, 0, 0, 110))
        band = QRectF(0, h * 0.42, w, h * 0.16)
        painter.fillRect(band, QColor(24, 25, 28, 225))
        font = QFont()
        font.setPixelSize(max(10, round(min(h * 0.05, w * 0.035))))
        painter.setFont(font)
        painter.setPen(QColor(240, 241, 243))
        painter.drawText(band, Qt.AlignmentFlag.AlignCenter, text)
    finally:
        painter.end()

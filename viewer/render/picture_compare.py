"""Compare two pictures of a page the way the project's visual references are measured.

The measure (shared/corpus/visual/README.md): scale both pictures to 320 × 200, count the
pixels where any channel differs by more than 40; two pictures "look the same" when under 2 %
of the pixels differ. Fonts, antialiasing and browser versions differ, so pictures are compared,
never bytes: text reflowed by a few pixels stays under the line, a blank canvas, a missing image
or a wrong scroll position does not.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter

#: The size both pictures are scaled to before they are compared.
COMPARE_WIDTH = 320
COMPARE_HEIGHT = 200
#: A pixel differs when one of its channels differs by more than this (0–255).
CHANNEL_TOLERANCE = 40
#: Two pictures look the same when less than this share of their pixels differ.
SAME_BELOW = 0.02


def _small(image: QImage) -> QImage:
    """`image` at the comparison size, 4 bytes a pixel (no padding between rows)."""
    rgb = image.convertToFormat(QImage.Format.Format_RGBX8888)
    return rgb.scaled(COMPARE_WIDTH, COMPARE_HEIGHT, Qt.AspectRatioMode.IgnoreAspectRatio,
                      Qt.TransformationMode.SmoothTransformation)


def differing_mask(ours: QImage, reference: QImage) -> list[bool]:
    """For each pixel of the 320 × 200 comparison grid (row by row): does it differ?"""
    a = bytes(_small(ours).constBits())
    b = bytes(_small(reference).constBits())
    tol = CHANNEL_TOLERANCE
    out = []
    for i in range(0, COMPARE_WIDTH * COMPARE_HEIGHT * 4, 4):
        out.append(abs(a[i] - b[i]) > tol or abs(a[i + 1] - b[i + 1]) > tol
                   or abs(a[i + 2] - b[i + 2]) > tol)
    return out


def differing_share(ours: QImage, reference: QImage) -> float:
    """The share (0–1) of the comparison grid's pixels that differ."""
    mask = differing_mask(ours, reference)
    return sum(mask) / len(mask)


def looks_the_same(share: float) -> bool:
    return share < SAME_BELOW


def diff_picture(ours: QImage, reference: QImage) -> QImage:
    """The reference, faded, with every differing cell of the comparison grid in red, at the
    reference's size: where to look when two pictures do not look the same."""
    mask = differing_mask(ours, reference)
    faded = _small(reference)
    grid = QImage(COMPARE_WIDTH, COMPARE_HEIGHT, QImage.Format.Format_RGB32)
    red = QColor(230, 30, 30).rgb()
    for y in range(COMPARE_HEIGHT):
        for x in range(COMPARE_WIDTH):
            if mask[y * COMPARE_WIDTH + x]:
                grid.setPixel(x, y, red)
            else:
                c = faded.pixelColor(x, y)
                grey = (c.red() + c.green() + c.blue()) // 3
                grid.setPixel(x, y, QColor(*(128 + grey // 2,) * 3).rgb())
    width, height = max(1, reference.width()), max(1, reference.height())
    return grid.scaled(width, height, Qt.AspectRatioMode.IgnoreAspectRatio,
                       Qt.TransformationMode.FastTransformation)


def framed(image: QImage, width: int, height: int) -> QImage:
    """`image` at the top left of a white `width` × `height` picture (cropped if larger): how a
    replay whose viewport is not the page's size appears in a page of that size, unscaled."""
    out = QImage(width, height, QImage.Format.Format_RGB32)
    out.fill(QColor("white"))
    painter = QPainter(out)
    painter.drawImage(0, 0, image)
    painter.end()
    return out

"""`replay-viewer snapshot` renders real moments to PNGs of the right size that are not blank."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.conftest import sentry_recording
from viewer.cli import main


def colours(image: QImage) -> int:
    """How many distinct colours a coarse grid of the image holds."""
    return len({image.pixel(x, y) for x in range(0, image.width(), 9)
                for y in range(0, image.height(), 9)})


@pytest.mark.parametrize("name, at, width", [
    ("checkout", "00:30", 900),   # the checkout form, part filled
    ("masked", "20s", 800),       # masked text and inputs
    ("long", "03:20", 1024),      # the stress page's table
])
def test_snapshot_of_a_corpus_moment(qtbot: object, tmp_path: Path, name: str, at: str,
                                     width: int) -> None:
    out = tmp_path / f"{name}.png"
    assert main(["snapshot", str(sentry_recording(name)), "--at", at, "-o", str(out),
                 "--width", str(width)]) == 0
    image = QImage(str(out))
    assert image.width() == width
    assert 0.5 < image.height() / image.width() < 1.0  # the recorded viewport's aspect ratio
    assert colours(image) > 30  # a rendered page, not a blank or single-colour frame


def test_snapshot_of_the_whole_window_at_an_error(qtbot: object, tmp_path: Path) -> None:
    out = tmp_path / "window.png"
    assert main(["snapshot", str(sentry_recording("checkout")), "--error",
                 "d370b8a593e14aa2b6754417e29d8336", "--window", "-o", str(out)]) == 0
    image = QImage(str(out))
    assert image.width() >= 1200 and image.height() >= 800
    assert colours(image) > 60

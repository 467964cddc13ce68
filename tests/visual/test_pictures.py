"""Every reference moment looks the same in our `snapshot` as in rrweb's own Replayer.

For each picture of tests/data/visual (rrweb's Replayer, see its README), the same moment is
rendered with `snapshot` and compared as the README says: both scaled to 320 × 200, a pixel
differs when a channel differs by more than 40, a moment looks the same under 2 %. When one does
not, our picture, the reference and a diff picture are written under the artifacts directory
(`$REPLAY_VIEWER_ARTIFACTS/visual-failures`, else `out/visual-failures` in the project) and the
failure names it. Moments that cannot match are listed in EXPECTED_DIFFERENCES with the measured
share and the reason (README, Fidelity): for those the test expects that difference.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.conftest import ROOT
from tests.visual.references import Moment, moments, our_picture
from viewer.render.picture_compare import SAME_BELOW, diff_picture, differing_share

#: (entry, moment index) -> (measured share of differing pixels, why it cannot look the same).
#: The measured share must stay within EXPECTED_MARGIN of what was measured.
EXPECTED_DIFFERENCES: dict[tuple[str, int], tuple[float, str]] = {}
EXPECTED_MARGIN = 0.01

def artifacts_dir() -> Path:
    base = os.environ.get("REPLAY_VIEWER_ARTIFACTS")
    return (Path(base) if base else ROOT / "out") / "visual-failures"


def keep_failure(moment: Moment, ours: QImage, reference: QImage) -> Path:
    """Write our picture, the reference and the diff picture; return their folder."""
    folder = artifacts_dir() / moment.name
    folder.mkdir(parents=True, exist_ok=True)
    stem = str(moment.index)
    ours.save(str(folder / f"{stem}-ours.png"))
    reference.save(str(folder / f"{stem}-reference.png"))
    diff_picture(ours, reference).save(str(folder / f"{stem}-diff.png"))
    return folder


@pytest.mark.parametrize("moment", [pytest.param(m, id=m.id) for m in moments()])
def test_moment_looks_like_rrweb(qtbot: object, moment: Moment) -> None:
    reference = QImage(str(moment.picture))
    assert not reference.isNull(), f"cannot read {moment.picture}"
    ours = our_picture(moment)
    assert (ours.width(), ours.height()) == (reference.width(), reference.height())
    share = differing_share(ours, reference)
    expected = EXPECTED_DIFFERENCES.get((moment.name, moment.index))
    if expected is None and share < SAME_BELOW:
        return
    if expected is not None and abs(share - expected[0]) <= EXPECTED_MARGIN:
        return
    folder = keep_failure(moment, ours, reference)
    what = (f"expected {expected[0]:.2%} ({expected[1]})" if expected is not None
            else f"looks the same under {SAME_BELOW:.0%}")
    pytest.fail(f"{moment.id} at {moment.t}: {share:.2%} of pixels differ, {what}; "
                f"pictures in {folder}")
